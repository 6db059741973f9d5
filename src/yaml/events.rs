//! The YAML event stream, from libyaml's parser (the `unsafe-libyaml-norway` translation of libyaml 0.2.5).
//! go-yaml v2, which Helm and Kubernetes read YAML with, is a Go port of the same libyaml parser, so the
//! problems it reports ("did not find expected key") and where it reports them are the ones Helm shows.
//! This is the only unsafe code in the crate: one function owns the parser from initialize to delete.

use unsafe_libyaml_norway as unsafe_ffi;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Mark {
    /// 0-based, as libyaml counts.
    pub line: usize,
    pub column: usize,
}

#[derive(Debug)]
pub enum Kind {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar { anchor: Option<String>, tag: Option<String>, value: String, plain_implicit: bool, style: Style },
    SequenceStart { anchor: Option<String> },
    SequenceEnd,
    MappingStart { anchor: Option<String> },
    MappingEnd,
}

#[derive(Debug)]
pub struct Event {
    pub kind: Kind,
    pub start: Mark,
}

/// A libyaml error: `scanner` tells scanner errors (whose line go-yaml reports 1-based) from parser errors
/// (whose line go-yaml reports 0-based: Helm's famous "one line low").
#[derive(Debug, Clone)]
pub struct ParseError {
    pub problem: String,
    pub problem_mark: Mark,
    pub context_mark: Mark,
    pub scanner: bool,
}

unsafe fn opt_str(p: *const u8) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: libyaml hands out NUL-terminated strings it owns until the event is deleted.
    let c = unsafe { std::ffi::CStr::from_ptr(p as *const std::ffi::c_char) };
    Some(String::from_utf8_lossy(c.to_bytes()).into_owned())
}

fn mark(m: unsafe_ffi::yaml_mark_t) -> Mark {
    Mark { line: m.line as usize, column: m.column as usize }
}

/// Parses events up to and including the end of the first document (go-yaml's `Unmarshal` reads one
/// document and never looks further), or the whole stream if `all`.
pub fn parse(input: &str, all: bool) -> Result<Vec<Event>, ParseError> {
    let bytes = input.as_bytes();
    let mut out = Vec::new();
    // SAFETY: the parser lives in this Box for the whole function, reads `bytes` (which outlives it) and is
    // deleted on every path out; each event is converted to owned data before it is deleted.
    unsafe {
        let mut parser: Box<std::mem::MaybeUninit<unsafe_ffi::yaml_parser_t>> =
            Box::new(std::mem::MaybeUninit::uninit());
        let p = parser.as_mut_ptr();
        if unsafe_ffi::yaml_parser_initialize(p).fail {
            return Err(ParseError {
                problem: "cannot initialize the YAML parser".into(),
                problem_mark: Mark::default(),
                context_mark: Mark::default(),
                scanner: false,
            });
        }
        unsafe_ffi::yaml_parser_set_encoding(p, unsafe_ffi::YAML_UTF8_ENCODING);
        unsafe_ffi::yaml_parser_set_input_string(p, bytes.as_ptr(), bytes.len() as _);
        let result = loop {
            let mut ev = std::mem::MaybeUninit::<unsafe_ffi::yaml_event_t>::uninit();
            if unsafe_ffi::yaml_parser_parse(p, ev.as_mut_ptr()).fail {
                let pr = &*p;
                break Err(ParseError {
                    problem: opt_str(pr.problem as *const u8)
                        .unwrap_or_else(|| "unknown problem parsing YAML content".into()),
                    problem_mark: mark(pr.problem_mark),
                    context_mark: mark(pr.context_mark),
                    scanner: pr.error == unsafe_ffi::YAML_SCANNER_ERROR,
                });
            }
            let e = ev.as_mut_ptr();
            let start = mark((*e).start_mark);
            let kind = match (*e).type_ {
                unsafe_ffi::YAML_STREAM_START_EVENT => Kind::StreamStart,
                unsafe_ffi::YAML_STREAM_END_EVENT => Kind::StreamEnd,
                unsafe_ffi::YAML_DOCUMENT_START_EVENT => Kind::DocumentStart,
                unsafe_ffi::YAML_DOCUMENT_END_EVENT => Kind::DocumentEnd,
                unsafe_ffi::YAML_ALIAS_EVENT => Kind::Alias(opt_str((*e).data.alias.anchor).unwrap_or_default()),
                unsafe_ffi::YAML_SCALAR_EVENT => {
                    let s = (*e).data.scalar;
                    let value = std::slice::from_raw_parts(s.value, s.length as usize);
                    Kind::Scalar {
                        anchor: opt_str(s.anchor),
                        tag: opt_str(s.tag),
                        value: String::from_utf8_lossy(value).into_owned(),
                        plain_implicit: s.plain_implicit,
                        style: match s.style {
                            unsafe_ffi::YAML_SINGLE_QUOTED_SCALAR_STYLE => Style::SingleQuoted,
                            unsafe_ffi::YAML_DOUBLE_QUOTED_SCALAR_STYLE => Style::DoubleQuoted,
                            unsafe_ffi::YAML_LITERAL_SCALAR_STYLE => Style::Literal,
                            unsafe_ffi::YAML_FOLDED_SCALAR_STYLE => Style::Folded,
                            _ => Style::Plain,
                        },
                    }
                }
                unsafe_ffi::YAML_SEQUENCE_START_EVENT => {
                    Kind::SequenceStart { anchor: opt_str((*e).data.sequence_start.anchor) }
                }
                unsafe_ffi::YAML_SEQUENCE_END_EVENT => Kind::SequenceEnd,
                unsafe_ffi::YAML_MAPPING_START_EVENT => {
                    Kind::MappingStart { anchor: opt_str((*e).data.mapping_start.anchor) }
                }
                _ => Kind::MappingEnd,
            };
            unsafe_ffi::yaml_event_delete(e);
            let stop = matches!(kind, Kind::StreamEnd) || (!all && matches!(kind, Kind::DocumentEnd));
            out.push(Event { kind, start });
            if stop {
                break Ok(());
            }
        };
        unsafe_ffi::yaml_parser_delete(p);
        result.map(|_| out)
    }
}
