# Associative arrays (declare -A) as bash 5.2 keeps them (diffed with scripts/bash_diff.sh): keys listed in bash's
# hash order, declare -p's quoting of keys, [k]=v and k v pairs, +=, (( )) on elements, -i, readonly, local,
# conversions refused, unset of a key and of the whole.
declare -A m; m[a]=1; m[b]=2; m[c]=3; m[web-0]=x; m[web-1]=y; m[10]=z; m["two words"]=w
echo "${!m[@]}"
declare -p m
declare -A e; declare -p e
declare -A f=([k]=v [x]="a b"); declare -p f
m[0]=zero; echo $m
declare -A m; m[a=b]=1; m['x"y']=2; m['$x']=3; m['*']=4; m[é]=5; m['a b']=6; m['#']=8; m['a;b']=9; m['k']='v"$`\'
declare -p m
unset 'm[a=b]'; echo ${#m[@]}
declare -A n; n=([x]=1 [y]=2); n+=([z]=3); declare -p n
n=(a b); declare -p n
declare -A o=(x 1 y 2); declare -p o
echo ${n[nosuch]-unset}
declare -A p; p[k]=1; p=5; declare -p p
declare -a q; declare -A q; echo rc=$?
r=(1 2); declare -A r; echo rc=$?
declare -A s; s[$((1+1))]=two; i=k; s[$i]=kv; s[i]=literal; declare -p s
echo "${s[@]}" ${#s[@]} ${#s[k]}
for k in "${!s[@]}"; do echo "$k=${s[$k]}"; done
unset s; declare -p s
declare -A t=(); declare -p t
f() { local -A l; l[a]=1; declare -p l; }; f
declare -A u; u[x]=1; (( u[x]++ )); (( u[y] = 5 )); declare -p u
echo ${u[x]:-d} ${u[z]:-d} ${u[x]/1/one}
declare -A v; v[a]=1; v[a]+=2; v+=([a]=3); declare -p v
declare -A st; for p in web-0 web-1 web-2; do st[$p]=Running; done; st[web-1]=Pending
for k in "${!st[@]}"; do echo "$k: ${st[$k]}"; done | sort
echo "${#st[@]} ${!st[*]}" "${st[*]}"
k="a b"; declare -A sp; sp["$k"]=1; sp[$k]=2; declare -p sp; unset 'sp[a b]'; declare -p sp
declare -A cnt; for w in a b a c a b; do (( cnt[$w]++ )); done; for w in a b c; do echo $w ${cnt[$w]}; done
declare -A ap; ap[x]=1; ap[x]+=2; ap+=([y]=3 [x]=9); declare -p ap
declare -A ro=([k]=v); readonly ro; ro[k]=w; echo rc=$?
declare -Ai num; num[a]=1+2; num[a]+=3; declare -p num
declare -A m2; m2[a]=1; declare -a m2; echo rc=$?
typeset -A ty; ty[q]=1; declare -p ty
declare -A cp=([a]=1); ( cp[b]=2; declare -p cp ); declare -p cp
g() { local -A lm=([in]=1); lm[x]=2; declare -p lm; }; g; declare -p lm 2>&1
echo "${st[nosuch]:-default}" "${#st[web-0]}" "${st[web-0]:0:3}"
declare -A e2; echo "[${e2[@]}]" ${#e2[@]}; declare -p e2
unset 'st[web-0]'; echo ${#st[@]}; unset st; echo ${#st[@]}
declare -A h; h=([one]=1 [two]=2 [three]=3 [four]=4 [five]=5 [six]=6 [seven]=7 [eight]=8 [nine]=9 [ten]=10); echo "${!h[@]}"; echo "${h[@]}"
declare -A odd=(a 1 b); declare -p odd
declare -A mixed=([a]=1 b 2); declare -p mixed
echo ${m2[a]} $m2
declare -A q; q[a]=1; echo "$((q[a] + 1))"; x=q; echo "${!x}"
