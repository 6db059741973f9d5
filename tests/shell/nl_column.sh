# nl (GNU coreutils 9.1) and column -t (util-linux 2.38) as they print (diffed with scripts/bash_diff.sh).
printf 'a\n\nb\n  \nc' > f.txt
nl f.txt
nl -ba f.txt
nl -w2 -s': ' f.txt
nl -ba -w 3 -s ' ' -n ln f.txt
nl -n rz -v 5 -i 2 f.txt
nl -b n f.txt
nl -bp'^[ab]' f.txt
printf 'x\ny\n' | nl -v -3 -w2
printf 'x\ny\n' | nl -n rz -v -3 -w4
nl -w 3 f.txt f.txt
printf 'x\n' | nl -s ''
printf '' | nl
nl -bx f.txt; echo $?
nl -n xx f.txt; echo $?
nl -v x f.txt; echo $?
nl -w0 f.txt; echo $?
nl nosuch; echo $?
nl -z; echo $?
printf 'NAME READY STATUS\nweb-0 1/1 Running\nweb-10   0/1  Pending\n\nx\n' > c.txt
column -t c.txt
column -t -s: <<< $'a:b:c\nlonger::x\n:y'
printf '  a b\n\tc  d e\n' | column -t
column -t -s ', ' <<< $'a, b,c\nxx,,y'
column -t -o ' | ' c.txt
printf 'a  b\n' | column -t -s ' '
printf 'é x\nab y\n' | column -t
column -t c.txt f.txt
column -ts, <<< 'k,v'
printf 'a b\n' | column -t -s; echo $?
column -t -x c.txt; echo $?
column -t nosuch; echo $?
printf 'pod/web-0 Running 10.0.0.1\npod/web-1 Pending <none>\n' | column -t
