//! `values.schema.json`: the JSON Schema subset charts use, checked the way Helm 4 checks it (through
//! santhosh-tekuri/jsonschema v6: `validator.go` for the keyword order and where checking stops,
//! `kind/kind.go` and `output.go` for the messages), and Helm's `ValidateAgainstSchema` for the chart tree.
//!
//! Go walks the instance's maps in random order, so the order of sibling errors differs from run to run
//! in Helm; here properties are visited in name order. Supported: type, const, enum, $ref (local JSON
//! pointers), properties, patternProperties, additionalProperties, required, min/maxProperties,
//! dependencies, dependentRequired, propertyNames, items/additionalItems (draft ≤ 7) and prefixItems/items
//! (2020-12), contains/minContains/maxContains, min/maxItems, uniqueItems, min/maxLength, pattern,
//! minimum/maximum, exclusiveMinimum/Maximum, multipleOf, not, allOf, anyOf, oneOf, if/then/else.
//! Not checked: `format`, unevaluatedProperties/Items, $dynamicRef, remote $refs, the schema itself
//! against its metaschema.

use serde_json::{Map, Value as Json};

const ROOT_URL: &str = "file:///values.schema.json";

struct VErr {
    loc: Vec<String>,
    msg: String,
    causes: Vec<VErr>,
    is_ref: bool,
    /// Several errors of one schema (`kind.Group`), unwrapped by a reference or at the top.
    is_group: bool,
}

fn group(loc: &[String], causes: Vec<VErr>, msg: &str) -> VErr {
    VErr { loc: loc.to_vec(), msg: msg.into(), causes, is_ref: false, is_group: false }
}

struct Ctx<'a> {
    root: &'a Json,
    draft: u32,
    depth: usize,
    /// Schemas checked so far: `anyOf` of self-references would take exponential time, and a browser tab
    /// must not hang (Go reports such cycles; here a bound stops them).
    steps: u64,
}

/// `quote` of the validator (kind/kind.go): Go's %q in single quotes. Its `\"` to `"` runs over the whole
/// quoted text, so a trailing backslash (`\\` then the closing quote) loses its escape: `a\` shows as 'a\'.
fn quote(s: &str) -> String {
    let q = super::render::go_quote(s).replace("\\\"", "\"").replace('\'', "\\'");
    format!("'{}'", &q[1..q.len() - 1])
}

fn json_ptr(tokens: &[String]) -> String {
    tokens.iter().map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1"))).collect()
}

/// golang.org/x/text's `%d`: thousands grouped.
fn grouped(digits: &str) -> String {
    let (sign, d) = digits.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", digits));
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

fn loc_int(n: usize) -> String {
    grouped(&n.to_string())
}

/// golang.org/x/text's `%v` of a float64: Go's shortest form, grouped, with `×10ⁿⁿ` for an exponent.
fn loc_float(f: f64) -> String {
    let s = crate::yaml::format_g(f);
    match s.split_once('e') {
        Some((mant, exp)) => {
            let sup = |c: char| match c {
                '-' => '⁻',
                '0' => '⁰',
                '1' => '¹',
                '2' => '²',
                '3' => '³',
                '4' => '⁴',
                '5' => '⁵',
                '6' => '⁶',
                '7' => '⁷',
                '8' => '⁸',
                _ => '⁹',
            };
            let exp: String = exp.trim_start_matches('+').chars().map(sup).collect();
            format!("{mant}×10{exp}")
        }
        None => match s.split_once('.') {
            Some((int, frac)) => format!("{}.{frac}", grouped(int)),
            None => grouped(&s),
        },
    }
}

/// `display`: a primitive as the validator names it in enum/const messages.
fn display(v: &Json) -> String {
    match v {
        Json::String(s) => quote(s),
        Json::Null => "<nil>".into(),
        Json::Array(_) | Json::Object(_) => "value".into(),
        Json::Number(n) => n.to_string(),
        Json::Bool(b) => b.to_string(),
    }
}

fn type_of(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn num(v: &Json) -> Option<f64> {
    v.as_f64()
}

fn is_integer(v: &Json) -> bool {
    num(v).is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// A decimal as (integer mantissa, power of ten), from Go's shortest text, for exact `multipleOf`.
fn decimal(f: f64) -> Option<(i128, i32)> {
    let s = crate::yaml::format_g(f);
    let (mant, exp) = match s.split_once('e') {
        Some((m, e)) => (m.to_string(), e.parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((&mant, ""));
    let digits: i128 = format!("{int}{frac}").parse().ok()?;
    Some((digits, exp - frac.len() as i32))
}

fn is_multiple(v: f64, m: f64) -> bool {
    let (Some((a, ea)), Some((b, eb))) = (decimal(v), decimal(m)) else {
        return (v / m).fract() == 0.0;
    };
    if b == 0 {
        return false;
    }
    let e = ea.min(eb);
    let scale = |x: i128, ex: i32| -> Option<i128> { x.checked_mul(10i128.checked_pow((ex - e) as u32)?) };
    match (scale(a, ea), scale(b, eb)) {
        (Some(x), Some(y)) => x % y == 0,
        _ => (v / m).fract() == 0.0,
    }
}

fn equals(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equals(p, q)),
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equals(v, w)))
        }
        _ => a == b,
    }
}

