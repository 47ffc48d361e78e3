//! Laureates' certificates: one A4 landscape page, the label, the edition, the category, the
//! level, the collectivité, the project, the ceremony, the signatories, the organiser's logo,
//! and a verification code with a QR code pointing to `/certificats/<code>`.
//!
//! `verification_code` and `qr_modules` are pure; `render` lays the page out with `crate::pdf`
//! (embedded DejaVu subset: every French character).

use rand::Rng;

use crate::pdf::{rgb, Align, Document, Face};

/// The logo shipped by default (`fixtures/logo.png`); organisers configure their own.
pub const DEFAULT_LOGO: &[u8] = include_bytes!("../../../fixtures/logo.png");

/// The laureate's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Or,
    Argent,
    Bronze,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Or, Level::Argent, Level::Bronze];

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Or => "or",
            Level::Argent => "argent",
            Level::Bronze => "bronze",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Or => "Or",
            Level::Argent => "Argent",
            Level::Bronze => "Bronze",
        }
    }

    /// (main, light) colours of the level.
    fn colours(self) -> ((u8, u8, u8), (u8, u8, u8)) {
        match self {
            Level::Or => ((176, 136, 28), (250, 242, 214)),
            Level::Argent => ((122, 128, 136), (238, 240, 243)),
            Level::Bronze => ((150, 90, 45), (246, 232, 219)),
        }
    }
}

/// What a certificate says.
#[derive(Debug, Clone)]
pub struct CertificateData {
    pub code: String,
    /// The public verification address, `…/certificats/<code>`.
    pub verify_url: String,
    pub year: i64,
    pub edition_title: String,
    pub category: String,
    pub level: Level,
    pub collectivite: String,
    pub project_title: String,
    /// "12 mars 2027", already in French.
    pub ceremony_date: Option<String>,
    pub ceremony_place: String,
    /// (name, function)
    pub signatories: Vec<(String, String)>,
    /// A PNG or JPEG; the default logo when None or unreadable.
    pub logo: Option<Vec<u8>>,
}

/// Unambiguous characters (no 0/O, 1/I/L) for codes people may type.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A new verification code: 16 random characters (≈ 79 bits), in four groups: `K7MQ-…`.
pub fn verification_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: Vec<char> = (0..16).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// Whether `code` has the shape of a verification code (so anything else is "unknown" at once).
pub fn well_formed(code: &str) -> bool {
    let groups: Vec<&str> = code.split('-').collect();
    groups.len() == 4 && groups.iter().all(|g| g.len() == 4 && g.bytes().all(|b| ALPHABET.contains(&b)))
}

/// The QR code of `text` as a square of modules (true = dark), row by row from the top.
pub fn qr_modules(text: &str) -> (usize, Vec<bool>) {
    match qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => {
            let width = code.width();
            let modules = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
            (width, modules)
        }
        Err(_) => (0, Vec::new()),
    }
}

