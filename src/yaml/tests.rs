//! Cases measured with real helm v4.3.1 (values files through `helm template`, `toYaml` output).
use super::*;
use serde_json::json;

fn go_err(text: &str) -> String {
    load(text).unwrap_err().go
}

#[test]
fn errors_in_go_yaml_words_and_lines() {
    // Parser errors are reported one line low, scanner errors on their line; line 0 prints no line.
    assert_eq!(go_err("a: 1\nb:\n  c: 2\n d: 3\n"), "yaml: line 3: did not find expected key");
    assert_eq!(go_err("a: [1, 2\nb: 3\n"), "yaml: line 1: did not find expected ',' or ']'");
    assert_eq!(go_err("a: b: c\n"), "yaml: mapping values are not allowed in this context");
    assert_eq!(go_err("a: 1\n\tb: 2\n"), "yaml: line 2: found a tab character that violates indentation");
    assert_eq!(go_err("a: \"x\n"), "yaml: line 2: found unexpected end of stream");
    assert_eq!(go_err("- a\nb: 1\n"), "yaml: line 1: did not find expected '-' indicator");
    let e = load("a: 1\nb:\n  c: 2\n d: 3\n").unwrap_err();
    assert_eq!((e.line, e.message.as_str()), (4, "did not find expected key"));
    assert_eq!(go_err("a: *x\n"), "yaml: unknown anchor 'x' referenced");
}

#[test]
fn yaml_1_1_values_as_json() {
    let v =
        load("y: 1\nn: off\nbig: 1000000\nf: 1.5e-7\nh: 0x1F\no: 017\nts: 2001-12-14\nq: 'yes'\nz: ~\ne:\n").unwrap();
    assert_eq!(
        v,
        json!({"true": 1, "false": false, "big": 1000000, "f": 1.5e-7, "h": 31, "o": 15, "ts": "2001-12-14",
               "q": "yes", "z": null, "e": null})
    );
    let v = load("base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\nl: [*b]\n").unwrap();
    assert_eq!(v["x"], json!({"a": 1, "b": 3}));
    assert_eq!(v["l"], json!([{"a": 1, "b": 2}]));
    assert_eq!(load("").unwrap(), serde_json::Value::Null);
    assert_eq!(load("# only a comment\n").unwrap(), serde_json::Value::Null);
    assert_eq!(load("1: a\n1.5: b\n").unwrap(), json!({"1": "a", "1.5": "b"}));
    assert!(load("a: &a [*a]\n").is_err());
}

#[test]
fn aliases_cannot_explode() {
    let mut s = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for i in 1..9 {
        s.push_str(&format!(
            "{}: &{} [*{},*{},*{},*{},*{},*{},*{},*{},*{},*{}]\n",
            (b'a' + i) as char,
            (b'a' + i) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char
        ));
    }
    assert!(load(&s).unwrap_err().go.contains("excessive aliasing"));
    let deep = "[".repeat(100_000);
    assert!(load(&deep).is_err());
}

#[test]
fn split_like_yaml_reader() {
    let d = split_documents("a: 1\n---\nb: 2\n--- # c\n---\nc: 3").unwrap();
    assert_eq!(d.len(), 3);
    assert_eq!((d[1].text.as_str(), d[1].first_line), ("b: 2\n", 3));
    assert_eq!(d[2].text, "c: 3\n");
    assert_eq!(split_documents("---x\n").unwrap_err(), "invalid Yaml document separator: x");
    let e = check("a: 1\n---\nb: 2\n c: 3\n").unwrap_err();
    assert_eq!(e.line, 4);
}

#[test]
fn to_yaml_like_helm() {
    let v = load(concat!(
        "long: \"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ",
        "ssss tttt uuuu\"\n",
        "longsq: \"aaaa: bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ",
        "ssss tttt uuuu\"\n",
        "keys: {a10: 1, a2: 2, a_b: 3, ab: 4, A: 5, \"1\": 6, \"10\": 7, \"9\": 8, \"\": 9, \"-x\": 10}\n",
        "y: 1\nn: off\nbig: 1000000\nf: 1.5e-7\nh: 0x1F\no: 017\nu: 1_000\nts: 2001-12-14\n",
        "ml: \"a\\nb\\n\"\nml2: \"a\\nb\"\nml3: \"a \\nb\"\nml4: \"\\ta\\nb\"\nml5: \"a\\n\\n\"\ne: \"\"\ns: \"yes\"\n",
        "el: []\nem: {}\nlist: [1, {a: 1, b: [x]}, [y]]\n"
    ))
    .unwrap();
    let want = r#"big: 1000000
e: ""
el: []
em: {}
f: 1.5e-07
"false": false
h: 31
keys:
  "": 9
  -x: 10
  "1": 6
  "9": 8
  "10": 7
  A: 5
  a_b: 3
  a2: 2
  a10: 1
  ab: 4
list:
- 1
- a: 1
  b:
  - x
- - true
long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp
  qqqq rrrr ssss tttt uuuu
longsq: 'aaaa: bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo
  pppp qqqq rrrr ssss tttt uuuu'
ml: |
  a
  b
ml2: |-
  a
  b
ml3: "a \nb"
ml4: "\ta\nb"
ml5: |+
  a

o: 15
s: "yes"
"true": 1
ts: "2001-12-14"
u: 1000
"#;
    assert_eq!(to_yaml(&v), want);
    assert_eq!(to_yaml(&json!("foo")), "foo\n");
    assert_eq!(to_yaml(&json!(1000000.0)), "1000000\n");
    assert_eq!(to_yaml(&json!(1.1)), "1.1\n");
    assert_eq!(to_yaml(&json!(null)), "null\n");
    assert_eq!(to_yaml(&json!({})), "{}\n");
}

#[test]
fn deep_but_allowed_nesting_round_trips() {
    let depth = 250;
    let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let v = load(&text).unwrap();
    let y = to_yaml(&v);
    assert!(y.starts_with("- - - "), "{}", &y[..20]);
    assert!(load(&format!("{}1{}", "[".repeat(300), "]".repeat(300))).unwrap_err().go.contains("max depth"));
}
