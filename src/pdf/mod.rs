//! Text layout on printpdf for the documents the application issues (receipts of deposit,
//! laureates' certificates): embedded DejaVu fonts, measured text, wrapping, alignment.
//! printpdf places text at a point (bottom-left origin, in points); this module measures
//! glyph advances so that lines can be centred, right-aligned and wrapped.

use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};
use unicode_normalization::UnicodeNormalization;

/// The faces available to documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    SerifRegular,
    SerifBold,
    SerifItalic,
    SansRegular,
    SansBold,
    Mono,
}

impl Face {
    const ALL: [Face; 6] = [
        Face::SerifRegular,
        Face::SerifBold,
        Face::SerifItalic,
        Face::SansRegular,
        Face::SansBold,
        Face::Mono,
    ];

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::SerifRegular => dejavu::serif::regular(),
            Face::SerifBold => dejavu::serif::bold(),
            Face::SerifItalic => dejavu::serif::italic(),
            Face::SansRegular => dejavu::sans::regular(),
            Face::SansBold => dejavu::sans::bold(),
            Face::Mono => dejavu::sans_mono::regular(),
        }
    }

    fn index(self) -> usize {
        Face::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// The parsed font, once per process.
    pub fn font(self) -> &'static ParsedFont {
        static FONTS: OnceLock<Vec<ParsedFont>> = OnceLock::new();
        let fonts = FONTS.get_or_init(|| {
            Face::ALL
                .iter()
                .map(|f| {
                    ParsedFont::from_bytes(f.bytes(), 0, &mut Vec::new())
                        .expect("the DejaVu fonts shipped by the dejavu crate parse")
                })
                .collect()
        });
        &fonts[self.index()]
    }
}

pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// Width of `text` set in `face` at `size_pt`, in millimetres.
pub fn text_width_mm(face: Face, size_pt: f32, text: &str) -> f32 {
    let font = face.font();
    let units = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    let advance: f32 = nfc(text)
        .chars()
        .map(|c| {
            let gid = font.lookup_glyph_index(c as u32).or_else(|| font.lookup_glyph_index('?' as u32));
            gid.map_or(0.0, |g| f32::from(font.get_horizontal_advance(g)))
        })
        .sum();
    advance / units * size_pt * 25.4 / 72.0
}

/// Greedy word wrap to `max_width_mm`; a word wider than the line is cut.
pub fn wrap(face: Face, size_pt: f32, text: &str, max_width_mm: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in nfc(text).split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if text_width_mm(face, size_pt, &candidate) <= max_width_mm {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone may still be too wide: cut it.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if text_width_mm(face, size_pt, &piece) > max_width_mm && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(String::is_empty) && lines.len() > 1 {
        lines.pop();
    }
    lines
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// An RGB colour from 0–255 components.
pub fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(r) / 255.0,
        g: f32::from(g) / 255.0,
        b: f32::from(b) / 255.0,
        icc_profile: None,
    })
}

/// A document under construction: fonts registered once, pages of operations.
pub struct Document {
    doc: PdfDocument,
    fonts: Vec<FontId>,
    pages: Vec<PdfPage>,
}

/// One page being drawn; coordinates in millimetres from the bottom-left corner.
pub struct Page<'d> {
    fonts: &'d [FontId],
    pub width: f32,
    pub height: f32,
    ops: Vec<Op>,
}

impl Document {
    pub fn new(title: &str) -> Document {
        let mut doc = PdfDocument::new(title);
        let fonts = Face::ALL.iter().map(|f| doc.add_font(f.font())).collect();
        Document { doc, fonts, pages: Vec::new() }
    }