/// A local `$ref` (`#`, `#/definitions/x`, `#/$defs/x`).
fn resolve<'a>(root: &'a Json, r: &str) -> Result<&'a Json, String> {
    let not_found = || format!("json-pointer in \"{ROOT_URL}{r}\" not found");
    let Some(ptr) = r.strip_prefix('#') else {
        return Err(format!("unsupported $ref {r:?}: only references inside values.schema.json are read"));
    };
    let mut cur = root;
    for tok in ptr.split('/').skip(1) {
        let tok = tok.replace("~1", "/").replace("~0", "~");
        cur = match cur {
            Json::Object(o) => o.get(&tok).ok_or_else(not_found)?,
            Json::Array(a) => tok.parse::<usize>().ok().and_then(|i| a.get(i)).ok_or_else(not_found)?,
            _ => return Err(not_found()),
        };
    }
    Ok(cur)
}

fn usize_kw(s: &Map<String, Json>, k: &str) -> Option<usize> {
    s.get(k).and_then(|v| v.as_f64()).filter(|f| *f >= 0.0).map(|f| f as usize)
}

impl Ctx<'_> {
    fn err(&self, loc: &[String], msg: String) -> VErr {
        VErr { loc: loc.to_vec(), msg, causes: vec![], is_ref: false, is_group: false }
    }

    /// `validator.validate`: one schema against one value; several errors come back as a group.
    fn validate(&mut self, sch: &Json, v: &Json, loc: &mut Vec<String>) -> Result<(), VErr> {
        let s = match sch {
            Json::Bool(true) => return Ok(()),
            Json::Bool(false) => return Err(self.err(loc, "false schema".into())),
            Json::Object(s) => s,
            _ => return Ok(()),
        };
        self.steps += 1;
        if self.depth > 200 || self.steps > 300_000 {
            return Err(self.err(loc, "schema too deep or too costly to check (a $ref cycle?)".into()));
        }
        self.depth += 1;
        let r = self.validate_obj(s, v, loc);
        self.depth -= 1;
        r
    }

    fn validate_obj(&mut self, s: &Map<String, Json>, v: &Json, loc: &mut Vec<String>) -> Result<(), VErr> {
        // Before 2019-09 a `$ref` hides its siblings, `format` included (objcompiler.go compileDraft4).
        if self.draft < 2019 && s.len() > 1 {
            if let Some(r @ Json::String(_)) = s.get("$ref") {
                let only: Map<String, Json> = [("$ref".to_string(), r.clone())].into_iter().collect();
                return self.validate_obj(&only, v, loc);
            }
        }
        // type --
        let types: Vec<&str> = match s.get("type") {
            Some(Json::String(t)) => vec![t.as_str()],
            Some(Json::Array(a)) => a.iter().filter_map(|t| t.as_str()).collect(),
            _ => vec![],
        };
        if !types.is_empty() {
            let t = type_of(v);
            let matched = types.contains(&t) || (types.contains(&"integer") && t == "number" && is_integer(v));
            if !matched {
                let order = ["null", "boolean", "number", "integer", "string", "array", "object"];
                let want: Vec<&str> = order.iter().copied().filter(|o| types.contains(o)).collect();
                return Err(self.err(loc, format!("got {t}, want {}", want.join(" or "))));
            }
        }
        // const --
        if let Some(c) = s.get("const") {
            if !equals(v, c) {
                let msg = match c {
                    Json::Array(_) | Json::Object(_) => "const failed".to_string(),
                    c => format!("value must be {}", display(c)),
                };
                return Err(self.err(loc, msg));
            }
        }
        // enum --
        if let Some(Json::Array(items)) = s.get("enum") {
            if !items.iter().any(|i| equals(v, i)) {
                let msg = if items.iter().any(|i| i.is_array() || i.is_object()) {
                    "enum failed".to_string()
                } else if items.len() == 1 {
                    format!("value must be {}", display(&items[0]))
                } else {
                    format!("value must be one of {}", items.iter().map(display).collect::<Vec<_>>().join(", "))
                };
                return Err(self.err(loc, msg));
            }
        }
        // format -- (asserted by v6 only for drafts before 2019-09: objcompiler.go `assertFormat`; Helm does not
        // call `AssertFormat`, and the 2019-09/2020-12 metaschemas do not require a format-assertion vocabulary)
        if self.draft < 2019 {
            if let (Some(Json::String(f)), Json::String(st)) = (s.get("format"), v) {
                if let Some(e) = super::schema_format::check(f, st) {
                    return Err(self.err(loc, format!("{} is not valid {f}: {e}", quote(st))));
                }
            }
        }
        let mut errors = Vec::new();
        // $ref --
        if let Some(Json::String(r)) = s.get("$ref") {
            let target = resolve(self.root, r).map_err(|m| self.err(loc, m))?;
            let res = self.validate(target, v, loc);
            if let Err(e) = res {
                let causes = if e.is_group { e.causes } else { vec![e] };
                let ref_err =
                    VErr { loc: loc.clone(), msg: "validation failed".into(), causes, is_ref: true, is_group: false };
                if self.draft < 2019 {
                    return Err(ref_err);
                }
                errors.push(ref_err);
            } else if self.draft < 2019 {
                return Ok(());
            }
        }
        match v {
            Json::Object(o) => self.object(s, o, loc, &mut errors),
            Json::Array(a) => self.array(s, a, loc, &mut errors),
            Json::String(st) => self.string(s, st, loc, &mut errors),
            Json::Number(_) => self.number(s, v, loc, &mut errors),
            _ => {}
        }
        self.conditionals(s, v, loc, &mut errors);
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.pop().expect("one")),
            _ => Err(VErr {
                loc: loc.clone(),
                msg: "validation failed".into(),
                causes: errors,
                is_ref: false,
                is_group: true,
            }),
        }
    }

    fn sub(&mut self, sch: &Json, v: &Json, loc: &mut Vec<String>, tok: &str) -> Result<(), VErr> {
        loc.push(tok.to_string());
        let r = self.validate(sch, v, loc);
        loc.pop();
        r
    }

    fn object(&mut self, s: &Map<String, Json>, o: &Map<String, Json>, loc: &mut Vec<String>, errors: &mut Vec<VErr>) {
        if let Some(min) = usize_kw(s, "minProperties") {
            if o.len() < min {
                errors.push(self.err(loc, format!("minProperties: got {}, want {}", loc_int(o.len()), loc_int(min))));
            }
        }
        if let Some(max) = usize_kw(s, "maxProperties") {
            if o.len() > max {
                errors.push(self.err(loc, format!("maxProperties: got {}, want {}", loc_int(o.len()), loc_int(max))));
            }
        }
        let missing = |req: &Json| -> Vec<String> {
            req.as_array()
                .map(|r| {
                    r.iter().filter_map(|x| x.as_str()).filter(|k| !o.contains_key(*k)).map(String::from).collect()
                })
                .unwrap_or_default()
        };
        let quoted = |m: &[String]| m.iter().map(|k| quote(k)).collect::<Vec<_>>().join(", ");
        if let Some(req) = s.get("required") {
            let m = missing(req);
            if m.len() == 1 {
                errors.push(self.err(loc, format!("missing property {}", quote(&m[0]))));
            } else if !m.is_empty() {
                errors.push(self.err(loc, format!("missing properties {}", quoted(&m))));
            }
        }
        if self.draft < 2019 {
            if let Some(Json::Object(deps)) = s.get("dependencies") {
                let mut names: Vec<&String> = deps.keys().filter(|k| o.contains_key(*k)).collect();
                crate::sort::sort(&mut names);
                for p in names {
                    match &deps[p] {
                        req @ Json::Array(_) => {
                            let m = missing(req);
                            if !m.is_empty() {
                                let msg = format!("properties {} required, if {} exists", quoted(&m), quote(p));
                                errors.push(self.err(loc, msg));
                            }
                        }
                        sch => {
                            if let Err(e) = self.validate(sch, &Json::Object(o.clone()), loc) {
                                errors.push(e);
                            }
                        }
                    }
                }
            }
        }
        let props = s.get("properties").and_then(|p| p.as_object());
        let patterns: Vec<(regex_lite::Regex, &Json)> = s
            .get("patternProperties")
            .and_then(|p| p.as_object())
            .map(|p| p.iter().filter_map(|(re, sch)| Some((regex_lite::Regex::new(re).ok()?, sch))).collect())
            .unwrap_or_default();
        let additional = s.get("additionalProperties");
        let mut names: Vec<&String> = o.keys().collect();
        crate::sort::sort(&mut names);
        let mut extra = Vec::new();
        for name in names {
            let pv = &o[name];
            let mut evaluated = false;
            if let Some(sch) = props.and_then(|p| p.get(name)) {
                evaluated = true;
                if let Err(e) = self.sub(sch, pv, loc, name) {
                    errors.push(e);
                }
            }
            for (re, sch) in &patterns {
                if re.is_match(name) {
                    evaluated = true;
                    if let Err(e) = self.sub(sch, pv, loc, name) {
                        errors.push(e);
                    }
                }
            }
            if !evaluated {
                match additional {
                    Some(Json::Bool(false)) => extra.push(name.clone()),
                    Some(sch @ Json::Object(_)) => {
                        if let Err(e) = self.sub(sch, pv, loc, name) {
                            errors.push(e);
                        }
                    }
                    _ => {}
                }
            }
        }
        if !extra.is_empty() {
            errors.push(self.err(loc, format!("additional properties {} not allowed", quoted(&extra))));
        }
        if self.draft == 4 {
            return;
        }
        if let Some(pn) = s.get("propertyNames") {
            let mut names: Vec<&String> = o.keys().collect();
            crate::sort::sort(&mut names);
            for name in names {
                let mut inner = loc.clone();
                if let Err(e) = self.validate(pn, &Json::String(name.clone()), &mut inner) {
                    let causes = if e.is_group { e.causes } else { vec![e] };
                    errors.push(group(loc, causes, &format!("invalid propertyName {}", quote(name))));
                }
            }
        }
        if self.draft >= 2019 {
            if let Some(Json::Object(deps)) = s.get("dependentRequired") {
                let mut names: Vec<&String> = deps.keys().filter(|k| o.contains_key(*k)).collect();
                crate::sort::sort(&mut names);
                for p in names {
                    let m = missing(&deps[p]);
                    if !m.is_empty() {
                        errors
                            .push(self.err(loc, format!("properties {} required, if {} exists", quoted(&m), quote(p))));
                    }
                }
            }
        }
    }

    fn array(&mut self, s: &Map<String, Json>, a: &[Json], loc: &mut Vec<String>, errors: &mut Vec<VErr>) {
        if let Some(min) = usize_kw(s, "minItems") {
            if a.len() < min {
                errors.push(self.err(loc, format!("minItems: got {}, want {}", loc_int(a.len()), loc_int(min))));
            }
        }
        if let Some(max) = usize_kw(s, "maxItems") {
            if a.len() > max {
                errors.push(self.err(loc, format!("maxItems: got {}, want {}", loc_int(a.len()), loc_int(max))));
            }
        }
        if s.get("uniqueItems") == Some(&Json::Bool(true)) && a.len() > 1 {
            'dup: for i in 1..a.len() {
                for j in 0..i {
                    if equals(&a[i], &a[j]) {
                        errors.push(self.err(loc, format!("items at {} and {} are equal", loc_int(j), loc_int(i))));
                        break 'dup;
                    }
                }
            }
        }
        if self.draft < 2020 {
            let mut evaluated = 0;
            match s.get("items") {
                Some(Json::Array(tuple)) => {
                    evaluated = tuple.len().min(a.len());
                    for (i, item) in a[..evaluated].iter().enumerate() {
                        if let Err(e) = self.sub(&tuple[i], item, loc, &i.to_string()) {
                            errors.push(e);
                        }
                    }
                }
                Some(sch) => {
                    for (i, item) in a.iter().enumerate() {
                        if let Err(e) = self.sub(sch, item, loc, &i.to_string()) {
                            errors.push(e);
                        }
                    }
                    evaluated = a.len();
                }
                None => {}
            }
            match s.get("additionalItems") {
                Some(Json::Bool(false)) if evaluated != a.len() => errors.push(
                    self.err(loc, format!("last {} additionalItem(s) not allowed", loc_int(a.len() - evaluated))),
                ),
                Some(sch @ Json::Object(_)) => {
                    for (i, item) in a.iter().enumerate().skip(evaluated) {
                        if let Err(e) = self.sub(sch, item, loc, &i.to_string()) {
                            errors.push(e);
                        }
                    }
                }
                _ => {}
            }
        } else {
            let prefix = s.get("prefixItems").and_then(|p| p.as_array()).map(Vec::as_slice).unwrap_or(&[]);
            let evaluated = prefix.len().min(a.len());
            for (i, item) in a[..evaluated].iter().enumerate() {
                if let Err(e) = self.sub(&prefix[i], item, loc, &i.to_string()) {
                    errors.push(e);
                }
            }
            if let Some(sch) = s.get("items") {
                for (i, item) in a.iter().enumerate().skip(evaluated) {
                    if let Err(e) = self.sub(sch, item, loc, &i.to_string()) {
                        errors.push(e);
                    }
                }
            }
        }
        if let Some(contains) = s.get("contains") {
            let mut errs = Vec::new();
            let mut matched = Vec::new();
            for (i, item) in a.iter().enumerate() {
                match self.sub(contains, item, loc, &i.to_string()) {
                    Err(e) => errs.push(e),
                    Ok(()) => matched.push(i),
                }
            }
            let at = |m: &[usize]| m.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" ");
            if let Some(min) = usize_kw(s, "minContains").filter(|_| self.draft >= 2019) {
                if matched.len() < min {
                    let msg = if matched.is_empty() {
                        format!("min {} items required to match contains schema, but none matched", loc_int(min))
                    } else {
                        format!(
                            "min {} items required to match contains schema, but matched {} items at {}",
                            loc_int(min),
                            loc_int(matched.len()),
                            at(&matched)
                        )
                    };
                    errors.push(group(loc, errs, &msg));
                }
            } else if matched.is_empty() {
                errors.push(group(loc, errs, "no items match contains schema"));
            }
            if let Some(max) = usize_kw(s, "maxContains").filter(|_| self.draft >= 2019) {
                if matched.len() > max {
                    let msg = format!(
                        "max {} items required to match contains schema, but matched {} items at {}",
                        loc_int(max),
                        loc_int(matched.len()),
                        at(&matched)
                    );
                    errors.push(self.err(loc, msg));
                }
            }
        }
    }

    fn string(&mut self, s: &Map<String, Json>, st: &str, loc: &[String], errors: &mut Vec<VErr>) {
        let len = st.chars().count();
        if let Some(min) = usize_kw(s, "minLength") {
            if len < min {
                errors.push(self.err(loc, format!("minLength: got {}, want {}", loc_int(len), loc_int(min))));
            }
        }
        if let Some(max) = usize_kw(s, "maxLength") {
            if len > max {
                errors.push(self.err(loc, format!("maxLength: got {}, want {}", loc_int(len), loc_int(max))));
            }
        }
        if let Some(Json::String(p)) = s.get("pattern") {
            if let Ok(re) = regex_lite::Regex::new(p) {
                if !re.is_match(st) {
                    errors.push(self.err(loc, format!("{} does not match pattern {}", quote(st), quote(p))));
                }
            }
        }
    }

    fn number(&mut self, s: &Map<String, Json>, v: &Json, loc: &[String], errors: &mut Vec<VErr>) {
        let Some(n) = num(v) else { return };
        let kw = |k: &str| s.get(k).and_then(num);
        let mut check = |name: &str, bad: bool, want: f64| {
            if bad {
                errors.push(self.err(loc, format!("{name}: got {}, want {}", loc_float(n), loc_float(want))));
            }
        };
        if let Some(w) = kw("minimum") {
            check("minimum", n < w, w);
        }
        if let Some(w) = kw("maximum") {
            check("maximum", n > w, w);
        }
        if let Some(w) = kw("exclusiveMinimum") {
            check("exclusiveMinimum", n <= w, w);
        }
        if let Some(w) = kw("exclusiveMaximum") {
            check("exclusiveMaximum", n >= w, w);
        }
        if let Some(w) = kw("multipleOf") {
            check("multipleOf", !is_multiple(n, w), w);
        }
    }

    fn conditionals(&mut self, s: &Map<String, Json>, v: &Json, loc: &mut Vec<String>, errors: &mut Vec<VErr>) {
        if let Some(not) = s.get("not") {
            if self.validate(not, v, loc).is_ok() {
                errors.push(self.err(loc, "'not' failed".into()));
            }
        }
        if let Some(Json::Array(all)) = s.get("allOf") {
            let errs: Vec<VErr> = all.iter().filter_map(|sch| self.validate(sch, v, loc).err()).collect();
            if !errs.is_empty() {
                errors.push(group(loc, errs, "'allOf' failed"));
            }
        }
        if let Some(Json::Array(any)) = s.get("anyOf") {
            let mut errs = Vec::new();
            let mut matched = false;
            for sch in any {
                match self.validate(sch, v, loc) {
                    Ok(()) => {
                        matched = true;
                        break;
                    }
                    Err(e) => errs.push(e),
                }
            }
            if !matched {
                errors.push(group(loc, errs, "'anyOf' failed"));
            }
        }
        if let Some(Json::Array(one)) = s.get("oneOf") {
            let mut errs = Vec::new();
            let mut matched: Option<usize> = None;
            for (i, sch) in one.iter().enumerate() {
                match self.validate(sch, v, loc) {
                    Ok(()) => match matched {
                        None => matched = Some(i),
                        Some(first) => {
                            errors.push(self.err(loc, format!("'oneOf' failed, subschemas {first}, {i} matched")));
                            break;
                        }
                    },
                    Err(e) => {
                        if matched.is_none() {
                            errs.push(e)
                        }
                    }
                }
            }
            if matched.is_none() {
                errors.push(group(loc, errs, "'oneOf' failed, none matched"));
            }
        }
        if let Some(cond) = s.get("if") {
            let branch = if self.validate(cond, v, loc).is_ok() { s.get("then") } else { s.get("else") };
            if let Some(b) = branch {
                if let Err(e) = self.validate(b, v, loc) {
                    errors.push(e);
                }
            }
        }
    }
}

