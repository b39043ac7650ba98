//! The report editor: the four questions, the measures with validation
//! inline (added and edited), review actions with comments, and the report's
//! audit trail. Every form carries the version of the report it was made
//! from, so a change made meanwhile in another tab is refused (409), not
//! silently overwritten.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use uppsikt_domain::measure::{FieldError, MeasureField, MeasureInput, MeasureStatus};
use uppsikt_domain::report::{Action, ActionKind, Question, ReportContent, ReportState, TextRule};
use uppsikt_domain::{Actor, Agreement, RegionCode, format, tr};
use uppsikt_store::{registry, reports, validation};

use crate::access::{can, now, open_report, report};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Query};
use crate::pages::audit::audit_table;
use crate::pages::findings::table as findings_table;
use crate::pages::layout::{csrf_field, page};
use crate::state::AppState;

/// Link to a report's editor.
pub fn href(agreement: &str, region: &str) -> String {
    format!("/redovisningar/{agreement}/{region}")
}

/// What a re-rendered editor shows besides the report: a notice, a refusal,
/// and the measure form as typed with its problems.
#[derive(Default)]
struct Notices {
    message: Option<String>,
    error: Option<String>,
    form: MeasureInput,
    field_errors: Vec<FieldError>,
    /// The number of the measure being edited, when the form edits one.
    editing: Option<i32>,
}

/// Query of the editor: what was just done, or which measure to edit.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditorQuery {
    /// Set after a redirect: what was done.
    pub klart: Option<String>,
    /// The number of the measure to edit.
    pub redigera: Option<i32>,
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

fn amount_text(a: &uppsikt_domain::measure::AmountInput) -> String {
    match a {
        uppsikt_domain::measure::AmountInput::Text(t) => t.clone(),
        uppsikt_domain::measure::AmountInput::Number(x) => x.to_string(),
    }
}

