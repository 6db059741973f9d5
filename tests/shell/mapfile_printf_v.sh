# mapfile/readarray, printf -v and seq -w as bash 5.2 and coreutils 9.1 run them (diffed with scripts/bash_diff.sh).
printf 'a\nb\n\nc' > mf.txt
mapfile -t arr < mf.txt; echo ${#arr[@]}; declare -p arr
mapfile arr2 < mf.txt; declare -p arr2
readarray -t -n 2 arr3 < mf.txt; declare -p arr3
readarray -t -s 1 arr4 < mf.txt; declare -p arr4
mapfile < mf.txt; declare -p MAPFILE
mapfile -t -d , csv <<< 'x,y,z'; declare -p csv
mapfile -x a; echo rc=$?
mapfile -t 1a < mf.txt; echo rc=$?
mapfile -n x a < mf.txt; echo rc=$?
mapfile -t pods <<< $'web-0\nweb-1'; for p in "${pods[@]}"; do echo "pod $p"; done
printf -v out '%03d' 7; echo $out
printf -v 'a b' x; echo rc=$?
printf -v; echo rc=$?
printf -v v2 '%s-' a b; echo "$v2"
seq -w 1 10 | head -2; seq -w 8 2 12; seq -w -1 1; seq -s, 1 3
type mapfile readarray
