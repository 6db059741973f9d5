//! `select NAME in WORDS; do ...; done` as bash 5.2's execute_select_command runs it: the numbered menu on
//! stderr laid out in columns for `$COLUMNS` (80 when unset) as print_select_list does, `$PS3` (`#? `), a line
//! read into REPLY each round (an empty one shows the menu again), NAME the chosen word or empty, the end of
//! input ending the loop with a newline and status 1.

use super::{parse, Io, Session};

/// The menu as print_select_list writes it: rows down the columns, indices right-aligned, tab-indented.
pub fn menu(items: &[String], columns: usize) -> String {
    let n = items.len();
    if n == 0 {
        return "\n".into();
    }
    let digits = |k: usize| k.to_string().len();
    let indices_len = digits(n);
    let max_elem_len = items.iter().map(|i| i.chars().count()).max().unwrap_or(0) + indices_len + 2 + 2;
    let cols = (columns / max_elem_len).max(1);
    let mut rows = n.div_ceil(cols);
    if rows == 1 {
        // what fits on one line goes one item to a line
        rows = n.div_ceil(rows);
    }
    let first_len = digits(rows);
    let mut out = String::new();
    for row in 0..rows {
        let (mut ind, mut pos) = (row, 0);
        loop {
            let width = if pos == 0 { first_len } else { indices_len };
            out.push_str(&format!("{:>width$}) {}", ind + 1, items[ind]));
            let from = pos + width + 2 + items[ind].chars().count();
            ind += rows;
            if ind >= n {
                break;
            }
            indent(&mut out, from, pos + max_elem_len);
            pos += max_elem_len;
        }
        out.push('\n');
    }
    out
}

/// bash's indent(): tabs to each 8-column stop before `to`, then spaces.
fn indent(out: &mut String, mut from: usize, to: usize) {
    while to / 8 > from / 8 {
        out.push('\t');
        from += 8 - from % 8;
    }
    while from < to {
        out.push(' ');
        from += 1;
    }
}

impl Session {
    pub(super) fn run_select(&mut self, var: &str, words: &[parse::Word], body: &parse::List) -> Io {
        let items: Vec<String> = words.iter().flat_map(|w| self.expand(w)).collect();
        let mut io = Io::default();
        if self.flow.is_some() {
            io.code = 1;
            return io;
        }
        let columns = self.env.get("COLUMNS").and_then(|c| c.trim().parse().ok()).filter(|c| *c > 0).unwrap_or(80);
        let mut show_menu = true;
        let mut rounds = 0;
        let last;
        loop {
            if show_menu {
                io.err(menu(&items, columns));
            }
            let prompt = self.env.get("PS3").cloned().unwrap_or_else(|| "#? ".into());
            io.err(prompt);
            if super::read::run(self, &["REPLY".to_string()], None).code != 0 {
                io.out("\n");
                io.code = 1;
                return io;
            }
            let reply = self.env.get("REPLY").cloned().unwrap_or_default();
            if reply.is_empty() {
                show_menu = true;
                continue;
            }
            show_menu = false;
            let chosen = reply.trim().parse::<usize>().ok().filter(|n| (1..=items.len()).contains(n));
            self.env.insert(var.to_string(), chosen.map_or(String::new(), |n| items[n - 1].clone()));
            let r = self.run_list(body);
            let code = r.code;
            io.chunks.extend(r.chunks);
            if !self.loop_flow() {
                last = code;
                break;
            }
            rounds += 1;
            if rounds >= super::MAX_LOOP_ROUNDS {
                io.err(format!(
                    "stsplay: stopped the loop after {} rounds (the playground's limit per loop; bash would go on)\n",
                    super::MAX_LOOP_ROUNDS
                ));
                last = code;
                break;
            }
        }
        io.code = last;
        io
    }
}

#[cfg(test)]
mod tests {
    /// print_select_list's layouts, as bash 5.2 prints them at 80 columns.
    #[test]
    fn menus_lay_out_as_bash() {
        let words = |n: usize| (1..=n).map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(super::menu(&["alpha".into(), "beta".into()], 80), "1) alpha\n2) beta\n");
        let thirty = super::menu(&words(30), 80);
        assert_eq!(
            thirty.lines().next(),
            Some("1) 1\t 4) 4\t 7) 7\t10) 10\t13) 13\t16) 16\t19) 19\t22) 22\t25) 25\t28) 28")
        );
        assert_eq!(thirty.lines().count(), 3);
    }
}
