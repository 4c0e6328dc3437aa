//! Review feeds as XML: Atom (`<feed><entry>…`, as the App Store's customer-review feed is written) and RSS
//! (`<rss><channel><item>…`), read event by event with quick-xml, never built into a tree. Each `entry` or `item`
//! is a row; what the feed says about itself (its title, its author) is not.
//!
//! Columns are named as the JSON reader names the same feed read as JSON (`json.rs`), so a mapping made for one
//! works for the other: an element's path below its entry, joined by `.`, with prefixes as written
//! (`im:rating`, `title`, `content`, `author.name`, `author.uri`, `updated`, `im:version`, `im:voteSum`, `id`);
//! an attribute is `ELEMENT.attributes.NAME` (`link.attributes.href`, `content.attributes.type`); and, as there,
//! a `label` after the first segment is left out (`<im:contentType label="Application"/>` gives
//! `im:contentType.attributes`, `<author><label/></author>` gives `author`). Namespace declarations (`xmlns…`)
//! are not columns. Values are trimmed of the whitespace around them; an element holding elements or attributes
//! and no text gives only theirs. An element written twice in one entry gives its values joined by ", ",
//! except Atom's text constructs: an entry with a `type="text"` (or untyped) `<content>` and a `type="html"`
//! one keeps the text one; html alone is kept as written, as text (it is never rendered); `type="xhtml"` is the
//! text inside it.
//!
//! Every entry is a row, as in the JSON reader: the App Store's first entry that describes the app (`im:name`,
//! `im:image`, no `im:rating`) too, which an import then counts as "no score". A row's line number is the line
//! its `<entry>` starts on.
//!
//! Refused, each with a sentence: more than [`MAX_IN_MEMORY_BYTES`], elements nested more than [`MAX_DEPTH`]
//! deep, more than [`MAX_SHEET_COLUMNS`] columns or [`MAX_SHEET_ROWS`] entries, any `<!DOCTYPE>` (a review feed
//! never has one; so no entity is ever defined, let alone expanded), entities other than XML's five and
//! character references, bytes that are not in the file's encoding (UTF-8 unless a byte-order mark or the XML
//! declaration names another that encoding_rs reads), and XML that is not well-formed.

use crate::error::ReadError;
use crate::table::{MAX_IN_MEMORY_BYTES, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, Table};
use quick_xml::escape::{EscapeError, resolve_xml_entity};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

/// Elements nested deeper than this are refused: a review feed nests four or five deep.
pub const MAX_DEPTH: usize = 64;

#[derive(Clone, Copy, Debug)]
struct Limits {
    depth: usize,
    columns: usize,
    rows: usize,
}

const LIMITS: Limits = Limits {
    depth: MAX_DEPTH,
    columns: MAX_SHEET_COLUMNS as usize,
    rows: MAX_SHEET_ROWS as usize,
};