impl VErr {
    /// `ValidationError.display`: a reference with one cause is not shown itself.
    fn display(&self, out: &mut String, mut indent: usize) {
        if !(self.is_ref && self.causes.len() == 1) {
            if indent > 0 {
                out.push('\n');
                out.push_str(&"  ".repeat(indent - 1));
                out.push_str("- ");
            }
            indent += 1;
            out.push_str(&format!("at {}: {}", quote(&json_ptr(&self.loc)), self.msg));
        }
        for c in &self.causes {
            c.display(out, indent);
        }
    }
}

/// `jsonschema.UnmarshalJSON`'s errors in Go's `encoding/json` words.
fn parse_error(text: &str, e: &serde_json::Error) -> String {
    if e.classify() == serde_json::error::Category::Eof {
        return "unexpected EOF".into();
    }
    let msg = e.to_string();
    let at = text.lines().nth(e.line().saturating_sub(1)).and_then(|l| l.chars().nth(e.column().saturating_sub(1)));
    let c = at.map(|c| {
        let q = super::render::go_quote(&c.to_string());
        format!("'{}'", &q[1..q.len() - 1])
    });
    let c = c.unwrap_or_default();
    if msg.starts_with("trailing characters") {
        "invalid character after top-level value".into()
    } else if msg.starts_with("expected value") {
        format!("invalid character {c} looking for beginning of value")
    } else if msg.starts_with("expected `,` or `}`") {
        format!("invalid character {c} after object key:value pair")
    } else if msg.starts_with("expected `:`") {
        format!("invalid character {c} after object key")
    } else if msg.starts_with("expected `,` or `]`") {
        format!("invalid character {c} after array element")
    } else if msg.starts_with("trailing comma") && c == "'}'" {
        "invalid character '}' looking for beginning of object key string".into()
    } else if msg.starts_with("trailing comma") {
        format!("invalid character {c} looking for beginning of value")
    } else if msg.starts_with("key must be a string") {
        format!("invalid character {c} looking for beginning of object key string")
    } else {
        msg.split(" at line ").next().unwrap_or(&msg).to_string()
    }
}

