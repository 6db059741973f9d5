# bash FILE, sh -c, ./FILE after chmod +x, as bash 5.2 runs them (compared with real bash; sh is bash here, not dash)
printf '#!/bin/bash\necho "hi from $0 with $# args: $*"\nx=inner\nexit 3\n' > s.sh
bash s.sh a b
echo $? ${x:-unset}
./s.sh
chmod +x s.sh
ls -l s.sh
./s.sh one
echo $?
sh -c 'echo in sh -c $0 $1' name arg1
bash -c 'exit 7'; echo $?
bash nope.sh
bash
/usr/bin/wc -l s.sh
./nope.sh
chmod 644 s.sh
./s.sh
chmod
chmod +x
chmod zz s.sh
printf 'echo )\n' > bad.sh
bash bad.sh
