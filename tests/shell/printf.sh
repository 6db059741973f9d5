# bash's printf with C's conversions (widths, precision, flags, %d %x %o %f %e %g %c %s %b), its number parsing
# and errors, and the format reused for the remaining arguments; compared with bash 5.2 on Debian.
printf '%-20s %5s\n' NAME READY web-0 1/1 web-1 0/1
printf '%d\n' 42 0x1f 010 "'A" -7
printf '%d\n' abc; echo rc=$?
printf '%d\n' 3.5; echo rc=$?
printf '%.2f %e %g\n' 3.14159 12345.678 0.00001
printf '%05.1f|%+d|% d\n' 3.14159 5 5
printf '%s-%s\n' a b c
printf 'no newline'
echo
printf '%b\n' 'tab:\there'
printf 'x\ty\101\x41\n'
printf '%5.3d|%-5x|%#o\n' 7 255 8
printf '%s\n'
printf '%%\n'
printf '%c%c\n' hello world