/// `ValidateAgainstSingleSchema`: the error text Helm prints under the chart's name, or None if valid.
pub fn validate_single(values: &Map<String, Json>, schema: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(schema);
    let root: Json = match serde_json::from_str(&text) {
        Ok(r) => r,
        Err(e) => return Some(parse_error(&text, &e)),
    };
    let draft = match root.get("$schema").and_then(|s| s.as_str()) {
        Some(s) if s.contains("draft-04") => 4,
        Some(s) if s.contains("draft-06") => 6,
        Some(s) if s.contains("draft-07") => 7,
        Some(s) if s.contains("2019-09") => 2019,
        _ => 2020,
    };
    // The compiler resolves every reference before anything is validated.
    fn refs<'a>(v: &'a Json, out: &mut Vec<&'a str>) {
        match v {
            Json::Object(o) => {
                if let Some(Json::String(r)) = o.get("$ref") {
                    out.push(r);
                }
                o.values().for_each(|x| refs(x, out));
            }
            Json::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&root, &mut all);
    for r in all {
        if let Err(m) = resolve(&root, r) {
            return Some(m);
        }
    }
    let mut ctx = Ctx { root: &root, draft, depth: 0, steps: 0 };
    let v = Json::Object(values.clone());
    let e = ctx.validate(&root, &v, &mut Vec::new()).err()?;
    let causes = if e.is_group { e.causes } else { vec![e] };
    let mut out = String::new();
    for c in &causes {
        c.display(&mut out, 1);
    }
    Some(format!("{}\n", out.trim_start_matches('\n')))
}

