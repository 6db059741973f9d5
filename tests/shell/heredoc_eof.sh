# A heredoc the end of input closes: bash warns, naming the line it started on, and runs the command.
echo before
cat <<EOF
line one
