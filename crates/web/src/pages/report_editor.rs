//! The report editor: the four questions, the measures with validation
//! inline, review actions with comments, and the report's audit trail.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::access::Principal;
use uppsikt_domain::report::{
    Action, FieldError, MeasureField, MeasureInput, MeasureStatus, Question, ReportContent, ReportState,
};
use uppsikt_domain::{Agreement, RegionCode};
use uppsikt_store::registry;
use uppsikt_store::reports::{self as store_reports, checks, import::parse_amount};

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::findings::table as findings_table;
use crate::pages::format::opt_int;
use crate::pages::layout::{csrf_field, page};
use crate::pages::reports::href;
use crate::reports::{actor, can, get, open, refusal};
use crate::state::AppState;

/// The add-measure form, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MeasureForm {
    pub title: String,
    pub description: String,
    pub area: String,
    pub status: String,
    pub cost: String,
    pub grant_funded: String,
    pub period: String,
    pub results: String,
    pub target_group: String,
}

impl MeasureForm {
    /// The domain's unchecked input.
    pub fn input(&self) -> MeasureInput {
        MeasureInput {
            title: self.title.clone(),
            description: self.description.clone(),
            area: self.area.clone(),
            status: self.status.clone(),
            cost: parse_amount(&self.cost),
            grant_funded: parse_amount(&self.grant_funded),
            period: self.period.clone(),
            results: self.results.clone(),
            target_group: self.target_group.clone(),
        }
    }
}

/// What a re-rendered editor shows besides the report.
#[derive(Default)]
struct Extras {
    message: Option<String>,
    error: Option<String>,
    form: MeasureForm,
    field_errors: Vec<FieldError>,
}

/// Query after a redirect: what was just done.
#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    pub klart: Option<String>,
}

