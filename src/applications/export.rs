//! The CSV export of an edition's dossiers, pure: rows in, bytes out.
//! The French form (UTF-8 with BOM, `;` separator) opens directly in French spreadsheet
//! software; the plain form (`,`, no BOM) suits scripts.

use super::model::{PROJECT_STATES, SECTIONS};
use super::repo::ExportRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `;`, UTF-8 with BOM.
    French,
    /// `,`, UTF-8.
    Plain,
}

/// The header, in the order of the columns.
pub fn header() -> Vec<String> {
    let mut h: Vec<String> = [
        "reference",
        "etat",
        "categorie",
        "collectivite",
        "type_collectivite",
        "siren",
        "departement",
        "region",
        "titre",
        "resume",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.extend(SECTIONS.iter().map(|s| s.field.to_string()));
    h.extend(
        [
            "budget_euros",
            "financement",
            "partenaires",
            "avancement",
            "demarrage",
            "video",
            "contact_nom",
            "contact_courriel",
            "contact_telephone",
            "pieces_jointes",
            "depose_le",
            "empreinte_sha256",
            "motif_decision",
            "cree_le",
            "modifie_le",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    h
}

fn iso(ts: Option<i64>) -> String {
    ts.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.with_timezone(&chrono_tz::Europe::Paris).format("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_default()
}

pub fn row(r: &ExportRow) -> Vec<String> {
    let d = &r.dossier;
    let state = d.state.label();
    let project_state =
        PROJECT_STATES.iter().find(|(v, _)| Some(*v) == d.project_state.as_deref()).map_or("", |(_, l)| l);
    let mut out = vec![
        d.reference.clone().unwrap_or_default(),
        state.to_string(),
        d.category_name.clone(),
        r.organisation.clone(),
        r.organisation_kind.clone(),
        r.siren.clone().unwrap_or_default(),
        r.departement.clone().unwrap_or_default(),
        r.region.clone().unwrap_or_default(),
        d.title.clone(),
        d.summary.clone(),
    ];
    out.extend(SECTIONS.iter().map(|s| d.section(s.field).to_string()));
    out.extend([
        d.budget_euros.map(|b| b.to_string()).unwrap_or_default(),
        d.funding.clone(),
        d.partners.clone(),
        project_state.to_string(),
        d.start_date.clone().unwrap_or_default(),
        d.video_url.clone(),
        d.contact_name.clone(),
        d.contact_email.clone(),
        d.contact_phone.clone(),
        r.attachments.to_string(),
        iso(d.submitted_at),
        d.fingerprint.clone().unwrap_or_default(),
        d.decision_reason.clone(),
        iso(Some(d.created_at)),
        iso(Some(d.updated_at)),
    ]);
    out
}

/// The whole file.
pub fn to_csv(rows: &[ExportRow], dialect: Dialect) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::new();
    if dialect == Dialect::French {
        out.extend_from_slice("\u{FEFF}".as_bytes());
    }
    let delimiter = if dialect == Dialect::French { b';' } else { b',' };
    let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(out);
    crate::spreadsheet::write_record(&mut writer, header())?;
    for r in rows {
        crate::spreadsheet::write_record(&mut writer, row(r))?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_and_rows_have_the_same_width() {
        // Checked end to end (with accents and line breaks) in tests/app/applications.rs.
        assert_eq!(super::header().len(), 10 + 8 + 15);
    }
}