/// The hidden field that carries the version a form was made from.
fn version_field(version: i64) -> Markup {
    html! { input type="hidden" name="version" value=(version); }
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    actor: &Actor,
    agreement: &Agreement,
    region: RegionCode,
    x: Notices,
) -> AppResult<Markup> {
    let t = &state.t.reports;
    let stored = report(state, agreement, region).await?;
    let rstate = stored.as_ref().map(|r| r.state).unwrap_or(ReportState::Draft);
    let version = stored.as_ref().map(|r| r.version).unwrap_or(0);
    let content = stored.as_ref().map(|r| r.content.clone()).unwrap_or_default();
    let findings = validation::report_findings(&state.store, agreement, region, &content).await?;
    let audit = if stored.is_some() {
        reports::audit(&state.store, &agreement.id, Some(region)).await?
    } else {
        Vec::new()
    };
    let region_name = registry::region(&state.store, region)
        .await?
        .map(|r| r.name)
        .unwrap_or_default();
    let editable = can(actor, rstate, ActionKind::Edit, region);
    let csrf = viewer.csrf().unwrap_or_default();
    let base = href(agreement.id.as_str(), region.as_str());
    let area_name = |id: &str| {
        agreement
            .area(id)
            .map(|a| a.name.clone())
            .or_else(|| agreement.earmark(id).map(|e| e.name.clone()))
            .unwrap_or_else(|| id.to_string())
    };
    let err_for = |f: MeasureField| x.field_errors.iter().filter(move |e| e.field == f);
    let invalid = |f: MeasureField| err_for(f).next().is_some();
    let field = |f: MeasureField, label: &str, input: Markup| {
        html! {
            label for=(field_id(f)) { (label) }
            @for e in err_for(f) { span.error id=(format!("{}-err", field_id(f))) { (e.problem) } }
            (input)
        }
    };
    let described = |f: MeasureField, help: bool| -> Option<String> {
        let mut ids = Vec::new();
        if help {
            ids.push(format!("{}-help", field_id(f)));
        }
        if invalid(f) {
            ids.push(format!("{}-err", field_id(f)));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let measure_action = match x.editing {
        Some(n) => format!("{base}/insatser/{n}"),
        None => format!("{base}/insatser"),
    };
    let action_hidden = html! { (csrf_field(csrf)) (version_field(version)) };
    let body = html! {
        // A refused form answers at its POST address (…/insatser); the page's
        // own address is put back so a reload or a bookmark shows the editor.
        span hidden data-canonical=(base) {}
        // Until anything is saved there is no report: the same words as the lists use.
        p { (t.status) ": " span.status #report-state {
            @if stored.is_some() { (rstate.label_sv()) } @else { (t.missing) }
        } }
        @if let Some(m) = &x.message { p.notice role="status" { (m) } }
        @if let Some(e) = &x.error { div.error role="alert" tabindex="-1" #action-error { @for line in e.lines() { p { (line) } } } }
        @if let Some(r) = &stored {
            @if let Some(c) = &r.comment { div.notice #reviewer-comment { strong { (t.comment_from_reviewer) ": " } (c) } }
            @if let Some(f) = &r.fact_check_text { div.notice { strong { (t.fact_check_text) ": " } (f) } }
        }
        section aria-labelledby="findings-h" {
            h2 #findings-h { (t.findings) }
            p.hint { (t.findings_intro) }
            div #findings { (findings_table(state, &findings, &[(region.to_string(), region_name.clone())])) }
        }
        section aria-labelledby="questions-h" {
            h2 #questions-h { (t.questions) }
            @if editable {
                form.stack method="post" action=(format!("{base}/svar")) data-warn-unsaved=(state.t.site.unsaved)
                    data-autosave="autosave-status" {
                    (csrf_field(csrf)) (version_field(version))
                    p.hint #autosave-status role="status" data-saved=(t.autosaved) data-failed=(t.autosave_failed) { (t.autosave_note) }
                    @for q in Question::ALL {
                        label for=(format!("q-{}", q.code())) { (q.text_sv()) }
                        textarea id=(format!("q-{}", q.code())) name=(q.code()) { (content.answers.get(q).unwrap_or("")) }
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
                div.scroll tabindex="0" { table #measures {
                    thead { tr {
                        th scope="col" { "Nr" } th scope="col" { (t.m_title) } th scope="col" { (t.m_area) }
                        th scope="col" { (t.m_status) } th scope="col" { (t.m_cost) } th scope="col" { (t.m_grant_funded) }
                        th scope="col" { (t.m_period) }
                        @if editable { th scope="col" { (state.t.common.actions) } }
                    } }
                    tbody { @for m in &content.measures { @let n = m.number.unwrap_or_default(); tr {
                        td { (n) }
                        th scope="row" { (m.title) }
                        td { (m.area.as_deref().or(m.earmark.as_deref()).map(area_name).unwrap_or_else(|| format::DASH.into())) }
                        td { (m.status.map(|s| s.label_sv()).unwrap_or(format::DASH)) }
                        td.num { (format::opt_int(m.cost.map(|s| s.0))) }
                        td.num { (format::opt_int(m.grant_funded.map(|s| s.0))) }
                        td { (m.period.map(|p| p.to_string()).unwrap_or_else(|| format::DASH.into())) }
                        @if editable { td.actions {
                            a href=(format!("{base}?redigera={n}#measure-form-h")) {
                                (t.edit) span.visually-hidden { " " (m.title) }
                            }
                            form method="post" action=(format!("{base}/insatser/{n}/ta-bort")) {
                                (csrf_field(csrf)) (version_field(version))
                                button.secondary type="submit" { (t.remove) span.visually-hidden { " " (m.title) } }
                            }
                        } }
                    } } }
                } }
            }
            @if editable {
                h3 #measure-form-h { @if x.editing.is_some() { (t.edit_measure) } @else { (t.add_measure) } }
                @if !x.field_errors.is_empty() { p.error role="alert" tabindex="-1" #measure-errors { (t.measure_problems) } }
                form.stack method="post" action=(measure_action) aria-labelledby="measure-form-h" novalidate data-warn-unsaved=(state.t.site.unsaved) {
                    (csrf_field(csrf)) (version_field(version))
                    (field(MeasureField::Title, &t.m_title, html! {
                        input #m-title type="text" name="title" value=(x.form.title) aria-invalid=[invalid(MeasureField::Title).then_some("true")]
                            aria-describedby=[described(MeasureField::Title, false)];
                    }))
                    (field(MeasureField::Description, &t.m_description, html! {
                        textarea #m-description name="description" { (x.form.description) }
                    }))
                    (field(MeasureField::Area, &t.m_area, html! {
                        select #m-area name="area" aria-invalid=[invalid(MeasureField::Area).then_some("true")]
                            aria-describedby=[described(MeasureField::Area, false)] {
                            option value="" { (t.choose) }
                            @for a in &agreement.areas { option value=(a.id) selected[x.form.area == a.id] { (a.name) } }
                        }
                    }))
                    (field(MeasureField::Status, &t.m_status, html! {
                        select #m-status name="status" aria-invalid=[invalid(MeasureField::Status).then_some("true")]
                            aria-describedby=[described(MeasureField::Status, false)] {
                            option value="" { (t.choose) }
                            @for s in MeasureStatus::ALL { option value=(s.code()) selected[x.form.status == s.code()] { (s.label_sv()) } }
                        }
                    }))
                    (field(MeasureField::Cost, &t.m_cost, html! {
                        p.hint #m-cost-help { (t.m_cost_help) }
                        input #m-cost type="text" inputmode="numeric" name="cost" value=(amount_text(&x.form.cost))
                            aria-invalid=[invalid(MeasureField::Cost).then_some("true")]
                            aria-describedby=[described(MeasureField::Cost, true)];
                    }))
                    (field(MeasureField::GrantFunded, &t.m_grant_funded, html! {
                        input #m-grant type="text" inputmode="numeric" name="grant_funded" value=(amount_text(&x.form.grant_funded))
                            aria-invalid=[invalid(MeasureField::GrantFunded).then_some("true")]
                            aria-describedby=[described(MeasureField::GrantFunded, false)];
                    }))
                    (field(MeasureField::Period, &t.m_period, html! {
                        p.hint #m-period-help { (t.m_period_help) }
                        input #m-period type="text" name="period" value=(x.form.period)
                            aria-invalid=[invalid(MeasureField::Period).then_some("true")]
                            aria-describedby=[described(MeasureField::Period, true)];
                    }))
                    (field(MeasureField::Results, &t.m_results, html! {
                        textarea #m-results name="results" { (x.form.results) }
                    }))
                    (field(MeasureField::TargetGroup, &t.m_target_group, html! {
                        input #m-target type="text" name="target_group" value=(x.form.target_group);
                    }))
                    @if x.editing.is_some() {
                        button type="submit" #save-measure { (t.save_measure) }
                        " " a href=(base) { (state.t.common.back) }
                    } @else {
                        button type="submit" #add-measure { (t.add_measure) }
                    }
                }
            } @else {
                p.hint { (t.readonly) }
            }
        }
        (actions(state, actor, rstate, region, &base, &action_hidden, content.answers.unanswered().len()))
        section aria-labelledby="audit-h" {
            h2 #audit-h { (t.audit) }
            p.hint { (t.audit_comment_note) }
            (audit_table(state, &audit, None))
        }
    };
    let title = format!("{}: {} – {}", t.editor_title, agreement.short_name, region_name);
    Ok(page(state, viewer, &title, body))
}

/// The forms for the review steps the actor may take now, one per
/// [`ActionKind::STEPS`]: a text field where the step takes a text, a
/// confirmation where it asks for one. `hidden` are the hidden fields every
/// form carries (the CSRF token and the report's version).
fn actions(
    state: &AppState,
    actor: &Actor,
    s: ReportState,
    region: RegionCode,
    base: &str,
    hidden: &Markup,
    unanswered: usize,
) -> Markup {
    let t = &state.t.reports;
    // Submitting with questions open is allowed (the agency may ask later),
    // but never by accident: the page says so and the confirmation repeats it.
    let open_questions = (unanswered > 0).then(|| tr!(reports.unanswered, count = unanswered));
    let confirm_of = |kind: ActionKind| -> Option<String> {
        let confirm = &kind.texts().confirm;
        match (&open_questions, kind) {
            (Some(open), ActionKind::Submit) => Some(format!("{open} {confirm}")),
            _ => (!confirm.is_empty()).then(|| confirm.clone()),
        }
    };
    let possible: Vec<ActionKind> = ActionKind::STEPS
        .into_iter()
        .filter(|k| can(actor, s, *k, region))
        .collect();
    html! {
        @if !possible.is_empty() {
            section aria-labelledby="actions-h" {
                h2 #actions-h { (t.actions) }
                @for kind in possible {
                    @let texts = kind.texts();
                    @let id = kind.code().replace('_', "-");
                    form.stack method="post" action=(format!("{base}/atgard")) {
                        (hidden)
                        input type="hidden" name="action" value=(kind.code());
                        @if kind.text_rule() != TextRule::None {
                            label for=(format!("{id}-text")) { (texts.text_label) }
                            textarea id=(format!("{id}-text")) name="text" required[kind.text_rule() == TextRule::Required] {}
                        }
                        @if kind == ActionKind::Submit { @if let Some(open) = &open_questions {
                            p.notice #unanswered-warning { (open) }
                        } }
                        button type="submit" id=(format!("{id}-report"))
                            data-confirm=[confirm_of(kind)] { (texts.button) }
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
        "andrad" => Some(t.measure_saved.clone()),
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
    Query(q): Query<EditorQuery>,
) -> AppResult<Markup> {
    let actor = viewer.require()?;
    let (a, r) = open_report(&state, &actor, &agreement, &region).await?;
    let stored = report(&state, &a, r).await?;
    let mut notices = Notices {
        message: done_message(&state, q.klart.as_deref(), stored.as_ref().map(|x| x.state)),
        ..Notices::default()
    };
    if let Some(n) = q.redigera {
        let m = stored
            .as_ref()
            .and_then(|x| x.content.measure(n))
            .ok_or(AppError::NotFound)?;
        notices.form = MeasureInput::of(m);
        notices.editing = Some(n);
    }
    render(&state, &viewer, &actor, &a, r, notices).await
}

/// Stores new content made from the report at `version`, or answers with
/// the refusal rendered on the page.
#[allow(clippy::too_many_arguments)]
async fn save(
    state: &AppState,
    viewer: &Viewer,
    actor: &Actor,
    a: &Agreement,
    r: RegionCode,
    content: ReportContent,
    version: i64,
    done: &str,
) -> AppResult<Response> {
    match reports::save_content(&state.store, actor, &now(), a, r, content, Some(version)).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?klart={done}", href(a.id.as_str(), r.as_str()))).into_response()),
        Err(e) => refused_page(state, viewer, actor, a, r, e.into(), Notices::default()).await,
    }
}

/// A refusal shown on the editor page with its status; role refusals,
/// missing things and failures stay plain errors.
async fn refused_page(
    state: &AppState,
    viewer: &Viewer,
    actor: &Actor,
    a: &Agreement,
    r: RegionCode,
    e: AppError,
    notices: Notices,
) -> AppResult<Response> {
    match e {
        AppError::Conflict(_) | AppError::Invalid(_) => {
            let status = e.status();
            let notices = Notices {
                error: Some(e.message()),
                ..notices
            };
            Ok((status, render(state, viewer, actor, a, r, notices).await?).into_response())
        }
        other => Err(other),
    }
}

/// The four answers, as the form sends them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersForm {
    #[serde(default)]
    decisions: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    changes: String,
    #[serde(default)]
    economy: String,
    /// The version the form was made from.
    version: i64,
}

/// `POST …/svar`: the four answers.
pub async fn save_answers(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Form(form): Form<AnswersForm>,
) -> AppResult<Response> {
    let actor = viewer.require()?;
    let (a, r) = open_report(&state, &actor, &agreement, &region).await?;
    let mut content = report(&state, &a, r).await?.map(|x| x.content).unwrap_or_default();
    for (q, text) in [
        (Question::Decisions, form.decisions),
        (Question::Organisation, form.organisation),
        (Question::Changes, form.changes),
        (Question::Economy, form.economy),
    ] {
        content.answers.set(q, Some(text));
    }
    save(&state, &viewer, &actor, &a, r, content, form.version, "svar").await
}

/// A measure as the form sends it, with the version of the report.
#[derive(Deserialize)]
pub struct MeasureForm {
    #[serde(flatten)]
    input: MeasureInput,
    version: i64,
}

/// Checks a measure form; on problems the page is shown again with each
/// problem next to its field (422). A caller who may not edit learns nothing
/// more than a refusal.
async fn checked_measure(
    state: &AppState,
    viewer: &Viewer,
    actor: &Actor,
    a: &Agreement,
    r: RegionCode,
    form: MeasureForm,
    editing: Option<i32>,
) -> AppResult<Result<uppsikt_domain::Measure, Response>> {
    match form.input.parse(a) {
        Ok(m) => Ok(Ok(m)),
        Err(field_errors) => {
            let rstate = report(state, a, r)
                .await?
                .map(|x| x.state)
                .unwrap_or(ReportState::Draft);
            if !can(actor, rstate, ActionKind::Edit, r) {
                return Err(AppError::Forbidden);
            }
            let notices = Notices {
                form: form.input,
                field_errors,
                editing,
                ..Notices::default()
            };
            Ok(Err((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(state, viewer, actor, a, r, notices).await?,
            )
                .into_response()))
        }
    }
}

/// `POST …/insatser`: adds a measure; field problems are shown next to the fields.
pub async fn add_measure(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Form(form): Form<MeasureForm>,
) -> AppResult<Response> {
    let actor = viewer.require()?;
    let (a, r) = open_report(&state, &actor, &agreement, &region).await?;
    let version = form.version;
    let m = match checked_measure(&state, &viewer, &actor, &a, r, form, None).await? {
        Ok(m) => m,
        Err(page) => return Ok(page),
    };
    let mut content = report(&state, &a, r).await?.map(|x| x.content).unwrap_or_default();
    content.measures.push(m);
    save(&state, &viewer, &actor, &a, r, content, version, "insats").await
}

/// `POST …/insatser/{n}`: replaces measure number `n` with the form's.
pub async fn edit_measure(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region, n)): Path<(String, String, i32)>,
    Form(form): Form<MeasureForm>,
) -> AppResult<Response> {
    let actor = viewer.require()?;
    let (a, r) = open_report(&state, &actor, &agreement, &region).await?;
    let version = form.version;
    let m = match checked_measure(&state, &viewer, &actor, &a, r, form, Some(n)).await? {
        Ok(m) => m,
        Err(page) => return Ok(page),
    };
    let mut content = report(&state, &a, r)
        .await?
        .map(|x| x.content)
        .ok_or(AppError::NotFound)?;
    if !content.replace_measure(n, m) {
        return Err(AppError::NotFound);
    }
    save(&state, &viewer, &actor, &a, r, content, version, "andrad").await
}

/// The version a form was made from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    version: i64,
}

/// `POST …/insatser/{n}/ta-bort`: removes measure number `n`; itemisations of it lose their link.
pub async fn remove_measure(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region, n)): Path<(String, String, i32)>,
    Form(form): Form<VersionForm>,
) -> AppResult<Response> {
    let actor = viewer.require()?;
    let (a, r) = open_report(&state, &actor, &agreement, &region).await?;
    let mut content = report(&state, &a, r)
        .await?
        .map(|x| x.content)
        .ok_or(AppError::NotFound)?;
    if !content.remove_measure(n) {
        return Err(AppError::NotFound);
    }
    save(&state, &viewer, &actor, &a, r, content, form.version, "borttagen").await
}

/// A review step, as its form sends it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionForm {
    action: String,
    #[serde(default)]
    text: String,
    version: i64,
}

/// `POST …/atgard`: submit, return, approve, …
pub async fn act(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((agreement, region)): Path<(String, String)>,
    Form(f): Form<ActionForm>,
) -> AppResult<Response> {
    let actor = viewer.require()?;
    let (a, r) = open_report(&state, &actor, &agreement, &region).await?;
    let kind: ActionKind = f
        .action
        .parse()
        .map_err(|e: uppsikt_domain::report::UnknownAction| AppError::BadRequest(e.to_string()))?;
    let action = Action::new(kind, &f.text);
    match reports::act(&state.store, &actor, &now(), &a, r, action, Some(f.version)).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?klart=atgard", href(a.id.as_str(), r.as_str()))).into_response()),
        Err(e) => refused_page(&state, &viewer, &actor, &a, r, e.into(), Notices::default()).await,
    }
}