pub fn open(path: &Path) -> Result<Table, ReadError> {
    let size = std::fs::metadata(path).map_err(ReadError::Io)?.len();
    if size > MAX_IN_MEMORY_BYTES {
        return Err(ReadError::TooLarge(format!(
            "{size} bytes of XML, more than the {} MB a review feed could need",
            MAX_IN_MEMORY_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(ReadError::Io)?;
    let (text, encoding) = decode(&bytes)?;
    let feed = read(&text, LIMITS)?;
    Table::from_memory(feed.rows, feed.format, encoding, false)
}

/// Whether the file starts like XML (`<?xml`, `<feed`, `<rss`, after a byte-order mark and whitespace), whatever
/// its extension says.
pub(crate) fn looks_like_xml(path: &Path) -> bool {
    let mut head = Vec::with_capacity(512);
    std::fs::File::open(path)
        .and_then(|file| file.take(512).read_to_end(&mut head))
        .is_ok_and(|_| starts_like_xml(&head))
}

fn starts_like_xml(head: &[u8]) -> bool {
    // UTF-16: the leading ASCII characters, one code unit each.
    let ascii: Cow<[u8]> = if let Some(rest) = head.strip_prefix(b"\xFF\xFE") {
        rest.chunks_exact(2)
            .map_while(|u| (u[1] == 0).then_some(u[0]))
            .collect()
    } else if let Some(rest) = head.strip_prefix(b"\xFE\xFF") {
        rest.chunks_exact(2)
            .map_while(|u| (u[0] == 0).then_some(u[1]))
            .collect()
    } else {
        Cow::Borrowed(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head))
    };
    let start = ascii.trim_ascii_start();
    [&b"<?xml"[..], b"<feed", b"<rss"].iter().any(|tag| {
        start.strip_prefix(*tag).is_some_and(|rest| {
            rest.first()
                .is_some_and(|&b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/' | b'?'))
        })
    })
}

/// The file's text and the name of its encoding: UTF-8 (a byte-order mark is dropped), UTF-16 with a byte-order
/// mark, or the encoding its XML declaration names.
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), ReadError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok((decode_as(encoding, &bytes[bom..], false)?, encoding.name()));
    }
    let Some(label) = declared_encoding(bytes) else {
        return Ok((decode_as(encoding_rs::UTF_8, bytes, true)?, "UTF-8"));
    };
    match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
        Some(encoding)
            if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE =>
        {
            Err(ReadError::XmlRefused {
                line: 1,
                reason: format!(
                    "declares the encoding \"{label}\" but is written in single bytes, as UTF-16 without a \
                     byte-order mark cannot be"
                ),
            })
        }
        Some(encoding) => Ok((decode_as(encoding, bytes, false)?, encoding.name())),
        None => Err(ReadError::XmlRefused {
            line: 1,
            reason: format!("declares the encoding \"{label}\", which Waymark cannot read"),
        }),
    }
}

/// `bytes` decoded from `encoding`, refused at the first byte that is not in it.
fn decode_as<'a>(
    encoding: &'static encoding_rs::Encoding,
    bytes: &'a [u8],
    undeclared: bool,
) -> Result<Cow<'a, str>, ReadError> {
    if encoding == encoding_rs::UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(error) => {
                let at = error.valid_up_to();
                let line = line_at(&bytes[..at]);
                Err(ReadError::XmlRefused {
                    line,
                    reason: format!(
                        "is not UTF-8 (byte 0x{:02X}){}",
                        bytes[at],
                        if undeclared {
                            ", and no XML declaration names another encoding"
                        } else {
                            ""
                        }
                    ),
                })
            }
        };
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(usize::MAX);
    let mut text = String::new();
    text.try_reserve_exact(capacity).map_err(|_| {
        ReadError::TooLarge(format!(
            "{} bytes of {} would not fit in memory as UTF-8",
            bytes.len(),
            encoding.name()
        ))
    })?;
    match decoder.decode_to_string_without_replacement(bytes, &mut text, true) {
        (encoding_rs::DecoderResult::InputEmpty, _) => Ok(Cow::Owned(text)),
        (encoding_rs::DecoderResult::Malformed(..), _) => Err(ReadError::XmlRefused {
            line: line_at(text.as_bytes()),
            reason: format!("is not valid {} as the file says it is", encoding.name()),
        }),
        (encoding_rs::DecoderResult::OutputFull, _) => Err(ReadError::TooLarge(format!(
            "{} bytes of {} would not fit in memory as UTF-8",
            bytes.len(),
            encoding.name()
        ))),
    }
}

/// The line the end of `before` is on.
fn line_at(before: &[u8]) -> u64 {
    1 + before.iter().filter(|&&b| b == b'\n').count() as u64
}

/// The `encoding` of an XML declaration at the very start of `bytes`, as written.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let declaration = bytes.strip_prefix(b"<?xml")?;
    let end = declaration.windows(2).take(1024).position(|w| w == b"?>")?;
    let declaration = &declaration[..end];
    let at = declaration.windows(8).position(|w| w == b"encoding")?;
    let rest = declaration[at + 8..].trim_ascii_start();
    let rest = rest.strip_prefix(b"=")?.trim_ascii_start();
    let quote = *rest.first().filter(|&&q| q == b'"' || q == b'\'')?;
    let value = &rest[1..];
    let close = value.iter().position(|&b| b == quote)?;
    Some(String::from_utf8_lossy(&value[..close]).into_owned())
}

