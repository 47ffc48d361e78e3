//! The receipt of deposit (accusé de réception): what was filed, by whom, when, and the
//! SHA-256 fingerprint of the content, so a collectivité can prove what it submitted.

use crate::pdf::{rgb, Align, Document, Face};

#[derive(Debug, Clone)]
pub struct ReceiptData {
    /// `LTI-2026-0042`.
    pub reference: String,
    pub edition_title: String,
    pub organisation: String,
    pub organisation_siren: Option<String>,
    pub title: String,
    pub category: String,
    /// Unix seconds UTC, shown in Paris time.
    pub submitted_at: i64,
    pub submitted_by: String,
    /// 64 hexadecimal characters.
    pub fingerprint: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ReceiptError {
    #[error("empreinte invalide")]
    Fingerprint,
}

const A4_W: f32 = 210.0;
const A4_H: f32 = 297.0;
const MARGIN: f32 = 22.0;

pub fn render(data: &ReceiptData) -> Result<Vec<u8>, ReceiptError> {
    if data.fingerprint.len() != 64 || !data.fingerprint.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(ReceiptError::Fingerprint);
    }
    let blue = rgb(31, 58, 147);
    let ink = rgb(30, 30, 30);
    let grey = rgb(85, 85, 85);
    let mut doc = Document::new(&format!("Accusé de réception {}", data.reference));
    doc.page(A4_W, A4_H, |p| {
        let width = A4_W - 2.0 * MARGIN;
        // Header band.
        p.rect(0.0, A4_H - 38.0, A4_W, 38.0, blue.clone());
        p.text(Face::SansBold, 18.0, rgb(255, 255, 255), MARGIN, A4_H - 20.0, Align::Left, "Label Territoires Innovants");
        p.text(Face::SansRegular, 11.0, rgb(230, 234, 245), MARGIN, A4_H - 29.0, Align::Left, &data.edition_title);

        let mut y = A4_H - 60.0;
        p.text(Face::SerifBold, 20.0, ink.clone(), MARGIN, y, Align::Left, "Accusé de réception de dépôt");
        y -= 8.0;
        p.text(Face::SerifRegular, 13.0, grey.clone(), MARGIN, y, Align::Left, "Dossier de candidature");
        y -= 14.0;
        y = p.paragraph(
            Face::SerifRegular,
            11.0,
            ink.clone(),
            MARGIN,
            y,
            width,
            Align::Left,
            5.6,
            "L’équipe organisatrice du Label Territoires Innovants atteste avoir reçu, par la plateforme \
                 de candidature, le dossier décrit ci-dessous. Conservez ce document : il établit ce qui a été \
                 déposé et à quelle date.",
        );
        y -= 6.0;

        let label_x = MARGIN;
        let value_x = MARGIN + 48.0;
        let value_w = width - 48.0;
        let organisation = match &data.organisation_siren {
            Some(siren) => format!("{} (SIREN {siren})", data.organisation),
            None => data.organisation.clone(),
        };
        let rows: [(&str, String); 6] = [
            ("Référence", data.reference.clone()),
            ("Collectivité", organisation),
            ("Projet", data.title.clone()),
            ("Catégorie", data.category.clone()),
            ("Déposé le", format!("{} (heure de Paris)", crate::web::fr::datetime(data.submitted_at))),
            ("Déposé par", data.submitted_by.clone()),
        ];
        p.hline(MARGIN, A4_W - MARGIN, y + 4.0, rgb(200, 200, 200), 0.6);
        for (label, value) in rows {
            y -= 3.0;
            p.text(Face::SansBold, 10.5, grey.clone(), label_x, y, Align::Left, label);
            let face = if label == "Référence" { Face::SansBold } else { Face::SansRegular };
            y = p.paragraph(face, 11.0, ink.clone(), value_x, y, value_w, Align::Left, 5.4, &value);
            y -= 1.5;
            p.hline(MARGIN, A4_W - MARGIN, y + 3.5, rgb(200, 200, 200), 0.6);
        }

        // The fingerprint, in four groups of sixteen characters.
        y -= 10.0;
        p.text(Face::SerifBold, 13.0, ink.clone(), MARGIN, y, Align::Left, "Empreinte numérique du dossier (SHA-256)");
        y -= 9.0;
        let groups: Vec<&str> = (0..4).map(|i| &data.fingerprint[i * 16..(i + 1) * 16]).collect();
        p.rect(MARGIN, y - 10.0, width, 17.0, rgb(240, 242, 248));
        p.text(Face::Mono, 11.0, ink.clone(), A4_W / 2.0, y, Align::Centre, &format!("{} {}", groups[0], groups[1]));
        p.text(Face::Mono, 11.0, ink.clone(), A4_W / 2.0, y - 6.0, Align::Centre, &format!("{} {}", groups[2], groups[3]));
        y -= 20.0;
        p.paragraph(
            Face::SerifRegular,
            10.0,
            grey.clone(),
            MARGIN,
            y,
            width,
            Align::Left,
            5.0,
            "L’empreinte SHA-256 est calculée sur le contenu du dossier au moment du dépôt : textes, \
             catégorie, collectivité et empreinte de chaque pièce jointe. La moindre modification du \
             contenu donne une empreinte entièrement différente ; la plateforme conserve l’empreinte du \
             dossier déposé, ce qui permet de vérifier à tout moment que le dossier examiné par le jury \
             est bien celui-ci.",
        );

        p.hline(MARGIN, A4_W - MARGIN, 24.0, rgb(200, 200, 200), 0.6);
        p.text(
            Face::SansRegular,
            8.5,
            grey.clone(),
            A4_W / 2.0,
            17.0,
            Align::Centre,
            &format!("Label Territoires Innovants — accusé de réception {}", data.reference),
        );
    });
    Ok(doc.save())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample(fingerprint: &str) -> ReceiptData {
        ReceiptData {
            reference: "LTI-2026-0042".into(),
            edition_title: "Label Territoires Innovants 2026".into(),
            organisation: "Communauté d’agglomération du Grand Cœur — « Territoire » de l’Œuvre".into(),
            organisation_siren: Some("200069193".into()),
            title:
                "Un budget participatif numérique, accessible et sobre, co-construit avec les habitants des \
                    quartiers prioritaires et les associations d’éducation populaire"
                    .into(),
            category: "Innovation citoyenne".into(),
            submitted_at: 1_795_354_200,
            submitted_by: "Élodie Lefèvre".into(),
            fingerprint: fingerprint.into(),
        }
    }

    fn text_of(pdf: &[u8]) -> String {
        pdf_extract::extract_text_from_mem(pdf).expect("the PDF text extracts")
    }

    #[test]
    fn the_receipt_states_what_was_filed() {
        let fp = "0123456789abcdef".repeat(4);
        let pdf = render(&sample(&fp)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() < 100 * 1024, "{} bytes", pdf.len());
        let text = text_of(&pdf);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [
            "LTI-2026-0042",
            "Innovation citoyenne",
            "22 novembre 2026 à 14 h 30",
            "Élodie Lefèvre",
            "0123456789abcdef 0123456789abcdef",
            "SIREN 200069193",
            "Cœur",
            "« Territoire »",
        ] {
            assert!(flat.contains(expected), "{expected:?} missing from {flat}");
        }
    }

    #[test]
    fn another_fingerprint_gives_another_receipt() {
        let a = text_of(&render(&sample(&"a".repeat(64))).unwrap());
        let b = text_of(&render(&sample(&"b".repeat(64))).unwrap());
        assert_ne!(a, b);
        assert!(render(&sample("pas une empreinte")).is_err());
    }
}
