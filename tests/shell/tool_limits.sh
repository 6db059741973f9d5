# The page's bounds on awk and sed programs: nesting (the parsers and evaluators recurse), steps, field count.
# Where GNU/mawk would go on, the playground stops with a message that says it is its own limit.
p=$(printf '(%.0s' {1..300}); q=$(printf ')%.0s' {1..300}); echo x | awk "BEGIN{print ${p}1${q}}"
p=$(printf '(%.0s' {1..30}); q=$(printf ')%.0s' {1..30}); echo x | awk "BEGIN{print ${p}1${q}}"
s=$(printf '1+%.0s' {1..500}); echo x | awk "BEGIN{print ${s}1}"
b=$(printf '{%.0s' {1..150}); e=$(printf '}%.0s' {1..150}); echo x | sed -n "${b}p${e}"
b=$(printf '{%.0s' {1..20}); e=$(printf '}%.0s' {1..20}); echo x | sed -n "${b}p${e}"
awk 'BEGIN{while(1){}}'
awk 'BEGIN{$40000="x"}'