/// Line numbers of byte positions, counted on from the last one asked for.
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    fn of(&mut self, position: u64) -> u64 {
        let position =
            usize::try_from(position).map_or(self.text.len(), |p| p.min(self.text.len()));
        if position < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += self.text[self.at..position]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.at = position;
        self.line
    }
}

/// The rows of a feed (its column names first, as line 0) and what kind of feed it is.
struct Feed {
    rows: Vec<(u64, Vec<String>)>,
    format: String,
}

/// An element being read.
struct Open {
    /// As written, prefix and all.
    name: String,
    /// Its column name inside an entry; empty for the entry itself and outside entries.
    path: String,
    /// The text directly in it (and, in `type="xhtml"` content, all the text below it).
    text: String,
    children: bool,
    /// It has attributes (other than namespace declarations).
    attributes: bool,
    /// The path of the `type="html"`/`"xhtml"` element this is in (or is), whose cells give way to a plain
    /// sibling of the same name.
    html: Option<String>,
    /// `type="xhtml"`: the markup below it is text.
    xhtml: bool,
    /// Markup inside `type="xhtml"` content: its text goes to that content.
    flat: bool,
}

struct Cell {
    name: String,
    value: String,
    html: Option<String>,
}

/// The entry being read.
struct Entry {
    /// Where the entry is in the stack of open elements.
    depth: usize,
    line: u64,
    cells: Vec<Cell>,
    /// Paths of elements that were not `type="html"`/`"xhtml"`.
    plain: HashSet<String>,
}

/// A column name under `prefix`, as `json.rs` flattens one: `.`-joined, a `label` after the first left out.
fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else if key == "label" {
        prefix.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

fn is_row_element(name: &str) -> bool {
    let local = name.rsplit(':').next().unwrap_or(name);
    local == "entry" || local == "item"
}

struct Parser<'a> {
    limits: Limits,
    lines: Lines<'a>,
    stack: Vec<Open>,
    entry: Option<Entry>,
    root: Option<String>,
    root_closed: bool,
    app_store: bool,
    columns: Vec<String>,
    index: HashMap<String, usize>,
    rows: Vec<(u64, Vec<String>)>,
}

fn read(text: &str, limits: Limits) -> Result<Feed, ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.allow_unmatched_ends = false;
    config.allow_dangling_amp = false;
    config.expand_empty_elements = false;
    let mut parser = Parser {
        limits,
        lines: Lines {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        },
        stack: Vec::new(),
        entry: None,
        root: None,
        root_closed: false,
        app_store: false,
        columns: Vec::new(),
        index: HashMap::new(),
        rows: vec![(0, Vec::new())],
    };
    loop {
        let before = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                let line = parser.lines.of(reader.error_position());
                return Err(not_well_formed(error, line));
            }
        };
        match event {
            Event::Start(element) => parser.start(&element, before, false)?,
            Event::Empty(element) => parser.start(&element, before, true)?,
            Event::End(_) => parser.end()?,
            Event::Text(text) => parser.text(&text.xml10_content(), before)?,
            Event::CData(data) => parser.text(&data.xml10_content(), before)?,
            Event::GeneralRef(reference) => {
                let line = parser.lines.of(before);
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_xml_entity(&reference) {
                        Some(s) => s.to_owned(),
                        None => {
                            return Err(ReadError::Xml {
                                line,
                                reason: undefined_entity(&reference),
                            });
                        }
                    },
                    Err(_) => {
                        return Err(ReadError::Xml {
                            line,
                            reason: format!("&{}; is not a character", shown(&reference)),
                        });
                    }
                };
                parser.text(&resolved, before)?;
            }
            Event::DocType(_) => {
                return Err(ReadError::XmlRefused {
                    line: parser.lines.of(before),
                    reason: "has a <!DOCTYPE>, which a review feed never has (refused, so that no entity \
                             is defined or expanded)"
                        .into(),
                });
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    parser.finish(text.len() as u64)
}

