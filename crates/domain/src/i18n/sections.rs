//! The sections of the catalogue. Each is a struct of strings whose keys must
//! match `sv.toml` exactly (unknown and missing keys both fail to parse).
//!
//! The sections are read from a parsed [`toml::Table`] by plain field-by-field
//! code rather than by `#[derive(Deserialize)]`: serde's derived visitor for a
//! struct of a hundred strings, instantiated for each of toml's deserializers,
//! took LLVM over six minutes in a release build (BENCHMARKS.md, "Build").

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::{Table, Value};

/// A catalogue entry that can be read from its TOML value; `path` is its
/// dotted key, for the error.
pub(super) trait FromToml: Sized {
    fn from_toml(value: Value, path: &str) -> Result<Self, String>;
}

impl FromToml for String {
    fn from_toml(value: Value, path: &str) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(format!("`{path}` must be a string, not {}", other.type_str())),
        }
    }
}

impl FromToml for BTreeMap<String, String> {
    fn from_toml(value: Value, path: &str) -> Result<Self, String> {
        table_of(value, path)?
            .into_iter()
            .map(|(k, v)| {
                let s = String::from_toml(v, &format!("{path}.{k}"))?;
                Ok((k, s))
            })
            .collect()
    }
}

/// The table a section's value must be.
fn table_of(value: Value, path: &str) -> Result<Table, String> {
    match value {
        Value::Table(t) => Ok(t),
        other => Err(format!("`{path}` must be a table, not {}", other.type_str())),
    }
}

/// Takes the entry `key` out of `table`, read as `T`.
#[inline(never)]
fn take<T: FromToml>(table: &mut Table, path: &str, key: &str) -> Result<T, String> {
    let full = if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    };
    match table.remove(key) {
        Some(v) => T::from_toml(v, &full),
        None => Err(format!("missing key `{full}`")),
    }
}

/// Fails on any key left in `table` once every known one was taken.
fn no_more(table: Table, path: &str) -> Result<(), String> {
    match table.keys().next() {
        None => Ok(()),
        Some(k) if path.is_empty() => Err(format!("unknown key `{k}`")),
        Some(k) => Err(format!("unknown key `{path}.{k}`")),
    }
}

