//! `/inscription`: a person opens an applicant account for a collectivité chosen from the
//! reference (searched without JavaScript), or for a public body declared by hand.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::model::{DisplayName, Email, NewPassword};
use crate::accounts::password;
use crate::accounts::session::CurrentUser;
use crate::applications::service::{self, Joining, SignUp};
use crate::applications::views::SignupPage;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::reference::repo::{self as reference, Collectivite};
use crate::reference::siren::Siren;
use crate::web::csrf::{CsrfForm, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::text::{self, QueryText};
use crate::web::view::View;
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![signup_page, signup]
}

/// Public bodies that may apply without being in the reference.
const OTHER_KINDS: [(&str, &str); 4] = [
    ("syndicat", "Syndicat mixte ou intercommunal"),
    ("petr", "Pôle d’équilibre territorial et rural (PETR), pays"),
    ("etablissement", "Établissement public local"),
    ("autre", "Autre organisme public"),
];

const CIVILITIES: [(&str, &str); 3] = [("", "—"), ("Madame", "Madame"), ("Monsieur", "Monsieur")];

#[get("/inscription?<q>&<collectivite>&<hors_liste>")]
async fn signup_page(
    page: Page,
    mut conn: Connection<Db>,
    q: Option<QueryText>,
    collectivite: Option<i64>,
    hors_liste: Option<&str>,
) -> AppResult<Reply> {
    if let Some(user) = &page.user {
        return Ok(Reply::redirect(user.role.home()));
    }
    let form = FormState::new().keep("civility", "").keep("org_kind", "syndicat");
    if let Some(id) = collectivite {
        let chosen = reference::by_id(&mut conn, id).await?.ok_or(AppError::NotFound)?;
        let form = form.keep("collectivite_id", &id.to_string());
        return Ok(Reply::page(step_two(&page, form, Some(&chosen)).html()));
    }
    if hors_liste.is_some() {
        return Ok(Reply::page(step_two(&page, form, None).html()));
    }
    let query = text::query_str(&q).trim();
    let results =
        if query.chars().count() >= 2 { reference::search(&mut conn, query, 20).await? } else { Vec::new() };
    let typed = q.as_ref().map_or("", |q| q.typed());
    Ok(Reply::page(
        SignupPage::search(&page, typed, text::query_error(&q), !query.is_empty(), &results).html(),
    ))
}

fn step_two<'a>(page: &'a Page, form: FormState, chosen: Option<&Collectivite>) -> SignupPage<'a> {
    SignupPage::account(page, form, chosen, &CIVILITIES, &OTHER_KINDS)
}

#[derive(Debug, FromForm)]
struct SignupForm {
    #[field(default = String::new())]
    collectivite_id: String,
    #[field(default = String::new())]
    org_name: String,
    #[field(default = String::new())]
    org_kind: String,
    #[field(default = String::new())]
    siren: String,
    #[field(default = String::new())]
    civility: String,
    #[field(default = String::new())]
    display_name: String,
    #[field(default = String::new())]
    job_title: String,
    #[field(default = String::new())]
    email: String,
    #[field(default = String::new())]
    phone: String,
    #[field(default = String::new())]
    password: String,
    #[field(default = String::new())]
    password_confirmation: String,
}

#[post("/inscription", data = "<form>")]
async fn signup(
    page: Page,
    db: &State<Db>,
    user: Option<CurrentUser>,
    form: CsrfForm<SignupForm, Report>,
) -> AppResult<Reply> {
    if let Some(user) = user {
        return Ok(Reply::redirect(user.role.home()));
    }
    let (f, refused) = form.into_parts();
    let mut conn = db.pool().acquire().await?;
    let mut state = FormState::new()
        .keep("collectivite_id", &f.collectivite_id)
        .keep("org_name", &f.org_name)
        .keep("org_kind", &f.org_kind)
        .keep("siren", &f.siren)
        .keep("civility", &f.civility)
        .keep("display_name", &f.display_name)
        .keep("job_title", &f.job_title)
        .keep("email", f.email.trim())
        .keep("phone", &f.phone);
    refused.report(&mut state, "");

    // The collectivité: from the reference, or declared by hand.
    let chosen = match f.collectivite_id.trim().parse::<i64>() {
        Ok(id) => Some(
            reference::by_id(&mut conn, id).await?.ok_or(AppError::BadRequest("collectivité inconnue"))?,
        ),
        Err(_) => None,
    };
    let by_hand = chosen.is_none();
    let mut declared_siren = None;
    if by_hand {
        if f.org_name.trim().chars().count() < 3 {
            state.error("org_name", "Indiquez le nom de votre structure.");
        }
        if !OTHER_KINDS.iter().any(|(v, _)| *v == f.org_kind) {
            state.error("org_kind", "Choisissez le type de structure.");
        }
        declared_siren = state.check("siren", Siren::parse(&f.siren));
    }
    if !CIVILITIES.iter().any(|(v, _)| *v == f.civility) {
        state.error("civility", "Choisissez une civilité de la liste.");
    }
    let name = state.check("display_name", DisplayName::parse(&f.display_name));
    if f.job_title.trim().is_empty() {
        state.error("job_title", "Indiquez votre fonction (par exemple : chargée de mission numérique).");
    }
    let email = state.check("email", Email::parse(&f.email));
    if !crate::applications::model::is_phone(f.phone.trim()) {
        state.error("phone", "Indiquez un numéro de téléphone, par exemple 01 23 45 67 89.");
    }
    let new_password = match NewPassword::parse(&f.password, &f.password_confirmation) {
        Ok(p) => Some(p),
        Err((field, message)) => {
            state.error(field, message);
            None
        }
    };
    let (Some(name), Some(email), Some(new_password), false) =
        (name, email, new_password, state.has_errors())
    else {
        return Ok(Reply::status(
            Status::UnprocessableEntity,
            step_two(&page, state, chosen.as_ref()).html(),
        ));
    };

    let hash = password::hash_async(new_password.expose().to_string()).await?;
    let joining = match &chosen {
        Some(c) => Joining::Listed(c),
        None => {
            Joining::Declared { name: f.org_name.trim(), kind: &f.org_kind, siren: declared_siren.as_ref() }
        }
    };
    let new = SignUp {
        joining,
        email: &email,
        name: &name,
        password_hash: &hash,
        civility: (!f.civility.is_empty()).then_some(f.civility.as_str()),
        job_title: f.job_title.trim(),
        phone: f.phone.trim(),
    };
    let mut tx = db.begin_write_on(&mut conn).await?;
    let Some((user_id, organisation_id)) = service::sign_up(&mut tx, &new, db::now()).await? else {
        // The same answer as for a new account: sign-up does not tell whether an address has
        // one. Nothing is created, and the existing account is left as it was.
        drop(tx);
        tracing::info!("inscription avec une adresse déjà utilisée : rien n’est créé");
        return Ok(Reply::success("/connexion", SIGNED_UP));
    };
    tx.commit().await?;
    tracing::info!(user = user_id, organisation = organisation_id, "inscription d’une collectivité");
    Ok(Reply::success("/connexion", SIGNED_UP))
}

/// What sign-up answers, whether the address was new or not (no session is opened, so the
/// two answers are the same).
const SIGNED_UP: &str = "Votre demande d’inscription est enregistrée. Connectez-vous avec votre adresse \
    électronique et le mot de passe choisi. Votre rattachement à la collectivité doit ensuite être confirmé \
    (par l’équipe organisatrice, ou par une personne déjà inscrite pour elle) : vous verrez alors ses dossiers.";