fn field_id(f: MeasureField) -> &'static str {
    match f {
        MeasureField::Title => "m-title",
        MeasureField::Description => "m-description",
        MeasureField::Area => "m-area",
        MeasureField::Status => "m-status",
        MeasureField::Cost => "m-cost",
        MeasureField::GrantFunded => "m-grant",
        MeasureField::Period => "m-period",
        MeasureField::Results => "m-results",
        MeasureField::TargetGroup => "m-target",
    }
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    p: &Principal,
    agreement: &Agreement,
    region: RegionCode,
    x: Extras,
) -> AppResult<Markup> {
    let t = &state.t.reports;
    let report = get(state, agreement, region).await?;
    let rstate = report.as_ref().map(|r| r.state).unwrap_or(ReportState::Draft);
    let content = report.as_ref().map(|r| r.content.clone()).unwrap_or_default();
    let findings = checks::findings(&state.store, agreement, region, &content).await?;
    let audit = if report.is_some() {
        store_reports::audit(&state.store, &agreement.id, Some(region)).await?
    } else {
        Vec::new()
    };
    let region_name = registry::regions(&state.store)
        .await?
        .into_iter()
        .find(|r| r.code == region)
        .map(|r| r.name)
        .unwrap_or_default();
    let editable = can(p, rstate, &Action::Edit, region);
    let csrf = viewer.csrf().unwrap_or_default();
    let base = href(agreement.id.as_str(), region.as_str());
    let err_for = |f: MeasureField| x.field_errors.iter().filter(move |e| e.field == f);
    let invalid = |f: MeasureField| err_for(f).next().is_some();
    let field = |f: MeasureField, label: &str, input: Markup| {
        html! {
            label for=(field_id(f)) { (label) }
            @for e in err_for(f) { span.error id=(format!("{}-err", field_id(f))) { (e.problem) } }
            (input)
        }
    };
    let described = |f: MeasureField, help: Option<&str>| -> Option<String> {
        let mut ids = Vec::new();
        if help.is_some() {
            ids.push(format!("{}-help", field_id(f)));
        }
        if invalid(f) {
            ids.push(format!("{}-err", field_id(f)));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let body = html! {
        p { (t.status) ": " span.status #report-state { (rstate.label_sv()) } }
        @if let Some(m) = &x.message { p.notice role="status" { (m) } }
        @if let Some(e) = &x.error { div.error role="alert" #action-error { @for line in e.lines() { p { (line) } } } }
        @if let Some(r) = &report {
            @if let Some(c) = &r.comment { div.notice #reviewer-comment { strong { (t.comment_from_reviewer) ": " } (c) } }
            @if let Some(f) = &r.fact_check_text { div.notice { strong { (t.fact_check_text) ": " } (f) } }
        }
        section aria-labelledby="findings-h" {
            h2 #findings-h { (t.findings) }
            p.hint { (t.findings_intro) }
            div #findings { (findings_table(state, &findings)) }
        }
        section aria-labelledby="questions-h" {
            h2 #questions-h { (t.questions) }
            @if editable {
                form.stack method="post" action=(format!("{base}/svar")) {
                    (csrf_field(csrf))
                    @for q in Question::ALL {
                        label for=(format!("q-{}", q.key())) { (q.text_sv()) }
                        textarea id=(format!("q-{}", q.key())) name=(q.key()) { (content.answers.get(q).unwrap_or("")) }
                    }
                    button type="submit" { (t.save_answers) }
                }
            } @else {
                dl { @for q in Question::ALL {
                    dt { (q.text_sv()) }
                    dd { (content.answers.get(q).unwrap_or(&t.no_answer)) }
                } }
            }
        }
        section aria-labelledby="measures-h" {
            h2 #measures-h { (t.measure_list) }
            @if content.measures.is_empty() { p { (t.no_measures) } } @else {
                div.scroll { table #measures {
                    thead { tr {
                        th scope="col" { "Nr" } th scope="col" { (t.m_title) } th scope="col" { (t.m_area) }
                        th scope="col" { (t.m_status) } th scope="col" { (t.m_cost) } th scope="col" { (t.m_grant_funded) }
                        th scope="col" { (t.m_period) }
                        @if editable { th scope="col" { (state.t.common.actions) } }
                    } }
                    tbody { @for (i, m) in content.measures.iter().enumerate() { tr {
                        td { (i + 1) }
                        th scope="row" { (m.title) }
                        td { (m.area.as_deref().or(m.earmark.as_deref()).unwrap_or("–")) }
                        td { (m.status.map(|s| s.label_sv()).unwrap_or("–")) }
                        td.num { (opt_int(m.cost.map(|s| s.0))) }
                        td.num { (opt_int(m.grant_funded.map(|s| s.0))) }
                        td { (m.period.map(|p| p.to_string()).unwrap_or_else(|| "–".into())) }
                        @if editable { td {
                            form method="post" action=(format!("{base}/insatser/{}/ta-bort", i + 1)) {
                                (csrf_field(csrf))
                                button.secondary type="submit" { (t.remove) span.visually-hidden { " " (m.title) } }
                            }
                        } }
                    } } }
                } }
            }
            @if editable {
                h3 #add-measure-h { (t.add_measure) }
                @if !x.field_errors.is_empty() { p.error role="alert" #measure-errors { (t.measure_problems) } }
                form.stack method="post" action=(format!("{base}/insatser")) aria-labelledby="add-measure-h" novalidate {
                    (csrf_field(csrf))
                    (field(MeasureField::Title, &t.m_title, html! {
                        input #m-title type="text" name="title" value=(x.form.title) aria-invalid=[invalid(MeasureField::Title).then_some("true")]
                            aria-describedby=[described(MeasureField::Title, None)];
                    }))
                    (field(MeasureField::Description, &t.m_description, html! {
                        textarea #m-description name="description" { (x.form.description) }
                    }))
                    (field(MeasureField::Area, &t.m_area, html! {
                        select #m-area name="area" aria-invalid=[invalid(MeasureField::Area).then_some("true")]
                            aria-describedby=[described(MeasureField::Area, None)] {
                            option value="" { (t.choose) }
                            @for a in &agreement.areas { option value=(a.id) selected[x.form.area == a.id] { (a.name) } }
                        }
                    }))
                    (field(MeasureField::Status, &t.m_status, html! {
                        select #m-status name="status" aria-invalid=[invalid(MeasureField::Status).then_some("true")]
                            aria-describedby=[described(MeasureField::Status, None)] {
                            option value="" { (t.choose) }
                            @for s in MeasureStatus::ALL { option value=(s.key()) selected[x.form.status == s.key()] { (s.label_sv()) } }
                        }
                    }))
                    (field(MeasureField::Cost, &t.m_cost, html! {
                        p.hint #m-cost-help { (t.m_cost_help) }
                        input #m-cost type="text" inputmode="numeric" name="cost" value=(x.form.cost)
                            aria-invalid=[invalid(MeasureField::Cost).then_some("true")]
                            aria-describedby=[described(MeasureField::Cost, Some(""))];
                    }))
                    (field(MeasureField::GrantFunded, &t.m_grant_funded, html! {
                        input #m-grant type="text" inputmode="numeric" name="grant_funded" value=(x.form.grant_funded)
                            aria-invalid=[invalid(MeasureField::GrantFunded).then_some("true")]
                            aria-describedby=[described(MeasureField::GrantFunded, None)];
                    }))
                    (field(MeasureField::Period, &t.m_period, html! {
                        p.hint #m-period-help { (t.m_period_help) }
                        input #m-period type="text" name="period" value=(x.form.period)
                            aria-invalid=[invalid(MeasureField::Period).then_some("true")]
                            aria-describedby=[described(MeasureField::Period, Some(""))];
                    }))
                    (field(MeasureField::Results, &t.m_results, html! {
                        textarea #m-results name="results" { (x.form.results) }
                    }))
                    (field(MeasureField::TargetGroup, &t.m_target_group, html! {
                        input #m-target type="text" name="target_group" value=(x.form.target_group);
                    }))
                    button type="submit" #add-measure { (t.add_measure) }
                }
            } @else {
                p.hint { (t.readonly) }
            }
        }
        (actions(state, p, rstate, region, &base, csrf))
        section aria-labelledby="audit-h" {
            h2 #audit-h { (t.audit) }
            @if audit.is_empty() { p { (t.audit_empty) } } @else {
                div.scroll { table #audit {
                    thead { tr {
                        th scope="col" { (t.audit_at) } th scope="col" { (t.audit_actor) } th scope="col" { (t.audit_action) }
                        th scope="col" { (t.audit_field) } th scope="col" { (t.audit_old) } th scope="col" { (t.audit_new) }
                        th scope="col" { (t.audit_comment) }
                    } }
                    tbody { @for e in audit.iter().rev() { tr {
                        td { (e.at) } td { (e.actor) " (" (e.role) ")" } td { (e.action) }
                        td { (e.field.as_deref().unwrap_or("")) @if let Some(m) = e.measure { " #" (m) } }
                        td { (e.old.as_deref().unwrap_or("")) } td { (e.new.as_deref().unwrap_or("")) }
                        td { (e.comment.as_deref().unwrap_or("")) }
                    } } }
                } }
            }
        }
    };
    let title = format!("{}: {} – {}", t.editor_title, agreement.short_name, region_name);
    Ok(page(state, viewer, &title, body))
}

/// The forms for the workflow actions the viewer may take now.
fn actions(state: &AppState, p: &Principal, s: ReportState, region: RegionCode, base: &str, csrf: &str) -> Markup {
    let t = &state.t.reports;
    let x = || "x".to_string();
    let act = format!("{base}/atgard");
    let possible = |a: &Action| can(p, s, a, region);
    let any = [
        Action::Submit,
        Action::Return { comment: x() },
        Action::Approve,
        Action::SendForFactCheck { text: x() },
        Action::ConfirmFactCheck { comment: None },
        Action::Publish,
        Action::Unlock { reason: x() },
    ]
    .iter()
    .any(possible);
    html! {
        @if any {
            section aria-labelledby="actions-h" {
                h2 #actions-h { (t.actions) }
                @if possible(&Action::Submit) {
                    form method="post" action=(act) {
                        (csrf_field(csrf)) input type="hidden" name="action" value="submit";
                        button type="submit" #submit-report data-confirm=(t.submit_confirm) { (t.submit) }
                    }
                }
                @if possible(&Action::Return { comment: x() }) {
                    form.stack method="post" action=(act) {
                        (csrf_field(csrf)) input type="hidden" name="action" value="return";
                        label for="return-text" { (t.return_label) }
                        textarea #return-text name="text" required {}
                        button.secondary type="submit" #return-report { (t.return_btn) }
                    }
                }
                @if possible(&Action::Approve) {
                    form method="post" action=(act) {
                        (csrf_field(csrf)) input type="hidden" name="action" value="approve";
                        button type="submit" #approve-report { (t.approve) }
                    }
                }
                @if possible(&Action::SendForFactCheck { text: x() }) {
                    form.stack method="post" action=(act) {
                        (csrf_field(csrf)) input type="hidden" name="action" value="send_for_fact_check";
                        label for="fact-text" { (t.fact_check_label) }
                        textarea #fact-text name="text" required {}
                        button type="submit" { (t.send_fact_check) }
                    }
                }
                @if possible(&Action::ConfirmFactCheck { comment: None }) {
                    form.stack method="post" action=(act) {
                        (csrf_field(csrf)) input type="hidden" name="action" value="confirm_fact_check";
                        label for="confirm-text" { (t.confirm_label) }
                        textarea #confirm-text name="text" {}
                        button type="submit" { (t.confirm_fact_check) }
                    }
                }
                @if possible(&Action::Publish) {
                    form method="post" action=(act) {
                        (csrf_field(csrf)) input type="hidden" name="action" value="publish";
                        button type="submit" { (t.publish) }
                    }
                }
                @if possible(&Action::Unlock { reason: x() }) {
                    form.stack method="post" action=(act) {
                        (csrf_field(csrf)) input type="hidden" name="action" value="unlock";
                        label for="unlock-text" { (t.unlock_label) }
                        textarea #unlock-text name="text" required {}
                        button.secondary type="submit" { (t.unlock) }
                    }
                }
            }
        }
    }
}

fn done_message(state: &AppState, klart: Option<&str>, s: Option<ReportState>) -> Option<String> {
    let t = &state.t.reports;
    match klart? {
        "svar" => Some(t.answers_saved.clone()),
        "insats" => Some(t.measure_added.clone()),
        "borttagen" => Some(t.measure_removed.clone()),
        "atgard" => Some(format!("{} {}.", t.action_done, s.map(|s| s.label_sv()).unwrap_or(""))),
        _ => None,
    }
}

/// `GET /redovisningar/{agreement}/{region}`
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Query(q): Query<DoneQuery>,
) -> AppResult<Markup> {
    let p = viewer.require()?;
    let (a, r) = open(&state, &p, &agreement, &region).await?;
    let current = get(&state, &a, r).await?.map(|x| x.state);
    let extras = Extras {
        message: done_message(&state, q.klart.as_deref(), current),
        ..Extras::default()
    };
    render(&state, &viewer, &p, &a, r, extras).await
}

/// Stores new content, or answers with the refusal rendered on the page.
async fn save(
    state: &AppState,
    viewer: &Viewer,
    p: &Principal,
    a: &Agreement,
    r: RegionCode,
    content: ReportContent,
    done: &str,
) -> AppResult<Response> {
    match store_reports::save_content(&state.store, &actor(p), a, r, content).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?klart={done}", href(a.id.as_str(), r.as_str()))).into_response()),
        Err(e) => refused_page(state, viewer, p, a, r, refusal(e)).await,
    }
}

/// A refusal on the editor page; role refusals stay plain errors.
async fn refused_page(
    state: &AppState,
    viewer: &Viewer,
    p: &Principal,
    a: &Agreement,
    r: RegionCode,
    e: AppError,
) -> AppResult<Response> {
    match e {
        AppError::Conflict(m) | AppError::BadRequest(m) => {
            let status = StatusCode::CONFLICT;
            let extras = Extras {
                error: Some(m),
                ..Extras::default()
            };
            Ok((status, render(state, viewer, p, a, r, extras).await?).into_response())
        }
        other => Err(other),
    }
}

/// `POST …/svar`: the four answers.
pub async fn save_answers(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> AppResult<Response> {
    let p = viewer.require()?;
    let (a, r) = open(&state, &p, &agreement, &region).await?;
    let mut content = get(&state, &a, r).await?.map(|x| x.content).unwrap_or_default();
    for q in Question::ALL {
        let v = form
            .get(q.key())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        content.answers.set(q, v);
    }
    save(&state, &viewer, &p, &a, r, content, "svar").await
}

/// `POST …/insatser`: adds a measure; field problems are shown next to the fields.
pub async fn add_measure(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Form(form): Form<MeasureForm>,
) -> AppResult<Response> {
    let p = viewer.require()?;
    let (a, r) = open(&state, &p, &agreement, &region).await?;
    let mut content = get(&state, &a, r).await?.map(|x| x.content).unwrap_or_default();
    match form.input().parse(&a) {
        Ok(m) => {
            content.measures.push(m);
            save(&state, &viewer, &p, &a, r, content, "insats").await
        }
        Err(field_errors) => {
            // A caller who may not edit learns nothing more than a refusal.
            let rstate = get(&state, &a, r).await?.map(|x| x.state).unwrap_or(ReportState::Draft);
            if !can(&p, rstate, &Action::Edit, r) {
                return Err(AppError::Forbidden);
            }
            let extras = Extras {
                form,
                field_errors,
                ..Extras::default()
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&state, &viewer, &p, &a, r, extras).await?,
            )
                .into_response())
        }
    }
}

/// `POST …/insatser/{n}/ta-bort`: removes measure `n` (from 1); itemisations of it lose their link.
pub async fn remove_measure(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region, n)): Path<(String, String, usize)>,
) -> AppResult<Response> {
    let p = viewer.require()?;
    let (a, r) = open(&state, &p, &agreement, &region).await?;
    let mut content = get(&state, &a, r).await?.map(|x| x.content).ok_or(AppError::NotFound)?;
    if n == 0 || n > content.measures.len() {
        return Err(AppError::NotFound);
    }
    content.measures.remove(n - 1);
    let removed = n as i32;
    for m in &mut content.measures {
        m.part_of = match m.part_of {
            Some(x) if x == removed => None,
            Some(x) if x > removed => Some(x - 1),
            other => other,
        };
    }
    save(&state, &viewer, &p, &a, r, content, "borttagen").await
}

