# Bad input gets bash 5.2's syntax errors word for word (checked against interactive bash under `script`);
# the line is dropped and the shell reads on.
fi
then
in
done
esac
if true; then fi
if then
while true; done
for i in 1 2 do echo; done
for i in 1 2; echo; done
for 1x in a; do echo; done
case a b in a) ;; esac
{ }
( )
echo )
echo (
( echo a; ) )
echo a; fi; echo b
if true; then
  echo inside
fi fi
echo "reads on"
while true; do; done
a && && b
| grep x
echo a |; echo b