/// Declares a struct read from a TOML table whose keys must match its fields
/// exactly: no key missing, none unknown.
macro_rules! toml_struct {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug)]
        #[allow(missing_docs)]
        pub struct $name { $($(#[$fdoc])* pub $field: $ty,)* }

        impl FromToml for $name {
            fn from_toml(value: Value, path: &str) -> Result<Self, String> {
                let mut table = table_of(value, path)?;
                let out = $name {
                    $($field: take(&mut table, path, toml_struct!(@key $field))?,)*
                };
                no_more(table, path)?;
                Ok(out)
            }
        }
    };
    (@key r#return) => { "return" };
    (@key $field:ident) => { stringify!($field) };
}

/// Declares a catalogue section: a struct of strings whose keys must match the TOML exactly.
macro_rules! section {
    ($(#[$doc:meta])* $name:ident { $($field:ident),* $(,)? }) => {
        toml_struct!($(#[$doc])* $name { $($field: String),* });
    };
}

// ---- Vocabulary shared by every layer ----
section!(/// Words used everywhere.
    Common { yes, no, dash, or, and, actions, save, back, total, region, nation, unknown });
section!(/// The roles' Swedish names.
    RoleLabels { admin, analyst, region, unknown });
section!(/// Roles and their binding to a region.
    AccessMessages { unknown_role, region_needed, region_not_allowed });
section!(/// Codes: regions, municipalities, ids.
    CodeMessages { unknown_region, bad_municipality, bad_slug });
section!(/// The states of a report's review.
    ReportStateLabels { draft, submitted, returned, approved, fact_check, fact_checked, published });
section!(/// Refusals of the review workflow.
    WorkflowMessages { unknown_state, unknown_action, not_permitted, other_region, locked, wrong_state, missing_text });
section!(/// SKR's four questions, in full and short.
    QuestionTexts { decisions, organisation, changes, economy, decisions_short, organisation_short, changes_short,
                    economy_short });
section!(/// Names of the fields the audit trail records.
    AuditFieldLabels { answer, state, comment, fact_check_text, first_submitted_at, source, measure, title,
                       description, area, earmark, status, cost, grant_funded, approx, period, results,
                       target_group, part_of, added, removed });
section!(/// The statuses of a measure.
    MeasureStatusLabels { planned, pilot, scaling_up, implemented });
section!(/// Problems with a measure as typed.
    MeasureMessages { bad_status, bad_period, not_an_amount, ambiguous_amount, not_finite, negative_amount,
                      fractional_amount, huge_amount, title_missing, area_missing, unknown_area, status_missing,
                      cost_missing, grant_above_cost, too_long, unknown_number, repeated_number });
section!(/// The measure fields: template and CSV column headings.
    MeasureFieldLabels { title, description, area, status, cost, grant_funded, period, results, target_group });
section!(/// The rule file.
    ValidationMessages { unreadable, duplicate_rule });
section!(/// How serious a finding is.
    SeverityLabels { error, warning, info });
section!(/// Problems with a survey answer.
    SurveyProblemMessages { unknown_item, unknown_code, not_shown, not_shown_unanswered, missing_required,
                            unknown_state, unknown_status, reconstruction_registry });
section!(/// Problems with a questionnaire definition.
    QuestionnaireMessages { unreadable, bad_id, duplicate_item, no_choices, duplicate_code, bad_condition,
                            condition_no_item, condition_free_text, condition_no_code });
section!(/// Indicator definitions.
    IndicatorDefMessages { higher_is_better, lower_is_better, neutral, unknown_code, bad_id, incomplete });
section!(/// Where a problem in an input file is.
    ProblemMessages { row, row_column, cell, heading, more });

/// The Swedish texts of one kind of report action.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionTexts {
    /// The action as a noun phrase, e.g. in the audit log (`Inlämnad`).
    pub label: String,
    /// The action as a verb phrase, for refusals (`lämna in redovisningar`).
    pub verb: String,
    /// The button that does it, where a user can.
    #[serde(default)]
    pub button: String,
    /// The label of its text field, where it takes a text.
    #[serde(default)]
    pub text_label: String,
    /// What is missing when its required text is missing.
    #[serde(default)]
    pub missing_text: String,
    /// What to ask before doing it, where it should be confirmed.
    #[serde(default)]
    pub confirm: String,
}

impl FromToml for ActionTexts {
    fn from_toml(value: Value, path: &str) -> Result<Self, String> {
        ActionTexts::deserialize(value).map_err(|e| format!("`{path}`: {e}"))
    }
}

toml_struct!(/// The texts of every report action, by its code.
ActionSection {
    create: ActionTexts,
    edit: ActionTexts,
    transcribe: ActionTexts,
    submit: ActionTexts,
    r#return: ActionTexts,
    approve: ActionTexts,
    send_for_fact_check: ActionTexts,
    confirm_fact_check: ActionTexts,
    publish: ActionTexts,
    unlock: ActionTexts,
});

section!(/// The store's errors.
    StoreMessages { backend, blocked, no_agreement, no_report, no_survey, no_token, no_user, no_indicator, undefined_indicator,
                    none_loaded, known, stale, exists, the_report, report_exists, transcribed_from, bad_url,
                    cannot_connect, bad_username, user_exists, survey_already_open, survey_not_open,
                    survey_takes_no_answers, response_complete, registry_empty, bad_token_days,
                    population_empty, population_unknown_region, population_unknown_municipality,
                    population_keeps_participants });
section!(/// Problems in input files.
    InputMessages { not_an_integer, not_a_number, not_a_boolean, not_utf8, nul_character, too_few_fields, missing_column,
                    unreadable_value, unreadable_row, unreadable_header, unreadable_file, negative_population,
                    municipality_elsewhere, earmark_outside_total, unknown_earmark, seq_out_of_order,
                    unknown_parent, excel_error, not_xlsx, xlsx_too_large, unpacks_too_large, sheet_missing, sheet_unreadable,
                    unknown_agreement_in_template, bad_region_in_template, wrong_heading, template_empty,
                    columns_missing, no_measures, column_twice, unknown_survey_column,
                    municipality_column_missing, unknown_municipality, outside_population, municipality_twice,
                    invalidates_stored });
section!(/// A survey's states.
    SurveyStateLabels { draft, open, closed });
section!(/// Where a municipality's response stands.
    ResponseStatusLabels { invited, partial, complete });

section!(/// The indicator engine: register data against its contract, and the runs.
    EngineMessages { no_cluster, column_problem, missing_value, not_icd, not_whole, type_integer, type_date, type_bool, type_text,
                     wrong_type, not_date, not_bool, unknown_value, date_before, no_population, negative_value,
                     cannot_open, unreadable_header, unreadable_csv, field_count, not_utf8, not_parquet, damaged_parquet,
                     unreadable_records, missing_columns, not_a_directory, both_formats, reading_stopped,
                     contract_files, contract_rows, more_rows, fix_rows, io, compute_failed, internal, reading_tables, bad_years,
                     writing, computing, computed, bad_engine, bad_port, no_host, cluster, standalone, register,
                     bad_scale, synth_region });

section!(/// Indicator releases: publishing cells, listing releases and revisions.
    ReleaseMessages { empty, duplicate, unknown, columns_missing, key_twice, bad_region, bad_period, bad_sex,
                      bad_count, bad_value, value_missing, both_or_neither, zero_denominator, not_suppressed,
                      published, publish_needs_account, source_needed, publish_role, no_releases, no_revisions, removed,
                      suppressed_value, synthetic_mark, revised_note });

section!(/// Backups: taking, checking and restoring them.
    BackupMessages { damaged, newer_format, newer_schema, not_empty, not_a_zip, missing_entry, bad_entry,
                     bad_manifest, not_a_backup, checksum, bad_row, row_count, outside_path, extra_entries,
                     target_schema, table_has_rows, other_restore, table_missing, columns_differ, table_unknown, bad_value,
                     written, verified, restored, backend_sqlite, backend_postgres });

section!(/// The annual follow-up report.
    AnnualReportMessages { no_regions, pdf_failed, io, no_preview });

section!(/// The command line's output and errors.
    CliMessages { error, io, stdout, usage_value_not_one_of, usage_value_missing, usage_bad_value,
                  usage_unknown_argument, usage_unknown_command, usage_missing, usage_missing_command, usage_conflict,
                  usage_wrong_values, usage_other, usage_did_you_mean, usage_line, usage_more, help_usage, help_commands,
                  help_command_value, help_options, help_arguments, help_help, help_version, help_values, help_default,
                  help_env, no_rows, step_done, step_failed, opening_database, init_step, init_done,
                  no_findings, annual_report_step, annual_report_demo_step, annual_report_written, demo_seeds_step,
                  demo_reports_step, demo_reports, demo_survey_step, demo_survey, demo_register_step,
                  demo_register_source, demo_sou_step, demo_sou_source, demo_loaded, demo_indicators, data_dir, demo_try, demo_accounts,
                  demo_password, demo_account_note, demo_survey_title, demo_survey_link, demo_start_server, serving,
                  cannot_listen, user_added, password_once, token_expires, tokens_revoked, user_disabled, user_enabled, synth_step, synth_done,
                  survey_invited, survey_opened, survey_closed, survey_reminded, survey_population_set, records_of, records, records_per_second, survey_new_link, survey_not_invited, survey_imported, survey_exported,
                  survey_synthetic, xlsx_needs_file, as_needs_name, role_not_the_accounts, region_not_loaded, template_written,
                  template_filled, csv_needs_target, template_names_target, report_now, report_imported,
                  no_report_findings, report_findings, measure_n, deadline, no_deadline, rates, report_heading,
                  report_version, report_source, report_comment, report_fact_check, no_audit, indicators_step,
                  indicator_skipped, rows_rejected, indicators_done });

// ---- The web application ----
section!(/// Site-wide texts.
    Site { name, tagline, skip_link, footer, synthetic_note, source_label, unsaved });
section!(/// Navigation.
    Nav { label, home, dashboard, agreements, findings, users, reports, surveys, indicators, audit, report, qualitative,
          login, logout, signed_in_as });
section!(/// Error pages and API errors.
    Errors { title, unauthorized, forbidden, bad_csrf, not_found, too_many, internal, json_only, method_not_allowed, bad_json, bad_form, form_not_urlencoded, form_not_utf8, bad_query, too_large, login_link, busy,
             bad_limit, bad_release, not_object });
section!(/// Sign-in.
    Login { title, intro, username, password, submit, failed, signed_out });
section!(/// Public start page.
    Home { title, intro, key_figures, agreements, total_sek, regions, measures, map_title, map_caption,
           map_indicator, map_legend_low, map_legend_high, map_no_data, latest_report, no_report,
           download_html, download_pdf, map_web_booking, map_received, approx_prefix, total_sek_note,
           measures_note });
section!(/// Dashboards.
    Dashboard { title, region_intro, analyst_intro, admin_intro, your_region, your_findings, no_findings,
                deadlines, deadline, reporting_rate, review_queue, review_empty, survey_rate, users_count,
                profile_link, queue_count });
section!(/// Agreements and allocation.
    Agreements { title, intro, name, year, total, deadline, allocation_title, allocation_intro, region,
                 population, share, allocated, received, spent, unknown, total_row });
section!(/// Region profile.
    RegionPage { title, residents, measures, agreement, seq, measure_title, amount, area, source, strategies, dokument,
             politiskt_beslut, gemensamt, year, web_booking, period, visa_tid, boka_tid, no_measures,
             approx, reported_by_region });
section!(/// Validation findings.
    Findings { title, intro, agreement, show, severity, rule, region, measure, message, none, count });
section!(/// User administration.
    Users { title, intro, username, role, region, password, password_help, disabled, created, add_title, add,
            disable, enable, added, changed, none, no_region, password_too_short });
section!(/// Regional reports: lists, editor, review.
    Reports { unanswered, autosave_note, autosaved, autosave_failed, title, intro_region, intro_analyst, agreement, region, state, measures, cost, first_submitted, on_time,
              missing, open, queue, queue_empty, expected, submitted, approved, editor_title, status,
              comment_from_reviewer, fact_check_text, findings, findings_intro, questions, save_answers,
              answers_saved, no_answer, measure_list, no_measures, add_measure, remove, m_title, m_description,
              m_area, m_status, m_cost, m_cost_help, m_grant_funded, m_period, m_period_help, m_results,
              m_target_group, choose, measure_problems, measure_added, measure_removed, actions, action_done,
              readonly, audit, audit_at, audit_actor, audit_via_cli, audit_action, audit_field, audit_old, audit_new, audit_comment,
              audit_empty, not_found, conflict, blocked, edit, edit_measure, save_measure, measure_saved,
              audit_comment_note, api_measure_problem, too_many_measures });
section!(/// The municipal survey: the token form and results.
    Survey { form_intro, municipality, required, save, submit, saved, submitted_title, submitted, submitted_at, receipt_title, receipt_answers, receipt_question, receipt_answer, receipt_print, confirm_submit, closed, problems,
             results_title, results_intro, list_title, state, population, invited, partial, responded, rate, synthetic,
             synthetic_note, answer, count, percent, answered });
section!(/// Generating and publishing the annual report.
    Publish { title, intro, year, generate, make_preview, previewed, preview_of, preview_intro, publish, confirm,
              confirm_replace, published, live, archive, current, none, updated, bad_year });
section!(/// The Kolada-compatible open-data API.
    OpenData { bad_parameter, no_dimension, title, intro, synthetic, downloads, csv, xlsx, parquet, dictionary_file,
               count, licence, kolada, dcat, dictionary, column, kind, description, publisher, kolada_title,
               dataset_title, dataset_description, catalog_title, dictionary_sheet, keywords });
section!(/// The open data's columns, for the data dictionary.
    OpenDataColumns { indicator, indicator_name, unit, region, region_name, period, sex, numerator, denominator,
                      value, suppressed, synthetic, release, published_at, source, revised });
section!(/// The kinds of qualitative documents.
    DocKindLabels { interview, case_study, status_report, report, survey_answer, other });
section!(/// The qualitative follow-up: documents, codebook, codings, search, exchange.
    QualMessages { unknown_kind, bad_doc_id, bad_code_id, bad_coder, unknown_column, missing_columns, required,
                   duplicate_doc, duplicate_code, file_missing, file_not_utf8, file_type, docx_unreadable,
                   file_outside, bad_date, region_mismatch, unknown_municipality, unknown_agreement, text_changed,
                   unknown_parent, cycle, bad_color, unknown_indicator, unknown_document, unknown_code, unknown_coding,
                   not_a_position, start_not_before_end, end_beyond_text, dir_missing, imported_documents,
                   imported_codes, imported_codings, no_document, coders_needed, index_busy, index_failed,
                   query_empty, qdpx_unreadable, qdpx_missing_source, qdpx_exported, qdpx_imported,
                   qdpx_bad_selection, qdpx_unknown_ref, file_or_qdpx, removed, has_codings,
                   narrative_heading_measure, narrative_results, narrative_report_title, narrative_survey_title,
                   index_rebuilt, qdpx_indicators, quote_not_found, demo_loaded, demo_step, synthetic_source });
section!(/// The web pages of the qualitative follow-up.
    QualWeb { title, intro, intro_region, search_label, search_hint, search_button, filter_region, filter_kind,
              filter_agreement, filter_code, all, results, no_results, documents, no_documents, doc_id, doc_title,
              doc_kind, doc_region, doc_agreement, doc_date, doc_participants, doc_length, doc_codings, source,
              internal, text_label, codings, no_codings, coding_code, coding_coder, coding_span, coding_memo,
              coding_text, code_selection, selection_help, selection_none, start, end, memo, choose_code,
              save_coding, coded, remove, removed, themes, themes_intro, theme, theme_codings, theme_documents,
              theme_indicators, quotes, no_quotes, quote_from, measures, indicators_heading, no_indicators,
              indicator_region, indicator_nation, period, region_themes, region_themes_intro, open_theme,
              more_quotes, matrix, matrix_intro, region_00, api_bad_coding });
section!(/// The annual report's section on the qualitative follow-up's themes.
    QualReport { title, intro, other_documents, table_title, theme, documents, codings, indicators, source, quotes,
                 quote, profile_label, profile_item, profile_indicator, synthetic });
section!(/// The coded segments' workbook.
    QualXlsx { sheet, about_sheet, doc_id, title, kind, region, start, end, code_id, code, coder, memo, text, source,
               about, exported });
section!(/// The analysis page of the qualitative follow-up.
    QualAnalysis { title, intro, link, heat_caption, cooccurrence, cooccurrence_intro, code_a, code_b, overlaps,
                   documents, none, agreement, agreement_intro, coder_a, coder_b, compare, units, agree, percent,
                   kappa });
section!(/// The indicator explorer.
    Indicators { title, intro, indicator, region, period, sex, all, sex_all, sex_k, sex_m, nation, numerator,
                 denominator, value, suppressed, none, chart_title, trend_title, compare, trend_table, change, unit, definition, source, bad_parameter });
section!(/// The releases page: every indicator release and revised value.
    Releases { title, intro, releases_caption, number, published, by, cells, suppressed, revised, checksum,
               revisions_title, revisions_caption, old, new, more, link, revised_title });
section!(/// The four quantities of SOU 2018:39 on a region's profile.
    Sou { title, intro, synthetic, change });
section!(/// The audit log view.
    Audit { title, intro });

toml_struct!(/// All texts of one language.
Messages {
    lang: String,
    common: Common,
    role: RoleLabels,
    access: AccessMessages,
    codes: CodeMessages,
    report_state: ReportStateLabels,
    workflow: WorkflowMessages,
    action: ActionSection,
    question: QuestionTexts,
    audit_field: AuditFieldLabels,
    measure_status: MeasureStatusLabels,
    measure: MeasureMessages,
    measure_field: MeasureFieldLabels,
    validation: ValidationMessages,
    severity: SeverityLabels,
    survey_problem: SurveyProblemMessages,
    questionnaire: QuestionnaireMessages,
    indicator_def: IndicatorDefMessages,
    problem: ProblemMessages,
    store: StoreMessages,
    input: InputMessages,
    survey_state: SurveyStateLabels,
    response_status: ResponseStatusLabels,
    engine: EngineMessages,
    annual_report: AnnualReportMessages,
    backup: BackupMessages,
    release: ReleaseMessages,
    cli: CliMessages,
    /// The CLI tables' column headings by field name (any field name may appear).
    cli_columns: BTreeMap<String, String>,
    /// The CLI's `--help` texts by command path and argument id (see the CLI's `help.rs`).
    cli_help: BTreeMap<String, String>,
    site: Site,
    nav: Nav,
    errors: Errors,
    login: Login,
    home: Home,
    dashboard: Dashboard,
    agreements: Agreements,
    region: RegionPage,
    findings: Findings,
    users: Users,
    reports: Reports,
    survey: Survey,
    publish: Publish,
    audit: Audit,
    indicators: Indicators,
    releases: Releases,
    sou: Sou,
    open_data: OpenData,
    open_data_columns: OpenDataColumns,
    doc_kind: DocKindLabels,
    qual: QualMessages,
    qual_web: QualWeb,
    qual_report: QualReport,
    qual_xlsx: QualXlsx,
    qual_analysis: QualAnalysis,
});

impl Messages {
    /// Reads a whole catalogue from its parsed TOML.
    pub(super) fn from_table(table: Table) -> Result<Self, String> {
        Self::from_toml(Value::Table(table), "")
    }
}
