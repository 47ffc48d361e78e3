//! The views of the account pages: login, one's own account, the one-time links, and the
//! organisers' management of accounts.

use askama::Template;

use super::core::{AccountStatus, Role};
use super::repo::User;
use super::session::CurrentUser;
use crate::web::filters;
use crate::web::forms::FormState;
use crate::web::page::Page;

const PASSWORD_HINT: &str =
    "12 caractères au moins. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.";

#[derive(Template)]
#[template(path = "accounts/login.html")]
pub struct Login<'a> {
    pub page: &'a Page,
    /// The e-mail typed and the return path (`suivant`), with the errors.
    pub form: FormState,
}

impl<'a> Login<'a> {
    pub fn new(page: &'a Page, form: FormState) -> Self {
        Login { page, form }
    }
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
pub struct Account<'a> {
    pub page: &'a Page,
    pub user: &'a CurrentUser,
    pub profile: FormState,
    pub password_form: FormState,
    pub password_hint: &'static str,
}

impl<'a> Account<'a> {
    /// `profile` keeps the name typed (or the stored one); `password_form` only errors.
    pub fn new(page: &'a Page, user: &'a CurrentUser, profile: FormState, password_form: FormState) -> Self {
        Account { page, user, profile, password_form, password_hint: PASSWORD_HINT }
    }

    /// The page as first shown: the stored name, no errors.
    pub fn blank(page: &'a Page, user: &'a CurrentUser) -> Self {
        let profile = FormState::new().keep("display_name", &user.display_name);
        Account::new(page, user, profile, FormState::new())
    }
}

#[derive(Template)]
#[template(path = "accounts/activate.html")]
pub struct Activate<'a> {
    pub page: &'a Page,
    pub token: &'a str,
    pub account: &'a User,
    /// An account without a password yet: the link activates it.
    pub first_time: bool,
    pub form: FormState,
    pub password_hint: &'static str,
}

impl<'a> Activate<'a> {
    pub fn new(page: &'a Page, token: &'a str, account: &'a User, form: FormState) -> Self {
        Activate {
            page,
            token,
            account,
            first_time: !account.activated(),
            form,
            password_hint: PASSWORD_HINT,
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/link_invalid.html")]
pub struct LinkInvalid<'a> {
    pub page: &'a Page,
}

/// A role in a `<select>` (the form macros' `value`/`label`).
pub struct RoleOption {
    pub value: &'static str,
    pub label: &'static str,
}

fn role_options() -> Vec<RoleOption> {
    Role::ALL.iter().map(|r| RoleOption { value: r.as_str(), label: r.label() }).collect()
}

/// The filters of the list of accounts, as typed.
#[derive(Debug, Clone, Default)]
pub struct UsersFilter {
    pub q: String,
    /// A role's `as_str`, or "" for all.
    pub role: String,
    /// "actif", "desactive" or "".
    pub statut: String,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
pub struct Users<'a> {
    pub page: &'a Page,
    pub users: Vec<User>,
    pub total: i64,
    /// Links to every page of the list when there is more than one.
    pub page_links: Vec<PageLink>,
    pub q_error: Option<&'static str>,
    pub filter: UsersFilter,
    /// The search text, percent-encoded for the pages' links.
    pub q_in_url: String,
    pub roles: Vec<RoleOption>,
}

impl<'a> Users<'a> {
    pub fn new(
        page: &'a Page,
        users: Vec<User>,
        total: i64,
        (current_page, pages): (i64, i64),
        q_error: Option<&'static str>,
        filter: UsersFilter,
    ) -> Self {
        let page_links = if pages > 1 {
            (1..=pages).map(|number| PageLink { number, current: number == current_page }).collect()
        } else {
            Vec::new()
        };
        let q_in_url = quote(&filter.q);
        Users { page, users, total, page_links, q_error, filter, q_in_url, roles: role_options() }
    }
}

pub struct PageLink {
    pub number: i64,
    pub current: bool,
}

/// Percent-encodes like Python's `quote` (what Tera's `urlencode` did): letters, digits,
/// `_.-~/` are kept, every other byte is encoded.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Template)]
#[template(path = "admin/user_new.html")]
pub struct UserNew<'a> {
    pub page: &'a Page,
    pub form: FormState,
    pub roles: Vec<RoleOption>,
}

impl<'a> UserNew<'a> {
    pub fn new(page: &'a Page, form: FormState) -> Self {
        UserNew { page, form, roles: role_options() }
    }

