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
    /// Set after the answers were saved, to say so.
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

/// The id of the first field of `item`, where a problem with it links to.
fn field_id(qn: &Questionnaire, item: &str) -> String {
    match qn.item(item).and_then(|i| i.choices()).and_then(|c| c.first()) {
        Some(c) => format!("{item}-{}", c.code),
        None => format!("{item}-text"),
    }
}

/// The problem with `item`, shown at its field, if there is one.
fn problem_at(problems: &[(String, String)], item: &str) -> Markup {
    html! {
        @if let Some((_, text)) = problems.iter().find(|(i, _)| i == item) {
            p.field-error id=(format!("{item}-problem")) { (text) }
        }
    }
}

fn question(
    state: &AppState,
    q: &Question,
    qn: &Questionnaire,
    answers: &Answers,
    problems: &[(String, String)],
) -> Markup {
    let t = &state.t.survey;
    let bad = |item: &str| problems.iter().any(|(i, _)| i == item);
    let legend = html! {
        (q.number) ". " (q.text)
        @if q.required { " " span.hint { "(" (t.required) ")" } }
    };
    let shown = q.show_if.as_ref().is_none_or(|c| {
        answers.get(&c.item) == Some(&c.equals) && qn.item(&c.item).is_some_and(|i| qn.is_shown(i, answers))
    });
    let inner = match &q.kind {
        QuestionKind::YesNo => html! {
            fieldset.invalid[bad(&q.id)] { legend { (legend) } @if let Some(h) = &q.help { p.hint { (h) } }
                (problem_at(problems, &q.id))
                (radio_group(&q.id, qn.item(&q.id).and_then(|i| i.choices()).unwrap_or_default(), answers.get(&q.id))) }
        },
        QuestionKind::SingleChoice { choices } => html! {
            fieldset.invalid[bad(&q.id)] { legend { (legend) } @if let Some(h) = &q.help { p.hint { (h) } }
                (problem_at(problems, &q.id))
                (radio_group(&q.id, choices, answers.get(&q.id))) }
        },
        QuestionKind::Matrix { rows, scale } => html! {
            fieldset { legend { (legend) } @if let Some(h) = &q.help { p.hint { (h) } }
                @for r in rows {
                    @let name = format!("{}_{}", q.id, r.id);
                    fieldset.row.invalid[bad(&name)] { legend { (r.label) } (problem_at(problems, &name)) (radio_group(&name, scale, answers.get(&name))) }
                }
            }
        },
        QuestionKind::FreeText => html! {
            div.free.invalid[bad(&q.id)] {
                label for=(format!("{}-text", q.id)) { (legend) }
                @if let Some(h) = &q.help { p.hint { (h) } }
                (problem_at(problems, &q.id))
                textarea id=(format!("{}-text", q.id)) name=(q.id) aria-invalid=[bad(&q.id).then_some("true")] { (answers.get(&q.id).map(String::as_str).unwrap_or("")) }
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
    (notice, problems): (Option<&str>, &[(String, String)]),
) -> Markup {
    let t = &state.t.survey;
    let body = html! {
        p { (t.municipality) ": " strong { (s.municipality_name) " (" (s.municipality) ")" } }
        p { (t.form_intro) }
        @if let Some(n) = notice { p.notice role="status" #saved-note { (n) } }
        @if !problems.is_empty() {
            div.error role="alert" tabindex="-1" #survey-problems { p { (t.problems) } ul { @for (item, text) in problems {
                li { a href=(format!("#{}", field_id(&s.questionnaire, item))) { (text) } }
            } } }
        }
        form method="post" action=(format!("/enkat/{token}")) data-skip-logic data-warn-unsaved=(state.t.site.unsaved) #survey-form {
            (csrf_field(csrf))
            @for q in &s.questionnaire.questions {
                (question(state, q, &s.questionnaire, answers, problems))
            }
            div.buttons {
                button.secondary type="submit" name="intent" value="save" #save-survey { (t.save) }
                " "
                button type="submit" name="intent" value="submit" data-confirm=(t.confirm_submit) #submit-survey { (t.submit) }
            }
        }
        p.caption { (state.t.site.source_label) ": " (s.questionnaire.source) }
    };
    page(state, viewer, &s.questionnaire.title, body)
}

/// The receipt after submitting: who answered, when, and every answer as given.
fn receipt(state: &AppState, viewer: &Viewer, s: &TokenSession) -> Markup {
    let t = &state.t.survey;
    let qn = &s.questionnaire;
    let answer_label = |item: &uppsikt_domain::survey::Item, value: &str| -> String {
        match item.choices() {
            Some(c) => c
                .iter()
                .find(|c| c.code == value)
                .map_or_else(|| value.to_string(), |c| c.label.clone()),
            None => value.to_string(),
        }
    };
    let body = html! {
        p #survey-message role="status" { (t.submitted) }
        h2 { (t.receipt_title) }
        dl.receipt {
            div { dt { (t.municipality) } dd { (s.municipality_name) " (" (s.municipality) ")" } }
            div { dt { (t.submitted_at) } dd { (s.completed_at.as_deref().map(uppsikt_domain::format::timestamp).unwrap_or_default()) } }
        }
        table #receipt-answers {
            caption { (t.receipt_answers) }
            thead { tr { th scope="col" { (t.receipt_question) } th scope="col" { (t.receipt_answer) } } }
            tbody { @for item in qn.items() { @if let Some(v) = s.answers.get(&item.id) {
                tr { th scope="row" { (item.number) " " (item.label) } td { (answer_label(item, v)) } }
            } } }
        }
        p.hint { (t.receipt_print) }
    };
    page(state, viewer, &t.submitted_title, body)
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
        return Ok(receipt(&state, &viewer, &s).into_response());
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
    let result = survey::answer(
        &state.store,
        &state.questionnaires,
        &token,
        answers.clone(),
        completeness,
        survey::HiddenAnswers::Drop,
    )
    .await;
    match result {
        Ok(_) if intent == "submit" => Ok(Redirect::to(&format!("/enkat/{token}")).into_response()),
        Ok(_) => Ok(Redirect::to(&format!("/enkat/{token}?sparad=1")).into_response()),
        Err(StoreError::Invalid(Invalid::Answers(problems))) => {
            let labels: Vec<(String, String)> = problems
                .iter()
                .map(|p| {
                    let label = s
                        .questionnaire
                        .item(&p.item)
                        .map(|i| format!("{} {}", i.number, i.label));
                    (
                        p.item.clone(),
                        format!("{}: {}", label.unwrap_or_else(|| p.item.clone()), p.kind),
                    )
                })
                .collect();
            let csrf = viewer.csrf().unwrap_or_default();
            let page = form_page(&state, &viewer, &token, &s, &answers, csrf, (None, &labels));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