    /// Draws a page of `width` × `height` mm with `draw`.
    pub fn page(&mut self, width: f32, height: f32, draw: impl FnOnce(&mut Page<'_>)) {
        let mut page = Page { fonts: &self.fonts, width, height, ops: Vec::new() };
        draw(&mut page);
        self.pages.push(PdfPage::new(Mm(width), Mm(height), page.ops));
    }

    /// Registers a PNG or JPEG image; returns its handle, or None if the bytes are not an image.
    pub fn add_image(&mut self, bytes: &[u8]) -> Option<Image> {
        let raw = printpdf::RawImage::decode_from_bytes(bytes, &mut Vec::new()).ok()?;
        let (width_px, height_px) = (raw.width as f32, raw.height as f32);
        let id = self.doc.add_image(&raw);
        Some(Image { id, width_px, height_px })
    }

    /// The PDF bytes: fonts subset to the glyphs used, streams compressed.
    pub fn save(self) -> Vec<u8> {
        let Document { mut doc, pages, .. } = self;
        let options = PdfSaveOptions { subset_fonts: true, ..PdfSaveOptions::default() };
        doc.with_pages(pages).save(&options, &mut Vec::new())
    }
}

/// An image registered on a document, to be placed on its pages.
#[derive(Debug, Clone)]
pub struct Image {
    id: printpdf::XObjectId,
    pub width_px: f32,
    pub height_px: f32,
}

fn mm(v: f32) -> Pt {
    Mm(v).into_pt()
}

impl Page<'_> {
    /// One line of text whose baseline is at `y`; `x` is its left edge, centre or right edge.
    #[expect(clippy::too_many_arguments, reason = "a drawing call reads best with its coordinates inline")]
    pub fn text(&mut self, face: Face, size_pt: f32, color: Color, x: f32, y: f32, align: Align, text: &str) {
        let text = nfc(text);
        let width = text_width_mm(face, size_pt, &text);
        let left = match align {
            Align::Left => x,
            Align::Centre => x - width / 2.0,
            Align::Right => x - width,
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: color },
            Op::SetFont {
                font: PdfFontHandle::External(self.fonts[face.index()].clone()),
                size: Pt(size_pt),
            },
            Op::SetTextCursor { pos: Point { x: mm(left), y: mm(y) } },
            Op::ShowText { items: vec![TextItem::Text(text)] },
            Op::EndTextSection,
        ]);
    }

    /// A wrapped paragraph starting with its first baseline at `y`; returns the baseline
    /// after its last line.
    #[expect(clippy::too_many_arguments, reason = "a drawing call reads best with its coordinates inline")]
    pub fn paragraph(
        &mut self,
        face: Face,
        size_pt: f32,
        color: Color,
        x: f32,
        y: f32,
        width: f32,
        align: Align,
        leading: f32,
        text: &str,
    ) -> f32 {
        let mut y = y;
        for line in wrap(face, size_pt, text, width) {
            let anchor = match align {
                Align::Left => x,
                Align::Centre => x + width / 2.0,
                Align::Right => x + width,
            };
            self.text(face, size_pt, color.clone(), anchor, y, align, &line);
            y -= leading;
        }
        y
    }

    pub fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, fill: Color) {
        self.ops.extend([
            Op::SetFillColor { col: fill },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: mm(x),
                    y: mm(y),
                    width: mm(width),
                    height: mm(height),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            },
        ]);
    }

    /// A rectangle's outline.
    pub fn frame(&mut self, x: f32, y: f32, width: f32, height: f32, color: Color, thickness_pt: f32) {
        self.ops.extend([
            Op::SetOutlineColor { col: color },
            Op::SetOutlineThickness { pt: Pt(thickness_pt) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: mm(x),
                    y: mm(y),
                    width: mm(width),
                    height: mm(height),
                    mode: Some(PaintMode::Stroke),
                    winding_order: None,
                },
            },
        ]);
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, color: Color, thickness_pt: f32) {
        self.ops.extend([
            Op::SetOutlineColor { col: color },
            Op::SetOutlineThickness { pt: Pt(thickness_pt) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint { p: Point { x: mm(x1), y: mm(y) }, bezier: false },
                        LinePoint { p: Point { x: mm(x2), y: mm(y) }, bezier: false },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    /// `image` scaled to `width` mm (its proportions kept), bottom-left corner at (`x`, `y`).
    pub fn image(&mut self, image: &Image, x: f32, y: f32, width: f32) {
        let dpi = image.width_px * 25.4 / width.max(0.1);
        self.ops.push(Op::UseXobject {
            id: image.id.clone(),
            transform: printpdf::XObjectTransform {
                translate_x: Some(mm(x)),
                translate_y: Some(mm(y)),
                dpi: Some(dpi),
                ..Default::default()
            },
        });
    }

    /// A filled closed shape through `points` (mm).
    pub fn polygon(&mut self, points: &[(f32, f32)], fill: Color) {
        self.ops.extend([
            Op::SetFillColor { col: fill },
            Op::DrawPolygon {
                polygon: printpdf::Polygon {
                    rings: vec![printpdf::PolygonRing {
                        points: points
                            .iter()
                            .map(|(x, y)| LinePoint { p: Point { x: mm(*x), y: mm(*y) }, bezier: false })
                            .collect(),
                    }],
                    mode: PaintMode::Fill,
                    winding_order: printpdf::WindingOrder::NonZero,
                },
            },
        ]);
    }

    /// A filled disc, drawn as a 72-sided polygon.
    pub fn disc(&mut self, cx: f32, cy: f32, r: f32, fill: Color) {
        let points: Vec<(f32, f32)> = (0..72)
            .map(|i| {
                let a = i as f32 * std::f32::consts::TAU / 72.0;
                (cx + r * a.cos(), cy + r * a.sin())
            })
            .collect();
        self.polygon(&points, fill);
    }

    /// Raw operations, for what this module does not cover.
    pub fn ops(&mut self) -> &mut Vec<Op> {
        &mut self.ops
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_measured() {
        assert_eq!(text_width_mm(Face::SerifRegular, 12.0, ""), 0.0);
        let short = text_width_mm(Face::SerifRegular, 12.0, "Lyon");
        let long = text_width_mm(Face::SerifRegular, 12.0, "Lyon Métropole");
        assert!(long > short && short > 0.0);
        assert!(text_width_mm(Face::SerifBold, 12.0, "Lyon") >= short);
        // Twice the size, twice the width.
        let double = text_width_mm(Face::SerifRegular, 24.0, "Lyon");
        assert!((double - 2.0 * short).abs() < 0.01);
    }

    #[test]
    fn wrapping_respects_the_width_and_keeps_the_words() {
        let text =
            "Communauté d’agglomération du Grand Besançon Métropole — « numérique responsable » et sobriété";
        let lines = wrap(Face::SansRegular, 11.0, text, 60.0);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(text_width_mm(Face::SansRegular, 11.0, line) <= 60.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
        let cut = wrap(Face::SansRegular, 11.0, &"a".repeat(200), 30.0);
        assert!(cut.len() > 1 && cut.iter().all(|l| text_width_mm(Face::SansRegular, 11.0, l) <= 30.0));
    }
}