/// The action form.
#[derive(Deserialize)]
pub struct ActionForm {
    pub action: String,
    #[serde(default)]
    pub text: String,
}

/// The workflow action named by a form or API call.
pub fn parse_action(name: &str, text: &str) -> AppResult<Action> {
    let text = text.trim().to_string();
    Ok(match name {
        "submit" => Action::Submit,
        "return" => Action::Return { comment: text },
        "approve" => Action::Approve,
        "send_for_fact_check" => Action::SendForFactCheck { text },
        "confirm_fact_check" => Action::ConfirmFactCheck {
            comment: (!text.is_empty()).then_some(text),
        },
        "publish" => Action::Publish,
        "unlock" => Action::Unlock { reason: text },
        other => return Err(AppError::BadRequest(format!("okänd åtgärd '{other}'"))),
    })
}

/// `POST …/atgard`: submit, return, approve, …
pub async fn act(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Form(f): Form<ActionForm>,
) -> AppResult<Response> {
    let p = viewer.require()?;
    let (a, r) = open(&state, &p, &agreement, &region).await?;
    let action = parse_action(&f.action, &f.text)?;
    match store_reports::act(&state.store, &actor(&p), &a, r, action).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?klart=atgard", href(a.id.as_str(), r.as_str()))).into_response()),
        Err(e) if e.to_string().contains("har ingen rapport") => Err(AppError::NotFound),
        Err(e) => refused_page(&state, &viewer, &p, &a, r, refusal(e)).await,
    }
}
