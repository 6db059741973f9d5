//! Sprig's and Helm's functions that need no template engine: strings, lists, dicts, math, types, encoding,
//! regex, semver, defaults, `toYaml`/`fromYaml`/`toJson`/`fromJson`/`toToml`, `lookup`.
//! The engine-bound ones (`include`, `tpl`, `template`, `required`, `fail`, Go builtins) live in `template`.
//!
//! Each function checks its arguments the way Go's `text/template` checks a call against the Go signature
//! (Masterminds/sprig v3, helm/helm pkg/engine/funcs.go): a `string` parameter given an int fails with
//! `wrong type for value; expected string; got int`, a missing value with `invalid value; expected string`.
//! The engine turns an error into Go's text with [`call_error`].
//!
//! Where Sprig reads the world, the playground is deterministic instead: `now` is the simulated cluster's
//! epoch (2025-03-15T17:03:35Z, in UTC), and `randAlphaNum`/`uuidv4`/... draw from a seeded generator that
//! [`reset_rng`] restarts (the renderer calls it once per render so a re-render prints the same text).

mod args;
mod dicts;
pub(crate) mod encoding;
mod lists;
mod math;
mod misc;
mod regex;
mod sig;
mod strings;
mod time;
mod toml;

pub use args::call_error;
pub use misc::{reset_rng, DEFAULT_SEED};
pub use sig::{arity_error, param_type};

use super::value::Value;

/// A function callable from templates.
pub type Func = fn(&[Value]) -> Result<Value, String>;

