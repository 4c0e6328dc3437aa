//! What Mermaid does to a diagram's text before the journey grammar sees it (`preprocess.ts`): line breaks
//! made `\n`, the YAML front matter taken off (its title kept), `%%{…}%%` directives removed wherever they
//! stand, and lines that are only a `%%` comment dropped.
//!
//! Unlike Mermaid, what is taken off leaves its line breaks behind, so a line number the grammar reports is
//! still the line of the file. (A directive spread over several lines in the middle of a statement would join
//! the statement's two halves in Mermaid and splits it here; nobody writes that.)

use super::front_matter;

/// The text for the journey grammar, and what the front matter said.
#[derive(Debug)]
pub struct Preprocessed {
    pub text: String,
    /// The front matter's title.
    pub title: Option<String>,
    /// The lines the front matter took (0 without one).
    pub front_matter_lines: usize,
}

pub fn preprocess(text: &str) -> Result<Preprocessed, String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let (text, title, front_matter_lines) = match front_matter::read(&text)? {
        Some(front) => {
            let blank: String = "\n".repeat(front.lines);
            let rest = text
                .splitn(front.lines + 1, '\n')
                .nth(front.lines)
                .unwrap_or("");
            (blank + rest, front.title, front.lines)
        }
        None => (text, None, 0),
    };
    let text = remove_directives(&text)?;
    Ok(Preprocessed {
        text: drop_comment_lines(&text),
        title,
        front_matter_lines,
    })
}

/// JavaScript's `\w`.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Removes every directive, as Mermaid's `directiveRegex` matches them: `%%{`, a name (`init`, `initialize`,
/// `wrap`, …) and an optional `:`, then one word or anything up to the first `}%%`, then the `}%%` if it is
/// there. Mermaid ignores what an `init` directive sets for a journey's content (and ignores one whose JSON it
/// cannot read), so the arguments are not read. A directive whose `}%%` never comes would swallow the rest of
/// the diagram: that is refused with its line.
fn remove_directives(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("%%{") {
        out.push_str(&rest[..at]);
        let from = &rest[at..];
        match directive_len(from) {
            Some(Ok(len)) => {
                out.extend(from[..len].chars().filter(|&c| c == '\n'));
                rest = &from[len..];
            }
            Some(Err(name)) => {
                let consumed = text.len() - from.len();
                let line = 1 + text[..consumed].matches('\n').count();
                return Err(format!(
                    "line {line}: the directive `%%{{{name}` is never closed by `}}%%`"
                ));
            }
            None => {
                out.push_str("%%{");
                rest = &from[3..];
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The length of the directive at the start of `s` (which starts with `%%{`); `None` when no name follows the
/// `%%{` (Mermaid's regex does not match there), `Err(name)` when its `}%%` never comes.
fn directive_len(s: &str) -> Option<Result<usize, &str>> {
    let bytes = s.as_bytes();
    let skip_space = |i: usize| i + (s[i..].len() - s[i..].trim_start().len());
    let skip_word = |i: usize| i + bytes[i..].iter().take_while(|&&b| is_word(b)).count();
    let name_start = skip_space(3);
    let name_end = skip_word(name_start);
    if name_end == name_start {
        return None;
    }
    let name = &s[name_start..name_end];
    let mut i = name_end;
    let after_space = skip_space(i);
    if bytes.get(after_space) == Some(&b':') {
        i = after_space + 1;
    }
    i = skip_space(i);
    if bytes.get(i).copied().is_some_and(is_word) {
        i = skip_space(skip_word(i));
    } else {
        match s[i..].find("}%%") {
            Some(close) => i += close,
            None => return Some(Err(name)),
        }
    }
    if s[i..].starts_with("}%%") {
        i += 3;
    }
    Some(Ok(i))
}

/// Lines that hold only a comment (`%%` and some text, not `%%{`) lose their text, as Mermaid's
/// `cleanupComments` drops them — which matters inside an `accDescr { … }` block, where the grammar itself
/// reads no comments.
fn drop_comment_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let trimmed = line.trim_start();
            let comment = trimmed
                .strip_prefix("%%")
                .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('{'));
            if comment { "" } else { line }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
