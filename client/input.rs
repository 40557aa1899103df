//! Reading articles from disk: single files, folders of `.txt` files, standard input and JSON Lines
//! corpora (plain or gzip). Everything is checked before anything is sent, so a folder with one
//! file in a legacy encoding stores nothing rather than half of it.
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::CliError;

/// One article's raw bytes, known to be non-empty UTF-8, and what to call it in messages.
#[derive(Debug)]
pub struct Input {
    pub label: String,
    pub bytes: Vec<u8>,
}

/// Expands the command line's paths (files, folders, `-`) into checked inputs, in order; folders
/// contribute their `.txt` files sorted by name.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<Input>, CliError> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.is_dir() {
            let files = txt_files(path)?;
            if files.is_empty() {
                return Err(CliError::usage(format!(
                    "{}: folder holds no .txt files",
                    path.display()
                )));
            }
            for file in files {
                inputs.push(read_path(&file)?);
            }
        } else {
            inputs.push(read_path(path)?);
        }
    }
    Ok(inputs)
}

/// Reads one file, or standard input for `-`, and checks it.
pub fn read_path(path: &Path) -> Result<Input, CliError> {
    let (label, bytes) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::usage(format!("standard input: {e}")))?;
        ("standard input".to_string(), bytes)
    } else {
        let label = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| CliError::usage(format!("{label}: {e}")))?;
        (label, bytes)
    };
    checked(label, bytes)
}

/// Rejects what the server could only reject later: bytes that are not UTF-8 (an article saved as
/// Windows-1256 is common) and files with no text. Drops a UTF-8 byte order mark.
pub fn checked(label: String, mut bytes: Vec<u8>) -> Result<Input, CliError> {
    if let Err(e) = std::str::from_utf8(&bytes) {
        return Err(CliError::usage(format!(
            "{label}: not valid UTF-8 (bad byte at offset {}); convert it first, \
             e.g. iconv -f WINDOWS-1256 -t UTF-8",
            e.valid_up_to()
        )));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CliError::usage(format!("{label}: empty, no article text")));
    }
    Ok(Input { label, bytes })
}

fn txt_files(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let io_err = |e: io::Error| CliError::usage(format!("{}: {e}", dir.display()));
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io_err)? {
        let path = entry.map_err(io_err)?.path();
        let is_txt = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("txt"));
        if is_txt && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// One record of a JSON Lines corpus (`/work/shared/corpus` style); missing fields are empty, and
/// so are fields given as `null` (four corpus articles have `"title": null`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CorpusRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub source: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub published: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub title: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub text: String,
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Option::<String>::deserialize(d).map(Option::unwrap_or_default)
}

impl CorpusRecord {
    /// The raw article as khabar expects it: headline, blank line, body.
    pub fn raw_text(&self) -> String {
        match (self.title.trim().is_empty(), self.text.trim().is_empty()) {
            (true, _) => self.text.clone(),
            (false, true) => self.title.clone(),
            (false, false) => format!("{}\n\n{}", self.title, self.text),
        }
    }
}

/// Opens a JSON Lines file for reading line by line, decompressing it when it is gzip (told by its
/// magic bytes, not its name).
pub fn open_jsonl(path: &Path) -> Result<Box<dyn BufRead + Send>, CliError> {
    let label = path.display().to_string();
    let file = File::open(path).map_err(|e| CliError::usage(format!("{label}: {e}")))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let head = reader
        .fill_buf()
        .map_err(|e| CliError::usage(format!("{label}: {e}")))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::bufread::MultiGzDecoder::new(reader);
        Ok(Box::new(BufReader::with_capacity(1 << 16, gz)))
    } else {
        Ok(Box::new(reader))
    }
}

/// Counts the non-blank lines of a JSON Lines file (for the progress bar's length).
pub fn count_records(path: &Path) -> Result<u64, CliError> {
    let label = path.display().to_string();
    let mut n = 0;
    for line in open_jsonl(path)?.split(b'\n') {
        let line = line.map_err(|e| CliError::usage(format!("{label}: {e}")))?;
        if !line.iter().all(u8::is_ascii_whitespace) {
            n += 1;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_checked_before_sending() {
        // (bytes, accepted text or the error line)
        let cases: &[(&[u8], Result<&str, &str>)] = &[
            ("قال ظريف".as_bytes(), Ok("قال ظريف")),
            (b"\xEF\xBB\xBFabc", Ok("abc")),
            (
                b"ok \xC7\xE1",
                Err(
                    "a.txt: not valid UTF-8 (bad byte at offset 3); convert it first, \
                     e.g. iconv -f WINDOWS-1256 -t UTF-8",
                ),
            ),
            (b"", Err("a.txt: empty, no article text")),
            (b" \n\t\r\n", Err("a.txt: empty, no article text")),
        ];
        for (bytes, want) in cases {
            let got = checked("a.txt".into(), bytes.to_vec())
                .map(|i| String::from_utf8(i.bytes).unwrap())
                .map_err(|e| e.to_string());
            assert_eq!(got, want.map(str::to_string).map_err(str::to_string));
        }
    }

    #[test]
    fn corpus_records_become_headline_then_body() {
        let rec = |title: &str, text: &str| CorpusRecord {
            title: title.into(),
            text: text.into(),
            ..Default::default()
        };
        assert_eq!(rec("عنوان", "نص").raw_text(), "عنوان\n\nنص");
        assert_eq!(rec("", "نص").raw_text(), "نص");
        assert_eq!(rec("عنوان", " ").raw_text(), "عنوان");
    }

    #[test]
    fn corpus_fields_given_as_null_or_left_out_are_empty() {
        // (JSON line, raw text, published)
        let cases = [
            (
                r#"{"id":"a","title":null,"text":"نص","published":"2018-05-01"}"#,
                "نص",
                "2018-05-01",
            ),
            (
                r#"{"id":"b","title":"عنوان","text":"نص"}"#,
                "عنوان\n\nنص",
                "",
            ),
            (
                r#"{"title":"عنوان","text":null,"published":null}"#,
                "عنوان",
                "",
            ),
        ];
        for (line, raw, published) in cases {
            let rec: CorpusRecord = serde_json::from_str(line).expect(line);
            assert_eq!(rec.raw_text(), raw, "{line}");
            assert_eq!(rec.published, published, "{line}");
        }
    }
}