/// `ValidateAgainstSchema`: the chart's schema, then each subchart's against its values, as Helm lists them.
pub fn validate_chart(c: &super::chart::Chart, values: &Map<String, Json>) -> String {
    let mut sb = String::new();
    if let Some(schema) = &c.schema {
        if let Some(e) = validate_single(values, schema) {
            sb.push_str(&format!("{}:\n{e}", c.name));
        }
    }
    for sub in &c.dependencies {
        match values.get(&sub.name) {
            None | Some(Json::Null) => {}
            Some(Json::Object(m)) => sb.push_str(&validate_chart(sub, m)),
            Some(other) => sb.push_str(&format!(
                "{}:\ninvalid type for values: expected object (map), got {}\n",
                sub.name,
                super::values::to_value(other).type_name()
            )),
        }
    }
    sb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_x_text_prints_them() {
        assert_eq!(loc_float(70000.0), "70,000");
        assert_eq!(loc_float(99999999.0), "9.9999999×10⁰⁷");
        assert_eq!(loc_float(-0.001), "-0.001");
        assert_eq!(loc_float(1e22), "1×10²²");
        assert_eq!(loc_int(1234), "1,234");
        assert!(is_multiple(1.5, 0.5));
        assert!(!is_multiple(0.3, 0.5));
        assert!(is_multiple(0.3, 0.1));
    }

    #[test]
    fn self_references_end() {
        let schema = br##"{"anyOf": [{"$ref": "#"}, {"$ref": "#"}]}"##;
        let e = validate_single(&Map::new(), schema).unwrap();
        assert!(e.contains("too deep or too costly"), "{e}");
    }
}