impl Parser<'_> {
    fn start(&mut self, element: &BytesStart, before: u64, empty: bool) -> Result<(), ReadError> {
        let line = self.lines.of(before);
        let name = element.name().0.to_owned();
        if self.stack.len() >= self.limits.depth {
            return Err(ReadError::XmlRefused {
                line,
                reason: format!(
                    "nests elements more than {} deep, which a review feed never does",
                    self.limits.depth
                ),
            });
        }
        let mut attributes = Vec::new();
        for attribute in element.attributes() {
            let attribute = attribute.map_err(|e| ReadError::Xml {
                line,
                reason: format!("an attribute of <{}> is malformed ({e})", shown(&name)),
            })?;
            let key = attribute.key.0;
            let value = attribute
                .normalized_value_with(XmlVersion::Implicit1_0, 1, resolve_xml_entity)
                .map_err(|e| ReadError::Xml {
                    line,
                    reason: match e {
                        quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(_, entity)) => {
                            undefined_entity(&entity)
                        }
                        other => format!(
                            "the attribute {} of <{}> is malformed ({other})",
                            shown(key),
                            shown(&name)
                        ),
                    },
                })?;
            if key != "xmlns" && !key.starts_with("xmlns:") {
                attributes.push((key.to_owned(), value.into_owned()));
            } else if value == "http://itunes.apple.com/rss" {
                self.app_store = true;
            }
        }
        if self.stack.is_empty() {
            if self.root_closed {
                let root = self.root.as_deref().unwrap_or_default();
                return Err(ReadError::Xml {
                    line,
                    reason: format!(
                        "a second root element <{}> follows </{}>",
                        shown(&name),
                        shown(root)
                    ),
                });
            }
            self.root = Some(name.clone());
        }
        let mut open = Open {
            name,
            path: String::new(),
            text: String::new(),
            children: false,
            attributes: !attributes.is_empty(),
            html: None,
            xhtml: false,
            flat: false,
        };
        let mut newline = false;
        match (&mut self.entry, self.stack.last_mut()) {
            (None, _) if is_row_element(&open.name) => {
                let mut entry = Entry {
                    depth: self.stack.len(),
                    line,
                    cells: Vec::new(),
                    plain: HashSet::new(),
                };
                let prefix = join("", "attributes");
                for (key, value) in attributes {
                    entry.cells.push(Cell {
                        name: join(&prefix, &key),
                        value: value.trim().to_owned(),
                        html: None,
                    });
                }
                self.entry = Some(entry);
            }
            (Some(entry), Some(parent)) => {
                parent.children = true;
                if parent.xhtml || parent.flat {
                    open.flat = true;
                    newline = open.name.rsplit(':').next() == Some("br");
                } else {
                    open.path = join(&parent.path, &open.name);
                    let kind = attributes
                        .iter()
                        .find(|(k, _)| k == "type")
                        .map(|(_, v)| v.trim().to_ascii_lowercase());
                    open.xhtml = kind.as_deref() == Some("xhtml");
                    open.html = if matches!(kind.as_deref(), Some("html" | "xhtml")) {
                        Some(open.path.clone())
                    } else {
                        entry.plain.insert(open.path.clone());
                        parent.html.clone()
                    };
                    let prefix = join(&open.path, "attributes");
                    for (key, value) in attributes {
                        entry.cells.push(Cell {
                            name: join(&prefix, &key),
                            value: value.trim().to_owned(),
                            html: open.html.clone(),
                        });
                    }
                }
            }
            _ => {}
        }
        if newline {
            self.container().text.push('\n');
        }
        self.stack.push(open);
        if empty {
            self.end()?;
        }
        Ok(())
    }

    /// The element text goes to: the innermost one, or the `type="xhtml"` content it is inside.
    fn container(&mut self) -> &mut Open {
        let at = self
            .stack
            .iter()
            .rposition(|o| !o.flat)
            .expect("flat markup is inside its content");
        &mut self.stack[at]
    }

    fn end(&mut self) -> Result<(), ReadError> {
        // quick-xml has matched the end tag with its start tag.
        let Some(open) = self.stack.pop() else {
            return Ok(());
        };
        if self.stack.is_empty() {
            self.root_closed = true;
        }
        let Some(entry) = &mut self.entry else {
            return Ok(());
        };
        if self.stack.len() == entry.depth {
            let entry = self.entry.take().expect("in an entry");
            return self.row(entry);
        }
        if open.flat {
            if matches!(open.name.rsplit(':').next(), Some("p" | "div" | "li")) {
                self.container().text.push('\n');
            }
            return Ok(());
        }
        let text = open.text.trim();
        // An empty element is an empty value, unless its attributes are what it says (`<link href=…/>`).
        if !text.is_empty() || !(open.children || open.attributes) {
            entry.cells.push(Cell {
                name: open.path,
                value: text.to_owned(),
                html: open.html,
            });
        }
        Ok(())
    }

    fn text(&mut self, text: &str, before: u64) -> Result<(), ReadError> {
        if self.stack.is_empty() {
            if text.trim().is_empty() {
                return Ok(());
            }
            let lead = text.len() - text.trim_start().len();
            let line = self.lines.of(before) + text[..lead].matches('\n').count() as u64;
            let reason = match &self.root {
                Some(root) if self.root_closed => {
                    format!(
                        "text follows </{}>, the end of the file's element",
                        shown(root)
                    )
                }
                _ => "text comes before the file's first element".into(),
            };
            return Err(ReadError::Xml { line, reason });
        }
        if self.entry.is_some() {
            self.container().text.push_str(text);
        }
        Ok(())
    }

    fn row(&mut self, entry: Entry) -> Result<(), ReadError> {
        let Entry {
            line, cells, plain, ..
        } = entry;
        let mut row = vec![String::new(); self.columns.len()];
        for cell in cells {
            if cell.html.as_ref().is_some_and(|p| plain.contains(p)) {
                continue;
            }
            let at = match self.index.get(&cell.name) {
                Some(&at) => at,
                None => {
                    if self.columns.len() >= self.limits.columns {
                        return Err(ReadError::TooLarge(format!(
                            "more than {} columns; a review feed has a few dozen",
                            self.limits.columns
                        )));
                    }
                    self.index.insert(cell.name.clone(), self.columns.len());
                    self.columns.push(cell.name);
                    self.columns.len() - 1
                }
            };
            if at >= row.len() {
                row.resize(at + 1, String::new());
            }
            if row[at].is_empty() {
                row[at] = cell.value;
            } else if !cell.value.is_empty() {
                row[at].push_str(", ");
                row[at].push_str(&cell.value);
            }
        }
        if self.rows.len() > self.limits.rows {
            return Err(ReadError::TooLarge(format!(
                "more than {} entries",
                self.limits.rows
            )));
        }
        self.rows.push((line, row));
        Ok(())
    }

    fn finish(mut self, end: u64) -> Result<Feed, ReadError> {
        if let Some(open) = self.stack.last() {
            return Err(ReadError::Xml {
                line: self.lines.of(end),
                reason: format!("expected </{}> but the file ends", shown(&open.name)),
            });
        }
        let root = self.root.unwrap_or_default();
        let local = root.rsplit(':').next().unwrap_or_default();
        if self.rows.len() == 1 {
            return Err(ReadError::NotFeed(
                if matches!(local, "feed" | "rss" | "RDF") {
                    "it is a feed without a single <entry> or <item>, so there is nothing to read"
                } else {
                    "it is XML but not a review feed (no <entry> or <item> elements)"
                },
            ));
        }
        let kind = match local {
            "feed" => "Atom XML",
            "rss" => "RSS XML",
            "RDF" => "RSS 1.0 XML",
            _ => "XML",
        };
        let format = if self.app_store {
            format!("App Store review feed ({kind})")
        } else if kind == "XML" {
            format!("XML with <entry> or <item> elements (root <{root}>)")
        } else {
            format!("{kind} feed")
        };
        self.rows[0].1 = self.columns;
        Ok(Feed {
            rows: self.rows,
            format,
        })
    }
}

