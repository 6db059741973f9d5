//! `watch` as procps-ng 4.0.2 runs it: the command again every interval, each screen starting with a clear
//! (`ESC[H ESC[2J`, which the page's terminal honours: the entry shows only the latest screen) and the title
//! line `Every 2.0s: CMD` with `HOST: DATE` at the right edge, then a blank line. In the page's terminal it
//! holds the terminal until Ctrl-C, as a foreground job; in a script or a pipe, where nobody can press
//! Ctrl-C, it shows screens until a `timeout` runs out, at most [`MAX_SCREENS`].
//! Unlike real watch, the last screen stays in the terminal after Ctrl-C (watch restores the screen it
//! found), so the learner can still read it.

use super::{parse, Io, Session};

/// The hidden builtin that draws one screen (its name cannot be typed: it starts with a control character).
pub const FRAME: &str = "\u{1}watch-frame";

/// How many screens `watch` shows where nobody can press Ctrl-C (a script without `timeout`).
pub const MAX_SCREENS: u32 = 100;

const USAGE: &str = "
Usage:
 watch [options] command

Options:
  -b, --beep             beep if command has a non-zero exit
  -c, --color            interpret ANSI color and style sequences
  -d, --differences[=<permanent>]
                         highlight changes between updates
  -e, --errexit          exit if command has a non-zero exit
  -g, --chgexit          exit when output from command changes
  -q, --equexit <cycles>
                         exit when output from command does not change
  -n, --interval <secs>  seconds to wait between updates
  -p, --precise          attempt run command in precise intervals
  -t, --no-title         turn off header
  -w, --no-wrap          turn off line wrapping
  -x, --exec             pass command to exec instead of \"sh -c\"

 -h, --help     display this help and exit
 -v, --version  output version information and exit

For more details see watch(1).
";

struct Opts {
    /// Tenths of a second between screens.
    tenths: u64,
    title: bool,
    cmd: String,
}

/// watch's getopt: options up to the first operand (`+` mode), short ones bundled (`-tn2`).
fn parse_opts(args: &[String]) -> Result<Opts, Io> {
    let fail = |msg: String| Io::fail(1, format!("{msg}{USAGE}"));
    let mut opts = Opts { tenths: 20, title: true, cmd: String::new() };
    let mut i = 0;
    let interval =
        |v: &str| -> Result<u64, Io> {
            let secs: f64 =
                v.trim().parse().ok().filter(|s: &f64| s.is_finite()).ok_or_else(|| {
                    Io::fail(1, format!("watch: failed to parse argument: '{v}': Invalid argument\n"))
                })?;
            // procps raises anything under a tenth to a tenth; the page caps the wait as `sleep` does
            Ok(((secs * 10.0).round() as u64).clamp(1, super::MAX_WAIT_MS / 100))
        };
    while let Some(a) = args.get(i) {
        if a == "--" {
            i += 1;
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = long.split_once('=').map_or((long, None), |(n, v)| (n, Some(v)));
            match name {
                "interval" => {
                    let v = match value {
                        Some(v) => v.to_string(),
                        None => {
                            i += 1;
                            args.get(i)
                                .cloned()
                                .ok_or_else(|| fail("watch: option '--interval' requires an argument\n".into()))?
                        }
                    };
                    opts.tenths = interval(&v)?;
                }
                "no-title" => opts.title = false,
                "differences" | "beep" | "color" | "precise" | "no-wrap" | "exec" => {}
                "errexit" | "chgexit" | "equexit" => {
                    return Err(Io::fail(1, format!("stsplay: watch: --{name} is not supported in this shell\n")))
                }
                "help" => return Err(Io::ok(USAGE)),
                "version" => return Err(Io::ok("watch from procps-ng 4.0.2\n")),
                _ => return Err(fail(format!("watch: unrecognized option '{a}'\n"))),
            }
            i += 1;
            continue;
        }
        let Some(short) = a.strip_prefix('-').filter(|s| !s.is_empty()) else { break };
        for (at, c) in short.char_indices() {
            match c {
                'n' => {
                    let rest = &short[at + 1..];
                    let v = if rest.is_empty() {
                        i += 1;
                        args.get(i)
                            .cloned()
                            .ok_or_else(|| fail("watch: option requires an argument -- 'n'\n".into()))?
                    } else {
                        rest.to_string()
                    };
                    opts.tenths = interval(&v)?;
                    break;
                }
                't' => opts.title = false,
                'd' | 'b' | 'c' | 'p' | 'w' | 'x' => {}
                'e' | 'g' | 'q' => {
                    return Err(Io::fail(1, format!("stsplay: watch: -{c} is not supported in this shell\n")))
                }
                'h' => return Err(Io::ok(USAGE)),
                'v' => return Err(Io::ok("watch from procps-ng 4.0.2\n")),
                other => return Err(fail(format!("watch: invalid option -- '{other}'\n"))),
            }
        }
        i += 1;
    }
    if i >= args.len() {
        return Err(Io::fail(1, USAGE));
    }
    opts.cmd = args[i..].join(" ");
    Ok(opts)
}

