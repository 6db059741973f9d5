//! The Go parameter types of each function, which `text/template` checks before a call: a constant of the
//! wrong kind is a parse-level error (`expected integer; found "4"`), a field that is missing is
//! `wrong type for value; expected string; got interface {}`. The engine asks [`param_type`] for these checks;
//! the functions themselves check again, so a call is never made with a wrong type.

/// One letter per parameter: `s` string, `i` int, `b` bool, `f` float64, `m` map[string]interface {},
/// `t` time.Time, `a` interface {}; a trailing `*` repeats the last letter (variadic).
fn spec(name: &str) -> Option<&'static str> {
    Some(match name {
        "abbrev" | "trunc" | "repeat" | "indent" | "nindent" | "wrap" => "is",
        "abbrevboth" | "substr" => "iis",
        "wrapWith" => "iss",
        "trim" | "upper" | "lower" | "title" | "untitle" | "nospace" | "initials" | "swapcase" | "snakecase"
        | "camelcase" | "kebabcase" | "shuffle" | "sha1sum" | "sha256sum" | "sha512sum" | "adler32sum" | "atoi"
        | "b64enc" | "b64dec" | "b32enc" | "b32dec" | "fromJson" | "fromJsonArray" | "mustFromJson" | "fromYaml"
        | "fromYamlArray" | "fromToml" | "regexQuoteMeta" | "semver" | "base" | "dir" | "clean" | "ext" | "isAbs"
        | "urlParse" | "osBase" | "osDir" | "osClean" | "osExt" | "osIsAbs" => "s",
        "trimall" | "trimAll" | "trimSuffix" | "trimPrefix" | "contains" | "hasPrefix" | "hasSuffix" | "split"
        | "splitList" | "regexMatch" | "mustRegexMatch" | "regexFind" | "mustRegexFind" | "semverCompare" => "ss",
        "replace"
        | "regexReplaceAll"
        | "mustRegexReplaceAll"
        | "regexReplaceAllLiteral"
        | "mustRegexReplaceAllLiteral" => "sss",
        "regexFindAll" | "mustRegexFindAll" | "regexSplit" | "mustRegexSplit" => "ssi",
        "splitn" => "sis",
        "plural" => "ssi",
        "join" => "sa",
        "randAlphaNum" | "randAlpha" | "randAscii" | "randNumeric" | "randBytes" | "until" => "i",
        "untilStep" => "iii",
        "randInt" => "ii",
        "seq" => "i*",
        "round" => "aif*",
        "ternary" => "aab",
        "typeIs" | "typeIsLike" | "kindIs" => "sa",
        "chunk" | "mustChunk" => "ia",
        "get" | "unset" | "hasKey" => "ms",
        "set" => "msa",
        "pluck" => "sm*",
        "keys" => "m*",
        "values" | "urlJoin" => "m",
        "pick" | "omit" => "ms*",
        "merge" | "mustMerge" | "mergeOverwrite" | "mustMergeOverwrite" => "mm*",
        "date" => "sa",
        "dateInZone" | "date_in_zone" => "sas",
        "htmlDateInZone" => "as",
        "lookup" => "ssss",
        "toDate" | "mustToDate" => "ss",
        "unixEpoch" => "t",
        "dateModify" | "mustDateModify" => "st",
        _ => return None,
    })
}

/// The Go type of parameter `index` of function `name`, when it is not `interface {}`.
pub fn param_type(name: &str, index: usize) -> Option<&'static str> {
    let sp = spec(name)?.as_bytes();
    let letter = if sp.last() == Some(&b'*') {
        let fixed = &sp[..sp.len() - 1];
        *fixed.get(index).unwrap_or(fixed.last()?)
    } else {
        *sp.get(index)?
    };
    match letter {
        b's' => Some("string"),
        b'i' => Some("int"),
        b'b' => Some("bool"),
        b'f' => Some("float64"),
        b'm' => Some("map[string]interface {}"),
        b't' => Some("time.Time"),
        _ => None,
    }
}

/// Go's `wrong number of args` error for a call with `n` arguments (`written` of them in the call, the rest
/// piped), when the signature is known and does not fit (text/template checks it before evaluating any).
pub fn arity_error(name: &str, n: usize, written: usize) -> Option<String> {
    let sp = spec(name)?;
    match sp.strip_suffix('*') {
        Some(v) if n + 1 < v.len() => {
            Some(format!("wrong number of args for {name}: want at least {} got {written}", v.len() - 1))
        }
        None if n != sp.len() => Some(format!("wrong number of args for {name}: want {} got {n}", sp.len())),
        _ => None,
    }
}