/// The files in one ZIP archive (deflated).
pub fn zip(files: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer.start_file(name.as_str(), options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// The certificate as a PDF.
pub fn render(data: &CertificateData) -> Vec<u8> {
    let (w, h) = (297.0_f32, 210.0_f32);
    let ink = rgb(30, 30, 30);
    let muted = rgb(80, 80, 80);
    let blue = rgb(31, 58, 147);
    let ((mr, mg, mb), (lr, lg, lb)) = data.level.colours();
    let main = rgb(mr, mg, mb);
    let light = rgb(lr, lg, lb);
    let mut doc =
        Document::new(&format!("Label Territoires Innovants {} — {}", data.year, data.collectivite));
    let logo =
        data.logo.as_deref().and_then(|bytes| doc.add_image(bytes)).or_else(|| doc.add_image(DEFAULT_LOGO));
    let (qr_size, modules) = qr_modules(&data.verify_url);
    doc.page(w, h, |p| {
        // Frame: a wide band of the level's light colour, a strong line and a fine one.
        p.rect(0.0, 0.0, w, h, light.clone());
        p.rect(9.0, 9.0, w - 18.0, h - 18.0, rgb(255, 255, 255));
        p.frame(9.0, 9.0, w - 18.0, h - 18.0, main.clone(), 2.2);
        p.frame(12.5, 12.5, w - 25.0, h - 25.0, main.clone(), 0.5);

        // Header: the logo, the label, the edition.
        if let Some(logo) = &logo {
            p.image(logo, 24.0, h - 50.0, 26.0);
        }
        p.text(
            Face::SansBold,
            12.0,
            blue.clone(),
            w / 2.0,
            h - 31.0,
            Align::Centre,
            "L A B E L   T E R R I T O I R E S   I N N O V A N T S",
        );
        p.text(
            Face::SerifBold,
            30.0,
            main.clone(),
            w / 2.0,
            h - 45.0,
            Align::Centre,
            "Certificat de lauréat",
        );
        p.hline(w / 2.0 - 40.0, w / 2.0 + 40.0, h - 50.5, main.clone(), 0.8);
        p.text(Face::SerifItalic, 11.5, muted.clone(), w / 2.0, h - 57.0, Align::Centre, &data.edition_title);
        p.text(
            Face::SansBold,
            10.0,
            muted.clone(),
            w - 24.0,
            h - 31.0,
            Align::Right,
            &format!("Édition {}", data.year),
        );

        // The award.
        p.text(
            Face::SerifRegular,
            13.0,
            ink.clone(),
            w / 2.0,
            h - 72.0,
            Align::Centre,
            "Le label est décerné à",
        );
        let mut y = h - 86.0;
        let name_size = if crate::pdf::text_width_mm(Face::SerifBold, 28.0, &data.collectivite) > 230.0 {
            22.0
        } else {
            28.0
        };
        y = p.paragraph(
            Face::SerifBold,
            name_size,
            ink.clone(),
            30.0,
            y,
            w - 60.0,
            Align::Centre,
            name_size * 0.45,
            &data.collectivite,
        );
        y -= 1.5;
        p.text(Face::SerifRegular, 12.0, ink.clone(), w / 2.0, y, Align::Centre, "pour le projet");
        y -= 8.5;
        let title = format!("« {} »", data.project_title);
        y = p.paragraph(Face::SerifItalic, 15.0, ink.clone(), 45.0, y, w - 90.0, Align::Centre, 6.5, &title);

        // The level: a medal with the year, a ribbon with the level; then the category.
        let ribbon_y = y - 13.0;
        p.rect(w / 2.0 - 52.0, ribbon_y, 110.0, 11.0, main.clone());
        let (mx, my) = (w / 2.0 - 56.0, ribbon_y + 5.5);
        p.disc(mx, my, 10.5, main.clone());
        p.disc(mx, my, 8.6, light.clone());
        p.text(Face::SansBold, 8.5, main.clone(), mx, my - 1.4, Align::Centre, &data.year.to_string());
        p.text(
            Face::SansBold,
            13.0,
            rgb(255, 255, 255),
            w / 2.0 + 5.0,
            ribbon_y + 3.7,
            Align::Centre,
            &format!("NIVEAU {}", data.level.label().to_uppercase()),
        );
        p.text(
            Face::SansRegular,
            11.0,
            ink.clone(),
            w / 2.0,
            ribbon_y - 8.0,
            Align::Centre,
            &format!("Catégorie « {} »", data.category),
        );

        // Ceremony, signatories, verification.
        let ceremony = match (&data.ceremony_date, data.ceremony_place.trim()) {
            (Some(d), "") => format!("Remis le {d}"),
            (Some(d), place) => format!("Remis le {d}, {place}"),
            (None, "") => String::new(),
            (None, place) => format!("Remis à {place}"),
        };
        p.text(Face::SerifItalic, 10.5, muted.clone(), w / 2.0, 44.0, Align::Centre, &ceremony);
        let slots = data.signatories.len().clamp(1, 3) as f32;
        let area = (24.0, w - 70.0);
        let slot = (area.1 - area.0) / slots;
        for (i, (name, function)) in data.signatories.iter().take(3).enumerate() {
            let cx = area.0 + slot * (i as f32 + 0.5);
            p.hline(cx - 30.0, cx + 30.0, 30.0, muted.clone(), 0.4);
            p.text(Face::SansBold, 10.0, ink.clone(), cx, 25.0, Align::Centre, name);
            p.text(Face::SansRegular, 8.5, muted.clone(), cx, 20.5, Align::Centre, function);
        }
        if qr_size > 0 {
            let side = 26.0;
            let (x0, y0) = (w - 22.0 - side, 24.0);
            let cell = side / qr_size as f32;
            p.rect(x0 - 1.5, y0 - 1.5, side + 3.0, side + 3.0, rgb(255, 255, 255));
            for (i, dark) in modules.iter().enumerate() {
                if *dark {
                    let (row, col) = (i / qr_size, i % qr_size);
                    // A hair wider than the cell, so that no seam shows between modules.
                    p.rect(
                        x0 + col as f32 * cell,
                        y0 + side - (row + 1) as f32 * cell,
                        cell + 0.02,
                        cell + 0.02,
                        ink.clone(),
                    );
                }
            }
            p.text(Face::Mono, 7.5, ink.clone(), x0 + side / 2.0, y0 - 5.0, Align::Centre, &data.code);
            p.text(
                Face::SansRegular,
                6.5,
                muted.clone(),
                x0 + side / 2.0,
                y0 - 9.0,
                Align::Centre,
                "Vérifier ce certificat",
            );
        }
    });
    doc.save()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(level: Level) -> CertificateData {
        CertificateData {
            code: "K7MQ-2XRD-P9TA-HW4C".into(),
            verify_url: "https://label.example.fr/certificats/K7MQ-2XRD-P9TA-HW4C".into(),
            year: 2025,
            edition_title: "Label Territoires Innovants 2025".into(),
            category: "Numérique responsable".into(),
            level,
            collectivite: "Communauté d’agglomération du Grand Besançon Métropole".into(),
            project_title: "Réemploi des ordinateurs des écoles : 1 200 postes sauvés, zéro déchet".into(),
            ceremony_date: Some("12 mars 2026".into()),
            ceremony_place: "Palais des congrès de Lyon".into(),
            signatories: vec![
                ("Hélène Garnier-Œuvray".into(), "Présidente de l’association".into()),
                ("Jérôme Dubœuf".into(), "Président du jury".into()),
            ],
            logo: None,
        }
    }

    #[test]
    fn codes_are_random_well_formed_and_unambiguous() {
        let a = verification_code();
        let b = verification_code();
        assert_ne!(a, b);
        assert!(well_formed(&a) && well_formed(&b), "{a} {b}");
        assert!(!a.contains('0') && !a.contains('O') && !a.contains('I') && !a.contains('1'));
        assert!(!well_formed("K7MQ-2XRD-P9TA-HW4"), "too short");
        assert!(!well_formed("K7MQ-2XRD-P9TA-HW40"), "0 is not in the alphabet");
        assert!(!well_formed("../../etc/passwd"));
    }

    #[test]
    fn the_qr_code_encodes_the_verification_url() {
        let url = "https://label.example.fr/certificats/K7MQ-2XRD-P9TA-HW4C";
        let (size, modules) = qr_modules(url);
        assert!(size >= 21);
        // Draw the modules as the PDF does (4-module quiet zone, 8 px per module) and decode.
        let scale = 8;
        let side = (size + 8) * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = ((x / scale) as isize - 4, (y / scale) as isize - 4);
            let inside = (0..size as isize).contains(&mx) && (0..size as isize).contains(&my);
            if inside && modules[my as usize * size + mx as usize] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().expect("a readable QR code");
        assert_eq!(content, url);
    }

    #[test]
    fn a_configured_logo_is_used_and_a_broken_one_falls_back_to_the_default() {
        let mut data = sample(Level::Or);
        let default = render(&data);
        data.logo = Some(b"not an image".to_vec());
        assert!(render(&data).len().abs_diff(default.len()) < 2048, "the default logo instead");
        // A JPEG-free, tiny PNG logo of another size.
        let mut png = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut png, 2, 2);
            encoder.set_color(png::ColorType::Rgb);
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(&[255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]).unwrap();
        }
        data.logo = Some(png);
        let custom = render(&data);
        assert!(
            custom.starts_with(b"%PDF") && custom.len() < default.len(),
            "a smaller logo, a smaller file"
        );
    }

    #[test]
    fn the_certificate_says_who_won_what_and_stays_small() {
        for level in Level::ALL {
            let pdf = render(&sample(level));
            assert!(pdf.starts_with(b"%PDF"));
            assert!(pdf.len() < 100 * 1024, "{} bytes", pdf.len());
            let text = pdf_extract::extract_text_from_mem(&pdf).expect("readable text");
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains("Grand Besançon Métropole"), "{flat}");
            assert!(flat.contains("Numérique responsable"));
            assert!(flat.contains(&format!("NIVEAU {}", level.label().to_uppercase())));
            assert!(
                flat.contains("Hélène Garnier-Œuvray") && flat.contains("Dubœuf"),
                "every French character"
            );
            assert!(flat.contains("K7MQ-2XRD-P9TA-HW4C"));
        }
    }
}
