//! The page frame: skip link, header with role-dependent navigation, main, footer.

use axum::http::StatusCode;
use maud::{DOCTYPE, Markup, html};
use uppsikt_domain::Role;

use crate::auth::Viewer;
use crate::security::CSRF_FIELD;
use crate::state::AppState;
use uppsikt_domain::i18n::Messages;

/// The navigation entries the viewer may use, as (href, label).
fn nav_items<'a>(t: &'a Messages, viewer: &Viewer) -> Vec<(&'static str, &'a str)> {
    let n = &t.nav;
    let mut items = vec![("/", n.home.as_str()), ("/indikatorer", n.indicators.as_str())];
    let Some(p) = viewer.actor() else {
        return items;
    };
    items.push(("/oversikt", &n.dashboard));
    items.push(("/redovisningar", &n.reports));
    items.push(("/overenskommelser", &n.agreements));
    items.push(("/granskning", &n.findings));
    items.push(("/kvalitativt", &n.qualitative));
    if p.reads_everything() {
        items.push(("/enkater", &n.surveys));
        items.push(("/handelselogg", &n.audit));
        items.push(("/rapport", &n.report));
    }
    if p.role == Role::Admin {
        items.push(("/admin/anvandare", &n.users));
    }
    items
}

/// A hidden CSRF field for a form.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(token); }
}

/// A whole page around `body`, titled `title`.
pub fn page(state: &AppState, viewer: &Viewer, title: &str, body: Markup) -> Markup {
    let t = state.t;
    html! {
        (DOCTYPE)
        html lang=(t.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title {
                    (title)
                    @if title != t.site.name { " – " (t.site.name) }
                }
                link rel="icon" type="image/svg+xml" href="/assets/favicon.svg";
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/app.js" defer {}
            }
            body {
                a.skip href="#main" { (t.site.skip_link) }
                header.site {
                    a.brand href="/" { (t.site.name) }
                    nav aria-label=(t.nav.label) {
                        ul {
                            @for (href, label) in nav_items(t, viewer) {
                                li { a href=(href) { (label) } }
                            }
                        }
                    }
                    div.account {
                        @if let Some(p) = viewer.actor() {
                            span { (t.nav.signed_in_as) " " strong { (p.name) } }
                            @if let Some(csrf) = viewer.csrf() {
                                form method="post" action="/logga-ut" {
                                    (csrf_field(csrf))
                                    button type="submit" { (t.nav.logout) }
                                }
                            }
                        } @else {
                            a href="/logga-in" { (t.nav.login) }
                        }
                    }
                }
                main #main tabindex="-1" {
                    h1 { (title) }
                    (body)
                }
                footer.site { p { (t.site.footer) } }
            }
        }
    }
}

/// The page shown for an error status.
pub fn error_page(state: &AppState, viewer: &Viewer, status: StatusCode, message: &str) -> Markup {
    let t = state.t;
    page(
        state,
        viewer,
        &t.errors.title,
        html! {
            p.error role="alert" { (message) }
            @if status == StatusCode::UNAUTHORIZED {
                p { a href="/logga-in" { (t.errors.login_link) } }
            }
        },
    )
}