/// A name from the file, fit for a one-line sentence: up to its first whitespace, at most 40 characters.
fn shown(name: &str) -> Cow<'_, str> {
    let name = name.split(char::is_whitespace).next().unwrap_or_default();
    let name = name.split(char::is_control).next().unwrap_or_default();
    match name.char_indices().nth(40) {
        Some((at, _)) => Cow::Owned(format!("{}…", &name[..at])),
        None => Cow::Borrowed(name),
    }
}

fn undefined_entity(name: &str) -> String {
    let name = shown(name);
    format!(
        "&{name}; is not an entity XML defines (only &lt; &gt; &amp; &quot; &apos; and character references \
         like &#233; are)"
    )
}

/// A quick-xml error as the rest of "line N is not well-formed XML: …".
fn not_well_formed(error: quick_xml::Error, line: u64) -> ReadError {
    use quick_xml::errors::{IllFormedError, SyntaxError};
    let reason = match error {
        quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            format!(
                "expected </{}> but found </{}>",
                shown(&expected),
                shown(&found)
            )
        }
        quick_xml::Error::IllFormed(IllFormedError::UnmatchedEndTag(tag)) => {
            format!("</{}> closes no open element", shown(&tag))
        }
        quick_xml::Error::IllFormed(IllFormedError::UnclosedReference) => {
            "an & that starts no entity (write &amp; for the character)".into()
        }
        quick_xml::Error::IllFormed(other) => other.to_string(),
        quick_xml::Error::Syntax(syntax) => match syntax {
            SyntaxError::UnclosedTag => "a tag is not closed with >".into(),
            SyntaxError::UnclosedComment => "a comment is not closed with -->".into(),
            SyntaxError::UnclosedCData => "a CDATA section is not closed with ]]>".into(),
            SyntaxError::UnclosedDoctype => "a <!DOCTYPE> is not closed with >".into(),
            SyntaxError::UnclosedPI | SyntaxError::UnclosedXmlDecl => {
                "a <? … ?> is not closed with ?>".into()
            }
            SyntaxError::UnclosedSingleQuotedAttributeValue
            | SyntaxError::UnclosedDoubleQuotedAttributeValue => {
                "an attribute value is not closed with its quote".into()
            }
            SyntaxError::InvalidBangMarkup => {
                "<! starts neither a comment nor a CDATA section".into()
            }
        },
        quick_xml::Error::InvalidAttr(attr) => format!("an attribute is malformed ({attr})"),
        quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(_, entity)) => {
            undefined_entity(&entity)
        }
        other => other.to_string(),
    };
    ReadError::Xml { line, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(xml: &str) -> Feed {
        read(xml, LIMITS).unwrap()
    }

    fn error(xml: &str) -> String {
        match read(xml, LIMITS) {
            Ok(feed) => panic!("read {} rows", feed.rows.len() - 1),
            Err(e) => e.to_string(),
        }
    }

    /// (column, value) pairs of row `i` (1 = the first entry), without the empty ones.
    fn cells(feed: &Feed, i: usize) -> Vec<(&str, &str)> {
        feed.rows[0]
            .1
            .iter()
            .zip(&feed.rows[i].1)
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (c.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn atom_entries_are_rows_named_like_the_json_feed() {
        let feed = rows(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <feed xmlns:im=\"http://itunes.apple.com/rss\" xmlns=\"http://www.w3.org/2005/Atom\">\n\
             <title>Feed title</title><author><name>iTunes Store</name></author>\n\
             <entry>\n  <im:rating>4</im:rating>\n  <title>Bien &amp; rapide</title>\n\
             <content type=\"text\">Caf&#233; &#x1F600; &lt;ok&gt;</content>\n\
             <author><name>Zoé</name><uri>https://example.org/z</uri><label/></author>\n\
             <im:contentType term=\"Application\" label=\"Application\"/>\n\
             <content type=\"html\">&lt;b&gt;Caf&#233;&lt;/b&gt;</content>\n</entry>\n\
             <entry><im:rating>2</im:rating></entry>\n</feed>\n",
        );
        assert_eq!(feed.format, "App Store review feed (Atom XML)");
        assert_eq!(feed.rows.len(), 3);
        assert_eq!(
            cells(&feed, 1),
            [
                ("im:rating", "4"),
                ("title", "Bien & rapide"),
                ("content.attributes.type", "text"),
                ("content", "Café 😀 <ok>"),
                ("author.name", "Zoé"),
                ("author.uri", "https://example.org/z"),
                ("im:contentType.attributes.term", "Application"),
                ("im:contentType.attributes", "Application"),
            ]
        );
        assert!(
            feed.rows[0].1.contains(&"author".to_owned()),
            "<label/> is the author's own"
        );
        assert_eq!(
            (feed.rows[1].0, feed.rows[2].0),
            (4, 12),
            "rows are numbered by their <entry> line"
        );
        assert_eq!(cells(&feed, 2), [("im:rating", "2")]);
    }

    #[test]
    fn html_content_alone_is_kept_as_text_and_xhtml_is_its_text() {
        let feed = rows(
            "<feed><entry><content type=\"html\">&lt;p&gt;Tr&#232;s bien&lt;/p&gt;</content></entry>\
             <entry><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Un</p><p>Deux <b>trois</b></p></div></content></entry>\
             <entry><content type=\"html\">&lt;i&gt;x&lt;/i&gt;</content><content>plain</content></entry></feed>",
        );
        assert_eq!(feed.format, "Atom XML feed");
        assert_eq!(
            cells(&feed, 1),
            [
                ("content.attributes.type", "html"),
                ("content", "<p>Très bien</p>")
            ]
        );
        assert_eq!(
            cells(&feed, 2),
            [
                ("content.attributes.type", "xhtml"),
                ("content", "Un\nDeux trois")
            ]
        );
        assert_eq!(
            cells(&feed, 3),
            [("content", "plain")],
            "the plain one wins, wherever it is"
        );
    }

    #[test]
    fn rss_items_are_rows_and_repeated_elements_are_joined() {
        let feed = rows(
            "<?xml version='1.0'?>\r\n<rss version=\"2.0\"><channel><title>Avis</title>\r\n\
             <item><title>Un</title><description><![CDATA[<b>Très</b> bien]]></description>\
             <category>a</category><category>b</category><guid isPermaLink=\"false\">1</guid></item>\r\n\
             <item><title>Deux</title></item></channel></rss>",
        );
        assert_eq!(feed.format, "RSS XML feed");
        assert_eq!(
            cells(&feed, 1),
            [
                ("title", "Un"),
                ("description", "<b>Très</b> bien"),
                ("category", "a, b"),
                ("guid.attributes.isPermaLink", "false"),
                ("guid", "1"),
            ]
        );
        assert_eq!((feed.rows[1].0, feed.rows[2].0), (3, 4));
    }

    #[test]
    fn malformed_xml_is_one_sentence_with_its_line() {
        let feed = "<feed>\n<entry>\n<title>x</title>\n</feed>";
        assert_eq!(
            error(feed),
            "line 4 is not well-formed XML: expected </entry> but found </feed>"
        );
        assert_eq!(
            error("<feed>\n<entry>\n<title>x</title>"),
            "line 3 is not well-formed XML: expected </entry> but the file ends"
        );
        assert_eq!(
            error("<feed><entry/></feed>\n<feed/>"),
            "line 2 is not well-formed XML: a second root element <feed> follows </feed>"
        );
        assert_eq!(
            error("<feed><entry/></feed>\n\ntrailing"),
            "line 3 is not well-formed XML: text follows </feed>, the end of the file's element"
        );
        assert!(
            error("<feed><entry><t>&nbsp;</t></entry></feed>").contains("&nbsp; is not an entity")
        );
        assert!(
            error("<feed><entry><t a=\"&x;\"/></entry></feed>").contains("&x; is not an entity")
        );
        assert!(error("<feed><entry><t>a & b</t></entry></feed>").contains("write &amp;"));
        assert!(error("<feed><entry><t a=\"1\" a=\"2\"/></entry></feed>").contains("malformed"));
        assert!(
            error("<feed>\n<entry")
                .starts_with("line 2 is not well-formed XML: a tag is not closed")
        );
        assert_eq!(
            error("<!DOCTYPE feed [<!ENTITY a \"b\">]><feed/>"),
            "line 1 has a <!DOCTYPE>, which a review feed never has (refused, so that no entity is defined or \
             expanded)"
        );
        assert_eq!(
            error("<doc><para>x</para></doc>"),
            "it is XML but not a review feed (no <entry> or <item> elements)"
        );
        assert!(error("<feed><title>t</title></feed>").contains("without a single <entry>"));
        assert_eq!(error(" \n "), "it is empty");
    }

    #[test]
    fn limits_are_refused_quickly() {
        let deep = "<a>".repeat(100);
        assert_eq!(
            read(&deep, LIMITS).err().unwrap().to_string(),
            "line 1 nests elements more than 64 deep, which a review feed never does"
        );
        let small = Limits {
            depth: 8,
            columns: 3,
            rows: 2,
        };
        let wide = "<feed><entry><a/><b/><c/><d/></entry></feed>";
        assert!(
            read(wide, small)
                .err()
                .unwrap()
                .to_string()
                .contains("more than 3 columns")
        );
        let long = "<feed><entry/><entry/><entry/></feed>";
        assert!(
            read(long, small)
                .err()
                .unwrap()
                .to_string()
                .contains("more than 2 entries")
        );
        assert!(read("<feed><entry/><entry/></feed>", small).is_ok());
    }

    #[test]
    fn encodings_are_honoured_or_refused() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><feed><entry><t>caf\xe9</t></entry></feed>";
        let (text, name) = decode(latin).unwrap();
        assert_eq!(name, "windows-1252");
        assert_eq!(cells(&rows(&text), 1), [("t", "café")]);
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "<feed><entry><t>été</t></entry></feed>".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let (text, name) = decode(&utf16).unwrap();
        assert_eq!(
            (cells(&rows(&text), 1), name),
            (vec![("t", "été")], "UTF-16LE")
        );
        let bom = b"\xEF\xBB\xBF<feed/>";
        assert_eq!(decode(bom).unwrap().0, "<feed/>");
        assert_eq!(
            decode(b"<feed>\n<entry>caf\xe9</entry></feed>")
                .err()
                .unwrap()
                .to_string(),
            "line 2 is not UTF-8 (byte 0xE9), and no XML declaration names another encoding"
        );
        assert!(
            decode(b"<?xml version=\"1.0\" encoding=\"klingon\"?><feed/>")
                .err()
                .unwrap()
                .to_string()
                .contains("\"klingon\", which Waymark cannot read")
        );
        assert!(decode(b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><feed/>").is_err());
    }

    #[test]
    fn xml_is_sniffed_from_its_first_bytes() {
        assert!(starts_like_xml(
            b"\xEF\xBB\xBF  \r\n<?xml version=\"1.0\"?>"
        ));
        assert!(starts_like_xml(
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        ));
        assert!(starts_like_xml(b"\n<rss version=\"2.0\">"));
        assert!(starts_like_xml(b"\xFF\xFE<\0?\0x\0m\0l\0 \0"));
        assert!(!starts_like_xml(b"<feedback>,score\n"));
        assert!(!starts_like_xml(b"score,comment\n9,<feed>\n"));
        assert!(!starts_like_xml(b""));
    }
}