/// The function named `name`, if Sprig/Helm define it. A template using any other name fails to parse with
/// `function "name" not defined`, as in Go.
pub fn lookup(name: &str) -> Option<Func> {
    let f: Func = match name {
        // strings
        "abbrev" => strings::abbrev,
        "abbrevboth" => strings::abbrevboth,
        "trunc" => strings::trunc,
        "trim" => strings::trim,
        "upper" => strings::upper,
        "lower" => strings::lower,
        "title" => strings::title,
        "untitle" => strings::untitle,
        "substr" => strings::substr,
        "repeat" => strings::repeat,
        "trimall" | "trimAll" => strings::trim_all,
        "trimSuffix" => strings::trim_suffix,
        "trimPrefix" => strings::trim_prefix,
        "nospace" => strings::nospace,
        "initials" => strings::initials,
        "swapcase" => strings::swapcase,
        "snakecase" => strings::snakecase,
        "camelcase" => strings::camelcase,
        "kebabcase" => strings::kebabcase,
        "wrap" => strings::wrap,
        "wrapWith" => strings::wrap_with,
        "contains" => strings::contains,
        "hasPrefix" => strings::has_prefix,
        "hasSuffix" => strings::has_suffix,
        "quote" => strings::quote,
        "squote" => strings::squote,
        "cat" => strings::cat,
        "indent" => strings::indent,
        "nindent" => strings::nindent,
        "replace" => strings::replace,
        "plural" => strings::plural,
        "toString" => strings::to_string,
        "toStrings" => strings::to_strings,
        "split" => strings::split,
        "splitList" => strings::split_list,
        "splitn" => strings::splitn,
        "join" => strings::join,
        "sortAlpha" => strings::sort_alpha,
        "shuffle" => strings::shuffle,
        "randAlphaNum" => misc::rand_alpha_num,
        "randAlpha" => misc::rand_alpha,
        "randAscii" => misc::rand_ascii,
        "randNumeric" => misc::rand_numeric,
        // defaults and flow
        "default" => misc::default,
        "empty" => misc::empty_fn,
        "coalesce" => misc::coalesce,
        "all" => misc::all,
        "any" => misc::any,
        "ternary" => misc::ternary,
        // types
        "typeOf" => misc::type_of,
        "typeIs" => misc::type_is,
        "typeIsLike" => misc::type_is_like,
        "kindOf" => misc::kind_of,
        "kindIs" => misc::kind_is,
        "deepEqual" => misc::deep_equal_fn,
        // math
        "atoi" => math::atoi,
        "int" => math::int,
        "int64" => math::int64,
        "float64" => math::float64,
        "toDecimal" => math::to_decimal,
        "add1" => math::add1,
        "add" => math::add,
        "sub" => math::sub,
        "div" => math::div,
        "mod" => math::modulo,
        "mul" => math::mul,
        "max" | "biggest" => math::max,
        "min" => math::min,
        "maxf" => math::maxf,
        "minf" => math::minf,
        "add1f" => math::add1f,
        "addf" => math::addf,
        "subf" => math::subf,
        "mulf" => math::mulf,
        "divf" => math::divf,
        "floor" => math::floor,
        "ceil" => math::ceil,
        "round" => math::round,
        "until" => math::until,
        "untilStep" => math::until_step,
        "seq" => math::seq,
        "randInt" => misc::rand_int,
        // lists
        "list" | "tuple" => lists::list_fn,
        "append" | "push" => lists::must_push,
        "mustAppend" | "mustPush" => lists::must_push,
        "prepend" => lists::must_prepend,
        "mustPrepend" => lists::must_prepend,
        "first" => lists::must_first,
        "mustFirst" => lists::must_first,
        "rest" => lists::must_rest,
        "mustRest" => lists::must_rest,
        "last" => lists::must_last,
        "mustLast" => lists::must_last,
        "initial" => lists::must_initial,
        "mustInitial" => lists::must_initial,
        "reverse" => lists::must_reverse,
        "mustReverse" => lists::must_reverse,
        "uniq" => lists::must_uniq,
        "mustUniq" => lists::must_uniq,
        "without" => lists::must_without,
        "mustWithout" => lists::must_without,
        "has" => lists::must_has,
        "mustHas" => lists::must_has,
        "compact" => lists::must_compact,
        "mustCompact" => lists::must_compact,
        "slice" => lists::must_slice,
        "mustSlice" => lists::must_slice,
        "concat" => lists::concat,
        "chunk" => lists::must_chunk,
        "mustChunk" => lists::must_chunk,
        // dicts
        "dict" => dicts::dict,
        "get" => dicts::get,
        "set" => dicts::set,
        "unset" => dicts::unset,
        "hasKey" => dicts::has_key,
        "pluck" => dicts::pluck,
        "keys" => dicts::keys,
        "values" => dicts::values,
        "pick" => dicts::pick,
        "omit" => dicts::omit,
        "merge" => dicts::merge,
        "mustMerge" => dicts::must_merge,
        "mergeOverwrite" => dicts::merge_overwrite,
        "mustMergeOverwrite" => dicts::must_merge_overwrite,
        "deepCopy" => dicts::deep_copy,
        "mustDeepCopy" => dicts::must_deep_copy,
        "dig" => dicts::dig,
        // encoding
        "b64enc" => encoding::b64enc,
        "b64dec" => encoding::b64dec,
        "b32enc" => encoding::b32enc,
        "b32dec" => encoding::b32dec,
        "sha1sum" => encoding::sha1sum,
        "sha256sum" => encoding::sha256sum,
        "sha512sum" => encoding::sha512sum,
        "adler32sum" => encoding::adler32sum,
        "toJson" => encoding::to_json,
        "mustToJson" => encoding::must_to_json,
        "toPrettyJson" => encoding::to_pretty_json,
        "mustToPrettyJson" => encoding::must_to_pretty_json,
        "toRawJson" => encoding::to_raw_json,
        "mustToRawJson" => encoding::must_to_raw_json,
        "fromJson" => encoding::from_json,
        "fromJsonArray" => encoding::from_json_array,
        "mustFromJson" => encoding::must_from_json,
        "toYaml" => encoding::to_yaml,
        "mustToYaml" => encoding::must_to_yaml,
        "toYamlPretty" => encoding::to_yaml_pretty,
        "fromYaml" => encoding::from_yaml,
        "fromYamlArray" => encoding::from_yaml_array,
        "toToml" => encoding::to_toml,
        "mustToToml" => encoding::must_to_toml,
        "fromToml" => toml::from_toml,
        // regex
        "regexMatch" => regex::regex_match,
        "mustRegexMatch" => regex::must_regex_match,
        "regexFind" => regex::regex_find,
        "mustRegexFind" => regex::must_regex_find,
        "regexFindAll" => regex::regex_find_all,
        "mustRegexFindAll" => regex::must_regex_find_all,
        "regexReplaceAll" => regex::regex_replace_all,
        "mustRegexReplaceAll" => regex::must_regex_replace_all,
        "regexReplaceAllLiteral" => regex::regex_replace_all_literal,
        "mustRegexReplaceAllLiteral" => regex::must_regex_replace_all_literal,
        "regexSplit" => regex::regex_split,
        "mustRegexSplit" => regex::must_regex_split,
        "regexQuoteMeta" => regex::regex_quote_meta,
        // semver, time, ids, paths, urls, cluster
        "semver" => misc::semver,
        "semverCompare" => misc::semver_compare,
        "now" => time::now,
        "date" => time::date,
        "dateInZone" | "date_in_zone" => time::date_in_zone,
        "htmlDate" => time::html_date,
        "htmlDateInZone" => time::html_date_in_zone,
        "unixEpoch" => time::unix_epoch,
        "uuidv4" => misc::uuidv4,
        "duration" => time::duration,
        "durationRound" => time::duration_round,
        "ago" => time::ago,
        "dateModify" | "date_modify" => time::date_modify,
        "mustDateModify" | "must_date_modify" => time::must_date_modify,
        "toDate" => time::to_date,
        "mustToDate" => time::must_to_date,
        "mustToDuration" => time::must_to_duration,
        "durationSeconds" => time::duration_seconds,
        "durationMilliseconds" => time::duration_milliseconds,
        "durationMicroseconds" => time::duration_microseconds,
        "durationNanoseconds" => time::duration_nanoseconds,
        "durationMinutes" => time::duration_minutes,
        "durationHours" => time::duration_hours,
        "durationDays" => time::duration_days,
        "durationWeeks" => time::duration_weeks,
        "durationRoundTo" => time::duration_round_to,
        "durationTruncateTo" => time::duration_truncate_to,
        // Helm runs on Linux here: filepath is path.
        "base" | "osBase" => misc::path_base,
        "dir" | "osDir" => misc::path_dir,
        "clean" | "osClean" => misc::path_clean,
        "ext" | "osExt" => misc::path_ext,
        "isAbs" | "osIsAbs" => misc::path_is_abs,
        "randBytes" => misc::rand_bytes,
        "urlParse" => misc::url_parse,
        "urlJoin" => misc::url_join,
        "lookup" => misc::lookup_fn,
        "hello" => misc::hello,
        // Real Sprig/Helm functions the playground does not implement: known names, so a chart using them gets
        // a clear error instead of Go's "function not defined".
        "bcrypt"
        | "htpasswd"
        | "genPrivateKey"
        | "derivePassword"
        | "buildCustomCert"
        | "genCA"
        | "genCAWithKey"
        | "genSelfSignedCert"
        | "genSelfSignedCertWithKey"
        | "genSignedCert"
        | "genSignedCertWithKey"
        | "encryptAES"
        | "decryptAES"
        | "getHostByName" => misc::unsupported,
        _ => return None,
    };
    Some(f)
}

#[cfg(test)]
mod tests;
