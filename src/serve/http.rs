//! A small HTTP/1.1 layer over `std::io`: enough for kubectl and helm (keep-alive, `Content-Length` bodies, chunked
//! request bodies, chunked responses for watch). Pure over `BufRead`/`Write` so it is tested without sockets.

use std::io::{BufRead, Read, Write};

/// Requests larger than this are refused; a Helm release secret for the lab chart is far below it.
const MAX_BODY: usize = 64 << 20;
const MAX_HEAD_LINE: usize = 64 << 10;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Request {
    pub method: String,
    /// Percent-decoded path without the query.
    pub path: String,
    /// Query parameters in order, percent-decoded (`+` is a space, as Go's url.ParseQuery reads it).
    pub query: Vec<(String, String)>,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    /// The request line as a log shows it.
    pub fn summary(&self) -> String {
        let q: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let accept = self.header("accept").unwrap_or("");
        let ct = self.header("content-type").unwrap_or("");
        format!(
            "{} {}{}{} accept=[{accept}] content-type=[{ct}] body={}B",
            self.method,
            self.path,
            if q.is_empty() { "" } else { "?" },
            q.join("&"),
            self.body.len()
        )
    }
    fn wants_close(&self) -> bool {
        self.header("connection").is_some_and(|c| c.eq_ignore_ascii_case("close"))
    }
}

/// Why no request could be read.
#[derive(Debug, PartialEq)]
pub enum ReadError {
    /// The peer closed the connection between requests (the normal end of keep-alive).
    Closed,
    /// Malformed request; answer 400 and close.
    Bad(String),
    Io(String),
}

fn read_line(r: &mut impl BufRead) -> Result<Option<String>, ReadError> {
    let mut buf = Vec::new();
    let n = r.take(MAX_HEAD_LINE as u64 + 2).read_until(b'\n', &mut buf).map_err(|e| ReadError::Io(e.to_string()))?;
    if n == 0 {
        return Ok(None);
    }
    if !buf.ends_with(b"\n") {
        return Err(ReadError::Bad("header line too long or truncated".into()));
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    String::from_utf8(buf).map(Some).map_err(|_| ReadError::Bad("header is not UTF-8".into()))
}

pub fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// Reads one request. `Err(Closed)` when the peer is done.
pub fn read_request(r: &mut impl BufRead) -> Result<Request, ReadError> {
    let line = loop {
        match read_line(r)? {
            None => return Err(ReadError::Closed),
            // RFC 9112 2.2: a server should ignore empty lines before the request line.
            Some(l) if l.is_empty() => continue,
            Some(l) => break l,
        }
    };
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Bad(format!("malformed request line {line:?}")));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(ReadError::Bad(format!("unsupported protocol {version:?}")));
    }
    let (raw_path, raw_query) = target.split_once('?').unwrap_or((target, ""));
    let mut req = Request {
        method: method.to_string(),
        path: percent_decode(raw_path, false),
        query: parse_query(raw_query),
        ..Default::default()
    };
    loop {
        let Some(l) = read_line(r)? else { return Err(ReadError::Bad("connection closed inside headers".into())) };
        if l.is_empty() {
            break;
        }
        let Some((k, v)) = l.split_once(':') else { return Err(ReadError::Bad(format!("malformed header {l:?}"))) };
        req.headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    if req.header("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        req.body = read_chunked(r)?;
    } else if let Some(n) = req.header("content-length") {
        let n: usize = n.parse().map_err(|_| ReadError::Bad(format!("bad Content-Length {n:?}")))?;
        if n > MAX_BODY {
            return Err(ReadError::Bad("request body too large".into()));
        }
        let mut body = vec![0; n];
        r.read_exact(&mut body).map_err(|e| ReadError::Io(e.to_string()))?;
        req.body = body;
    }
    Ok(req)
}

fn read_chunked(r: &mut impl BufRead) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let Some(l) = read_line(r)? else { return Err(ReadError::Bad("connection closed inside chunked body".into())) };
        let size = l.split(';').next().unwrap_or("").trim();
        let n = usize::from_str_radix(size, 16).map_err(|_| ReadError::Bad(format!("bad chunk size {size:?}")))?;
        if n == 0 {
            // trailers, then the empty line
            while let Some(t) = read_line(r)? {
                if t.is_empty() {
                    break;
                }
            }
            return Ok(body);
        }
        if body.len() + n > MAX_BODY {
            return Err(ReadError::Bad("request body too large".into()));
        }
        let start = body.len();
        body.resize(start + n, 0);
        r.read_exact(&mut body[start..]).map_err(|e| ReadError::Io(e.to_string()))?;
        read_line(r)?;
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    pub extra_headers: Vec<(String, String)>,
}

impl Response {
    pub fn json(status: u16, v: &serde_json::Value) -> Response {
        Response::bytes(status, "application/json", serde_json::to_vec(v).unwrap_or_default())
    }
    pub fn text(status: u16, s: &str) -> Response {
        Response::bytes(status, "text/plain", s.as_bytes().to_vec())
    }
    pub fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response { status, content_type: content_type.into(), body, extra_headers: Vec::new() }
    }
}

pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        409 => "Conflict",
        410 => "Gone",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        _ => "Unknown",
    }
}

/// Writes a complete response with a Content-Length.
pub fn write_response(w: &mut impl Write, resp: &Response, close: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache, private\r\n",
        resp.status,
        reason_phrase(resp.status),
        resp.content_type,
        resp.body.len()
    );
    for (k, v) in &resp.extra_headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    w.write_all(head.as_bytes())?;
    w.write_all(&resp.body)?;
    w.flush()
}

/// A streaming response (watch, `logs -f`): the head, then one chunk per `send`, then `finish`.
pub struct Chunked<'a, W: Write> {
    w: &'a mut W,
}

impl<'a, W: Write> Chunked<'a, W> {
    pub fn start(w: &'a mut W, status: u16, content_type: &str) -> std::io::Result<Self> {
        write!(
            w,
            "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\
             Cache-Control: no-cache, private\r\n\r\n",
            reason_phrase(status)
        )?;
        w.flush()?;
        Ok(Chunked { w })
    }
    pub fn send(&mut self, data: &[u8]) -> std::io::Result<()> {
        if data.is_empty() {
            return Ok(());
        }
        write!(self.w, "{:x}\r\n", data.len())?;
        self.w.write_all(data)?;
        self.w.write_all(b"\r\n")?;
        self.w.flush()
    }
    pub fn finish(self) -> std::io::Result<()> {
        self.w.write_all(b"0\r\n\r\n")?;
        self.w.flush()
    }
}

/// Whether the connection stays open after answering `req`.
pub fn keep_alive(req: &Request) -> bool {
    !req.wants_close()
}
