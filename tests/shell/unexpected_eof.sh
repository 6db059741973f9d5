# An open command at the end of input: bash's Ctrl-D at the `> ` prompt.
echo before
if true; then
  echo never run
