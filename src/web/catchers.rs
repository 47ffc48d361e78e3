//! French error pages. Anonymous requests to a protected page (401 from the guards) are
//! redirected to `/connexion`, remembering where they were going.

use askama::Template;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{catch, catchers, Catcher, Request};

use super::csrf::RefusedFields;
use super::page::Page;
use super::view::{Html, View};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorView<'a> {
    page: &'a Page,
    code: u16,
    title: &'a str,
    message: &'a str,
}

pub fn all() -> Vec<Catcher> {
    catchers![unauthorized, default]
}

#[catch(401)]
fn unauthorized(req: &Request<'_>) -> Redirect {
    let target = req.uri().to_string();
    let encoded: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
    Redirect::to(format!("/connexion?suivant={encoded}"))
}

/// A form or address holding a control character (see `web::text`).
const CONTROL_PAGE: (&str, &str) = (
    "Caractère non autorisé",
    "Ce que vous avez envoyé contient un caractère non autorisé (caractère de contrôle), qui ne peut \
     venir que d’un copier-coller ou d’un outil. Revenez à la page précédente, retirez-le, puis envoyez \
     de nouveau.",
);

fn message(status: Status) -> (&'static str, &'static str) {
    match status.code {
        400 => ("Requête invalide", "La demande envoyée par votre navigateur n’a pas pu être comprise. Revenez à la page précédente et réessayez."),
        403 => ("Accès refusé", "Vous n’avez pas accès à cette page avec votre compte, ou le formulaire a expiré. Rechargez la page précédente puis réessayez."),
        404 => ("Page introuvable", "Cette adresse ne correspond à aucune page. Elle a peut-être changé ou été supprimée."),
        405 => ("Action non permise", "Cette action n’est pas possible à cette adresse."),
        413 => ("Envoi trop volumineux", "Les données envoyées dépassent la taille autorisée. Réduisez la taille des fichiers et réessayez."),
        415 => ("Format non pris en charge", "Le format des données envoyées n’est pas accepté."),
        422 => ("Formulaire illisible", "Le formulaire envoyé est incomplet ou mal formé. Revenez à la page précédente et réessayez."),
        429 => ("Trop de demandes", "Vous avez fait trop de demandes en peu de temps. Patientez quelques minutes."),
        503 => ("Service momentanément indisponible", "Le service ne peut pas répondre pour le moment. Réessayez dans quelques instants."),
        _ if status.code >= 500 => ("Erreur du serveur", "Une erreur inattendue nous empêche de répondre. L’incident a été enregistré ; réessayez plus tard."),
        _ => ("Erreur", "La demande n’a pas pu aboutir."),
    }
}

#[catch(default)]
async fn default(status: Status, req: &Request<'_>) -> (Status, Html) {
    let (title, text) = match status.code {
        422 if !req.local_cache(RefusedFields::default).0.is_empty() => CONTROL_PAGE,
        _ => message(status),
    };
    let page = Page::of(req).await;
    (status, ErrorView { page: &page, code: status.code, title, message: text }.html())
}
