//! Which uploads a dossier accepts: how many, how large, which kinds (by content), and the
//! name they are shown under.

pub const MAX_ATTACHMENTS: usize = 5;
pub const MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;

/// The accepted kinds of attachment, recognised by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
}

impl FileKind {
    pub fn sniff(head: &[u8]) -> Option<FileKind> {
        if head.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileKind::Png)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
        }
    }
}

/// A file name safe to show and to send back in Content-Disposition: no path, no control
/// or quoting characters, at most 120 characters, and the extension of what it really is.
pub fn clean_file_name(original: &str, kind: FileKind) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let stem: String = stem
        .chars()
        .filter(|c| !c.is_control() && !"\"';<>:|?*".contains(*c))
        .take(110)
        .collect::<String>()
        .trim()
        .to_string();
    let stem = if stem.is_empty() { "piece-jointe".to_string() } else { stem };
    format!("{stem}.{}", kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_uses_content_not_names() {
        assert_eq!(FileKind::sniff(b"%PDF-1.7\n..."), Some(FileKind::Pdf));
        assert_eq!(FileKind::sniff(b"\x89PNG\r\n\x1a\n...."), Some(FileKind::Png));
        assert_eq!(FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(FileKind::Jpeg));
        assert_eq!(FileKind::sniff(b"<html><script>"), None);
        assert_eq!(FileKind::sniff(b"MZ\x90\x00"), None);
        assert_eq!(clean_file_name("../../etc/Rapport final.PDF", FileKind::Pdf), "Rapport final.pdf");
        assert_eq!(clean_file_name("photo.pdf", FileKind::Png), "photo.png");
        assert_eq!(clean_file_name("\"';.pdf", FileKind::Pdf), "piece-jointe.pdf");
    }
}
