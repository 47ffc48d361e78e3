//! `/admin/editions/<year>/resultats.csv` and `ranking --edition YEAR`: every dossier with its rank, its
//! aggregate under each method, its flags, and every individual review. Pure: rows in, bytes out.

use super::deliberation::Deliberation;
use crate::applications::export::Dialect;
use crate::results::repo::Inputs;

/// Two decimals; a decimal comma in the French form, as French spreadsheets expect.
fn number(v: Option<f64>, dialect: Dialect) -> String {
    v.map(|x| {
        let s = format!("{x:.2}");
        if dialect == Dialect::French {
            s.replace('.', ",")
        } else {
            s
        }
    })
    .unwrap_or_default()
}

pub fn to_csv(inputs: &Inputs, d: &Deliberation, dialect: Dialect) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::new();
    if dialect == Dialect::French {
        out.extend_from_slice("\u{FEFF}".as_bytes());
    }
    let delimiter = if dialect == Dialect::French { b';' } else { b',' };
    let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(out);
    let mut header: Vec<String> = [
        "categorie",
        "reference",
        "collectivite",
        "titre",
        "rang",
        "agregat",
        "non_classable",
        "egalite",
        "eliminatoire",
        "desaccord",
        "ecart",
        "laureat",
        "niveau",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for m in &d.methods {
        header.push(format!("rang_{}", m.key()));
        header.push(format!("agregat_{}", m.key()));
    }
    header.extend(["jure", "note_ponderee", "note_corrigee"].map(String::from));
    for c in &inputs.rubric.criteria {
        header.push(format!("note_{}", c.slug));
        header.push(format!("commentaire_{}", c.slug));
    }
    header.push("appreciation".into());
    crate::spreadsheet::write_record(&mut w, &header)?;
    let yes = |b: bool| if b { "oui" } else { "non" }.to_string();
    for r in &d.main.dossiers {
        let Some(line) = inputs.lines.iter().find(|l| l.id == r.dossier) else { continue };
        let proposal = d.proposals.laureates.iter().find(|p| p.dossier == r.dossier);
        let mut base = vec![
            line.category.clone(),
            line.reference.clone().unwrap_or_default(),
            line.organisation.clone(),
            line.title.clone(),
            r.rank.map(|x| x.to_string()).unwrap_or_default(),
            number(r.aggregate, dialect),
            yes(r.not_rankable),
            yes(r.tie),
            r.eliminatory.join(" "),
            yes(r.disagreement),
            number(Some(r.spread), dialect),
            yes(proposal.is_some()),
            proposal.map(|p| p.level.as_str().to_string()).unwrap_or_default(),
        ];
        for (rank, aggregate) in d.by_method.get(&r.dossier).cloned().unwrap_or_default() {
            base.push(rank.map(|x| x.to_string()).unwrap_or_default());
            base.push(number(aggregate, dialect));
        }
        let reviews = inputs.reviews.iter().filter(|x| x.dossier == r.dossier);
        let mut any = false;
        for review in reviews {
            any = true;
            let mut row = base.clone();
            let scored = r.reviews.iter().find(|s| s.juror == review.juror);
            row.push(inputs.jurors.get(&review.juror).cloned().unwrap_or_default());
            row.push(number(Some(review.score), dialect));
            row.push(number(scored.map(|s| s.corrected), dialect));
            let (overall, comments) =
                inputs.comments.get(&(review.dossier, review.juror)).cloned().unwrap_or_default();
            for c in &inputs.rubric.criteria {
                row.push(review.criteria.get(&c.slug).map(|s| s.to_string()).unwrap_or_default());
                row.push(comments.get(&c.slug).cloned().unwrap_or_default());
            }
            row.push(overall);
            crate::spreadsheet::write_record(&mut w, &row)?;
        }
        if !any {
            base.resize(header.len(), String::new());
            crate::spreadsheet::write_record(&mut w, &base)?;
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
