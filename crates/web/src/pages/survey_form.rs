//! The municipal survey form behind a secret token (no account): skip logic
//! live in the page (assets/app.js) and on the server, partial saves, submit.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::survey::{Answers, Completeness, Question, QuestionKind, Questionnaire, ResponseStatus};
use uppsikt_store::survey::{self, SurveyState, TokenSession};
use uppsikt_store::{Error as StoreError, Invalid};

use crate::access::survey_session as session;
use crate::auth::Viewer;
use crate::auth::viewer::form_token;
use crate::error::AppResult;
use crate::extract::{Form, Query};
use crate::pages::layout::{csrf_field, page};
use crate::state::AppState;

/// Query after a save.
#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    pub sparad: Option<String>,
}

fn radio_group(name: &str, choices: &[uppsikt_domain::survey::Choice], current: Option<&String>) -> Markup {
    html! {
        @for c in choices {
            @let id = format!("{name}-{}", c.code);
            div.choice {
                input type="radio" id=(id) name=(name) value=(c.code) checked[current == Some(&c.code)];
                label for=(id) { (c.label) }
            }
        }
    }
}

fn question(state: &AppState, q: &Question, qn: &Questionnaire, answers: &Answers) -> Markup {
    let t = &state.t.survey;
    let legend = html! {
        (q.number) ". " (q.text)
        @if q.required { " " span.hint { "(" (t.required) ")" } }
    };
    let shown = q.show_if.as_ref().is_none_or(|c| {
        answers.get(&c.item) == Some(&c.equals) && qn.item(&c.item).is_some_and(|i| qn.is_shown(i, answers))
    });
    let inner = match &q.kind {
        QuestionKind::YesNo => html! {
            fieldset { legend { (legend) } @if let Some(h) = &q.help { p.hint { (h) } }
                (radio_group(&q.id, qn.item(&q.id).and_then(|i| i.choices()).unwrap_or_default(), answers.get(&q.id))) }
        },
        QuestionKind::SingleChoice { choices } => html! {
            fieldset { legend { (legend) } @if let Some(h) = &q.help { p.hint { (h) } }
                (radio_group(&q.id, choices, answers.get(&q.id))) }
        },
        QuestionKind::Matrix { rows, scale } => html! {
            fieldset { legend { (legend) } @if let Some(h) = &q.help { p.hint { (h) } }
                @for r in rows {
                    @let name = format!("{}_{}", q.id, r.id);
                    fieldset.row { legend { (r.label) } (radio_group(&name, scale, answers.get(&name))) }
                }
            }
        },
        QuestionKind::FreeText => html! {
            div.free {
                label for=(format!("{}-text", q.id)) { (legend) }
                @if let Some(h) = &q.help { p.hint { (h) } }
                textarea id=(format!("{}-text", q.id)) name=(q.id) { (answers.get(&q.id).map(String::as_str).unwrap_or("")) }
            }
        },
    };
    html! {
        @if let Some(c) = &q.show_if {
            div.conditional id=(format!("block-{}", q.id)) data-show-if-item=(c.item) data-show-if-equals=(c.equals) hidden[!shown] { (inner) }
        } @else {
            div id=(format!("block-{}", q.id)) { (inner) }
        }
    }
}

fn form_page(
    state: &AppState,
    viewer: &Viewer,
    token: &str,
    s: &TokenSession,
    answers: &Answers,
    csrf: &str,
    (notice, problems): (Option<&str>, &[String]),
) -> Markup {
    let t = &state.t.survey;
    let body = html! {
        p { (t.municipality) ": " strong { (s.municipality_name) " (" (s.municipality) ")" } }
        p { (t.form_intro) }
        @if let Some(n) = notice { p.notice role="status" #saved-note { (n) } }
        @if !problems.is_empty() {
            div.error role="alert" #survey-problems { p { (t.problems) } ul { @for pr in problems { li { (pr) } } } }
        }
        form method="post" action=(format!("/enkat/{token}")) data-skip-logic #survey-form {
            (csrf_field(csrf))
            @for q in &s.questionnaire.questions { (question(state, q, &s.questionnaire, answers)) }
            div.buttons {
                button.secondary type="submit" name="intent" value="save" #save-survey { (t.save) }
                " "
                button type="submit" name="intent" value="submit" #submit-survey { (t.submit) }
            }
        }
        p.caption { (state.t.site.source_label) ": " (s.questionnaire.source) }
    };
    page(state, viewer, &s.questionnaire.title, body)
}

fn message_page(state: &AppState, viewer: &Viewer, title: &str, text: &str) -> Markup {
    page(state, viewer, title, html! { p #survey-message { (text) } })
}

/// `GET /enkat/{token}`
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
    Query(q): Query<SavedQuery>,
) -> AppResult<Response> {
    let s = session(&state, &token).await?;
    if s.status == ResponseStatus::Complete {
        let t = &state.t.survey;
        return Ok(message_page(&state, &viewer, &t.submitted_title, &t.submitted).into_response());
    }
    if s.state != SurveyState::Open {
        return Ok(message_page(&state, &viewer, &s.questionnaire.title, &state.t.survey.closed).into_response());
    }
    let (csrf, cookie) = form_token(&state, &viewer).await?;
    let notice = q.sparad.map(|_| state.t.survey.saved.as_str());
    let mut resp = form_page(&state, &viewer, &token, &s, &s.answers, &csrf, (notice, &[])).into_response();
    if let Some(c) = cookie {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(resp)
}

/// `POST /enkat/{token}`: `intent=save` stores what is there; `intent=submit` hands in.
pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let s = session(&state, &token).await?;
    let mut intent = "save".to_string();
    let mut answers = Answers::new();
    for (k, v) in fields {
        match k.as_str() {
            "intent" => intent = v,
            _ => {
                answers.insert(k, v);
            }
        }
    }
    let answers = s.questionnaire.prune_hidden(answers);
    let completeness = if intent == "submit" {
        Completeness::Complete
    } else {
        Completeness::Partial
    };
    let result = survey::answer(&state.store, &token, &s.questionnaire, &answers, completeness).await;
    match result {
        Ok(()) if intent == "submit" => Ok(Redirect::to(&format!("/enkat/{token}")).into_response()),
        Ok(()) => Ok(Redirect::to(&format!("/enkat/{token}?sparad=1")).into_response()),
        Err(StoreError::Invalid(Invalid::Answers(problems))) => {
            let labels: Vec<String> = problems
                .iter()
                .map(|p| {
                    let label = s
                        .questionnaire
                        .item(&p.item)
                        .map(|i| format!("{} {}", i.number, i.label));
                    format!("{}: {}", label.unwrap_or_else(|| p.item.clone()), p.kind)
                })
                .collect();
            let csrf = viewer.csrf().unwrap_or_default();
            let page = form_page(&state, &viewer, &token, &s, &answers, csrf, (None, &labels));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