/// A word for the shell's parser that stands for `s` exactly.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

impl Session {
    pub(super) fn watch(&mut self, args: &[String]) -> Io {
        let opts = match parse_opts(args) {
            Ok(o) => o,
            Err(io) => return io,
        };
        // the screens' commands reset it: whether watch itself writes to the terminal is decided here
        let terminal = self.to_terminal && self.depth == 0 && !self.in_job() && self.deadline.is_none();
        let tenths = opts.tenths.to_string();
        let title = if opts.title { "1" } else { "0" };
        let frame_args = [tenths.clone(), title.to_string(), opts.cmd.clone()];
        let mut io = self.watch_frame(&frame_args);
        io.code = 0;
        let secs = format!("{}.{}", opts.tenths / 10, opts.tenths % 10);
        if terminal {
            self.to_terminal = true;
            let text =
                format!("while :; do sleep {secs}; {} {tenths} {title} {}; done", quoted(FRAME), quoted(&opts.cmd));
            if let Ok(list) = parse::parse(&text) {
                if let Some(and_or) = list.and_ors.first() {
                    let more = self.run_in_foreground(and_or);
                    io.chunks.extend(more.chunks);
                }
            }
            return io;
        }
        // `timeout`'s budget is what is left of it when a command starts: each sleep gets what remains
        let (start, outer) = (self.cluster.now(), self.deadline);
        for _ in 1..MAX_SCREENS {
            self.deadline = outer.map(|d| d.saturating_sub(self.cluster.now() - start));
            let slept = self.run_argv(&["sleep".to_string(), secs.clone()], None);
            self.deadline = outer;
            if slept.code != 0 {
                io.code = slept.code;
                return io;
            }
            let screen = self.watch_frame(&frame_args);
            io.chunks.extend(screen.chunks);
        }
        io.err(format!(
            "stsplay: watch: stopped after {MAX_SCREENS} screens (nobody can press Ctrl-C here; `timeout 10s watch ...` ends it sooner)\n"
        ));
        io
    }

    /// One screen: clear, the title (`[tenths, title 0/1, command]`), then what the command printed.
    pub(super) fn watch_frame(&mut self, args: &[String]) -> Io {
        let [tenths, title, cmd] = args else { return Io::fail(2, "") };
        let tenths: u64 = tenths.parse().unwrap_or(20);
        let mut screen = String::from("\x1b[H\x1b[2J");
        if title == "1" {
            let width: usize = self.env("COLUMNS").and_then(|c| c.parse().ok()).filter(|w| *w > 0).unwrap_or(80);
            let now = crate::cluster::EPOCH_UNIX * 1000 + self.cluster.now() as i64;
            let right = format!("{}: {}", super::hostcmds::HOSTNAME, super::printers::format_ansic(now));
            let mut left = format!("Every {}.{}s: {cmd}", tenths / 10, tenths % 10);
            let room = width.saturating_sub(right.chars().count() + 1);
            if left.chars().count() > room {
                left = left.chars().take(room).collect();
            }
            let pad = width.saturating_sub(left.chars().count() + right.chars().count());
            screen.push_str(&format!("{left}{}{right}\n\n", " ".repeat(pad)));
        }
        let r = self.eval_builtin(std::slice::from_ref(cmd));
        screen.push_str(&r.text());
        Io::ok(screen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's path: the first screen at once, then one per interval as time passes, until Ctrl-C.
    #[test]
    fn in_the_terminal_watch_redraws_each_interval_until_ctrl_c() {
        let mut s = Session::new(1);
        let first = s.run_line("watch -n 2 -t date");
        assert_eq!(first, "\x1b[H\x1b[2JSat Mar 15 17:03:35 UTC 2025\n");
        assert!(s.busy());
        let streamed = s.run_until(s.cluster().now() + 4500);
        assert_eq!(streamed, "\x1b[H\x1b[2JSat Mar 15 17:03:37 UTC 2025\n\x1b[H\x1b[2JSat Mar 15 17:03:39 UTC 2025\n");
        s.interrupt();
        assert!(!s.busy());
        assert_eq!(s.run_until(s.cluster().now() + 10_000), "");
        // where the terminal cannot be held (a pipe), screens run on until the limit, saying so
        let piped = s.run_line("watch -n 1 -t echo x | wc -l");
        assert_eq!(piped, "stsplay: watch: stopped after 100 screens (nobody can press Ctrl-C here; `timeout 10s watch ...` ends it sooner)\n100\n");
    }
}