    /// The blank form: a juror is the most frequent account to create.
    pub fn blank(page: &'a Page) -> Self {
        UserNew::new(page, FormState::new().keep("role", Role::Juror.as_str()))
    }
}

#[derive(Template)]
#[template(path = "admin/user_detail.html")]
pub struct UserDetail<'a> {
    pub page: &'a Page,
    pub account: User,
    pub status: AccountStatus,
    /// The organiser looking at their own account: no actions here.
    pub is_self: bool,
}

impl<'a> UserDetail<'a> {
    pub fn new(page: &'a Page, account: User) -> Self {
        let is_self = page.user.as_ref().is_some_and(|u| u.id == account.id);
        UserDetail { page, status: account.status(), account, is_self }
    }
}

#[derive(Template)]
#[template(path = "admin/user_link.html")]
pub struct UserLink<'a> {
    pub page: &'a Page,
    pub account: User,
    /// The full address to hand over.
    pub link: String,
    pub expires_at: i64,
    /// Shown right after creating the account (else: a new link for an existing one).
    pub created: bool,
}

impl<'a> UserLink<'a> {
    pub fn new(page: &'a Page, account: User, link: String, expires_at: i64, created: bool) -> Self {
        UserLink { page, account, link, expires_at, created }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::view::View;

    fn page(path: &str) -> Page {
        Page { user: None, csrf_token: "jeton".into(), flash: None, path: path.into() }
    }

    fn user(id: i64, name: &str, role: Role) -> User {
        User {
            id,
            email: format!("compte{id}@exemple.fr"),
            display_name: name.into(),
            password_hash: Some("$argon2id$…".into()),
            role,
            is_active: 1,
            session_version: 1,
            created_at: 1_772_323_200,
            updated_at: 1_772_323_200,
            last_login_at: None,
        }
    }

    fn me() -> CurrentUser {
        CurrentUser {
            id: 7,
            email: "moi@exemple.fr".into(),
            display_name: "Anne Moi".into(),
            role: Role::Juror,
            role_label: Role::Juror.label(),
        }
    }

    fn render(view: &impl View) -> String {
        view.html().text().expect("renders").to_string()
    }

    #[test]
    fn login_keeps_the_return_path_and_the_email() {
        let page = page("/connexion");
        let mut form = FormState::new().keep("email", "a@b.fr").keep("suivant", "/jury?x=1");
        form.error("password", "Indiquez votre mot de passe.");
        let html = render(&Login::new(&page, form));
        assert!(html.contains(r#"<input type="hidden" name="suivant" value="/jury?x=1">"#), "{html}");
        assert!(html.contains(r#"value="a@b.fr""#));
        assert!(html.contains("Indiquez votre mot de passe."));
        assert!(html.contains(r#"<input type="hidden" name="csrf_token" value="jeton">"#));
        assert!(html.contains("<title>Connexion — Label Territoires Innovants</title>"));
    }

    #[test]
    fn account_page_shows_the_person_and_two_forms() {
        let page = page("/compte");
        let me = me();
        let html = render(&Account::blank(&page, &me));
        assert!(html.contains("<dt>Adresse électronique</dt><dd>moi@exemple.fr</dd>"), "{html}");
        assert!(html.contains("<dt>Rôle</dt><dd>Juré·e</dd>"));
        assert!(html.contains(r#"value="Anne Moi""#));
        assert!(html.contains(r#"name="username" autocomplete="username" value="moi@exemple.fr""#));
        assert!(html.contains(r#"id="current_password" name="current_password" type="password""#));
        assert!(!html.contains("error-summary"));
    }

    #[test]
    fn activation_says_whether_it_activates_or_resets() {
        let page = page("/compte/activer/abc");
        let mut fresh = user(3, "Paul Nouveau", Role::Juror);
        fresh.password_hash = None;
        let html = render(&Activate::new(&page, "abc", &fresh, FormState::new()));
        assert!(html.contains("<h1>Activer votre compte</h1>"), "{html}");
        assert!(html.contains(r#"action="/compte/activer/abc""#));
        assert!(html.contains("<strong>Paul Nouveau</strong> (compte3@exemple.fr)"));
        let known = user(3, "Paul Nouveau", Role::Juror);
        let html = render(&Activate::new(&page, "abc", &known, FormState::new()));
        assert!(html.contains("<h1>Choisir un nouveau mot de passe</h1>"));
        assert!(render(&LinkInvalid { page: &page }).contains("Ce lien n’est plus valable"));
    }

    #[test]
    fn the_list_of_accounts_shows_status_and_paginates_with_its_filters() {
        let page = page("/admin/utilisateurs");
        let mut disabled = user(2, "Léa Partie", Role::Applicant);
        disabled.is_active = 0;
        let mut pending = user(3, "Paul Nouveau", Role::Juror);
        pending.password_hash = None;
        let mut active = user(4, "Zoé Active", Role::Organiser);
        active.last_login_at = Some(1_772_352_000);
        let filter = UsersFilter { q: "saint étienne".into(), role: "juror".into(), statut: String::new() };
        let view = Users::new(&page, vec![disabled, pending, active], 1234, (2, 3), None, filter);
        let html = render(&view);
        assert!(html.contains("<p role=\"status\">1\u{202f}234 comptes</p>"), "{html}");
        assert!(html.contains(r#"<span class="badge badge-inactive">Désactivé</span>"#));
        assert!(html.contains(r#"<span class="badge badge-warning">En attente d’activation</span>"#));
        assert!(html.contains(r#"<span class="badge badge-ok">Actif</span>"#));
        assert!(html.contains(r#"<span class="badge badge-organiser">Organisateur·rice</span>"#));
        assert!(html.contains(r#"<option value="juror" selected>Juré·e</option>"#));
        assert!(html.contains(r#"value="saint étienne""#));
        assert!(html.contains(
            r#"<a href="/admin/utilisateurs?q=saint%20%C3%A9tienne&amp;role=juror&amp;statut=&amp;page=3">3</a>"#
        ), "{html}");
        assert!(html.contains(r##"<a aria-current="page" href="#">2</a>"##));
        assert!(html.contains("<span class=\"muted\">jamais</span>"));
    }

    #[test]
    fn an_empty_list_and_a_refused_search() {
        let page = page("/admin/utilisateurs");
        let view = Users::new(&page, vec![], 0, (1, 1), Some("Recherche refusée."), UsersFilter::default());
        let html = render(&view);
        assert!(html.contains("Aucun compte ne correspond à ces critères."));
        assert!(html.contains(r#"<p class="field-error" id="q-erreur">Recherche refusée.</p>"#));
        assert!(!html.contains("pagination"));
    }

    #[test]
    fn new_account_form_offers_the_roles() {
        let page = page("/admin/utilisateurs/nouveau");
        let html = render(&UserNew::blank(&page));
        assert!(html.contains(r#"<option value="juror" selected>Juré·e</option>"#), "{html}");
        assert!(html.contains(r#"<option value="applicant">Collectivité candidate</option>"#));
        assert!(html.contains(r#"action="/admin/utilisateurs/nouveau""#));
    }

    #[test]
    fn account_detail_actions_depend_on_status_and_on_who_looks() {
        let page = page("/admin/utilisateurs/4");
        let html = render(&UserDetail::new(&page, user(4, "Zoé Active", Role::Juror)));
        assert!(html.contains(r#"action="/admin/utilisateurs/4/desactiver""#), "{html}");
        assert!(html.contains("Créer un lien de nouveau mot de passe"));
        assert!(html.contains("<dt>Dernière connexion</dt><dd>jamais</dd>"));
        let mut off = user(4, "Zoé Active", Role::Juror);
        off.is_active = 0;
        let html = render(&UserDetail::new(&page, off));
        assert!(html.contains(r#"action="/admin/utilisateurs/4/reactiver""#));
        assert!(!html.contains("desactiver"));
        let mut mine = page.clone();
        mine.user = Some(CurrentUser { id: 4, ..me() });
        let html = render(&UserDetail::new(&mine, user(4, "Zoé Active", Role::Juror)));
        assert!(html.contains("C’est votre propre compte"));
    }

    #[test]
    fn the_link_page_shows_the_link_once() {
        let page = page("/admin/utilisateurs/nouveau");
        let view = UserLink::new(
            &page,
            user(5, "Paul Nouveau", Role::Juror),
            "http://localhost/compte/activer/s3cret".into(),
            1_772_352_000,
            true,
        );
        let html = render(&view);
        assert!(html.contains("<h1>Compte créé</h1>"), "{html}");
        assert!(html.contains("<code>http://localhost/compte/activer/s3cret</code>"));
        assert!(html.contains("Le compte de Paul Nouveau est créé."));
        let view = UserLink::new(&page, user(5, "Paul Nouveau", Role::Juror), "l".into(), 0, false);
        assert!(render(&view).contains("<h1>Nouveau lien personnel</h1>"));
    }

    #[test]
    fn quote_is_pythons() {
        assert_eq!(quote("a b/c&d=é"), "a%20b/c%26d%3D%C3%A9");
    }
}
