# history: a command typed over several lines is one entry, joined as bash 5.2's cmdhist joins it (; after a
# command, a space after do/then/{/|/&&, a here-document's lines kept with their newlines, a backslash-newline
# removed); the listing is what bash prints for the same typed lines (checked under script).
for i in 1 2; do
echo $i
done
if true
then
  echo a
fi
cat <<EOF
x
EOF
while read l; do
cat <<E
$l
E
done <<< "in"
echo a \
b
f() {
echo x
}
case x in
x) echo y;;
esac
history
