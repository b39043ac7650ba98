//! The message catalogue: every text of the UI, read from one TOML file per
//! language into typed sections, so a missing or misspelt key fails the build's
//! tests (and the server's start), never a page. Swedish is the only language
//! so far; English is a second file and a `match` in [`catalogue`].

use std::sync::OnceLock;

use serde::Deserialize;

/// Declares a catalogue section: a struct of strings whose keys must match the TOML exactly.
macro_rules! section {
    ($(#[$doc:meta])* $name:ident { $($field:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(missing_docs)]
        pub struct $name { $(pub $field: String,)* }
    };
}

section!(/// Site-wide texts.
    Site { name, tagline, skip_link, footer, synthetic_note, source_label });
section!(/// Navigation.
    Nav { label, home, dashboard, agreements, findings, users, reports, surveys, indicators, audit, report,
          login, logout, signed_in_as });
section!(/// Error pages and API errors.
    Errors { title, unauthorized, forbidden, not_found, too_many, internal, json_only, too_large, login_link });
section!(/// Sign-in.
    Login { title, intro, username, password, submit, failed, signed_out });
section!(/// Public start page.
    Home { title, intro, key_figures, agreements, total_sek, regions, measures, map_title, map_caption,
           map_indicator, map_legend_low, map_legend_high, map_no_data, latest_report, no_report,
           download_html, download_pdf });
section!(/// Dashboards.
    Dashboard { title, region_intro, analyst_intro, admin_intro, your_region, your_findings, no_findings,
                deadlines, deadline, reporting_rate, review_queue, review_empty, survey_rate, users_count,
                profile_link });
section!(/// Agreements and allocation.
    Agreements { title, intro, name, year, total, deadline, allocation_title, allocation_intro, region,
                 population, share, allocated, received, spent, unknown, total_row });
section!(/// Region profile.
    Region { title, measures, agreement, seq, measure_title, amount, area, source, strategies, dokument,
             politiskt_beslut, gemensamt, year, web_booking, period, visa_tid, boka_tid, no_measures,
             approx });
section!(/// Validation findings.
    Findings { title, intro, agreement, show, severity, rule, region, measure, message, none, count });
section!(/// User administration.
    Users { title, intro, username, role, region, password, password_help, disabled, created, add_title, add,
            disable, enable, added, changed, none, role_admin, role_analytiker, role_region, no_region });
section!(/// Regional reports: lists, editor, review.
    Reports { title, intro_region, intro_analyst, agreement, region, state, measures, cost, first_submitted, on_time,
              missing, open, queue, queue_empty, expected, submitted, approved, editor_title, status,
              comment_from_reviewer, fact_check_text, findings, findings_intro, questions, save_answers,
              answers_saved, no_answer, measure_list, no_measures, add_measure, remove, m_title, m_description,
              m_area, m_status, m_cost, m_cost_help, m_grant_funded, m_period, m_period_help, m_results,
              m_target_group, choose, measure_problems, measure_added, measure_removed, actions, submit,
              submit_confirm, return_label, return_btn, approve, fact_check_label, send_fact_check, confirm_label,
              confirm_fact_check, publish, unlock_label, unlock, action_done, readonly, audit, audit_at,
              audit_actor, audit_action, audit_field, audit_old, audit_new, audit_comment, audit_empty });
section!(/// The municipal survey: the token form and results.
    Survey { form_intro, municipality, required, save, submit, saved, submitted_title, submitted, closed, problems,
             results_title, results_intro, list_title, state, invited, partial, responded, rate, synthetic,
             synthetic_note, answer, count, percent, answered, problem_missing, problem_code, problem_not_shown,
             problem_unknown });
section!(/// Generating and publishing the annual report.
    Publish { title, intro, year, generate, generated, current, none, updated });
section!(/// The indicator explorer.
    Indicators { title, intro, indicator, region, period, sex, all, sex_all, sex_k, sex_m, nation, numerator,
                 denominator, value, suppressed, none, chart_title });
section!(/// The audit log view.
    Audit { title, intro });
section!(/// Words used everywhere.
    Common { yes, no, dash, actions, save, back, total });

/// All texts of one language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Messages {
    pub lang: String,
    pub site: Site,
    pub nav: Nav,
    pub errors: Errors,
    pub login: Login,
    pub home: Home,
    pub dashboard: Dashboard,
    pub agreements: Agreements,
    pub region: Region,
    pub findings: Findings,
    pub users: Users,
    pub reports: Reports,
    pub survey: Survey,
    pub publish: Publish,
    pub audit: Audit,
    pub indicators: Indicators,
    pub common: Common,
}

/// The Swedish catalogue (`sv.toml`, embedded).
pub const SV_TOML: &str = include_str!("sv.toml");

/// Parses a catalogue; the error names the key that is missing or unknown.
pub fn parse(text: &str) -> Result<Messages, String> {
    toml::from_str(text).map_err(|e| format!("message catalogue: {e}"))
}

/// The Swedish messages, parsed once.
pub fn sv() -> &'static Messages {
    static SV: OnceLock<Messages> = OnceLock::new();
    SV.get_or_init(|| parse(SV_TOML).expect("sv.toml is complete (tested)"))
}

/// The catalogue for a language code; Swedish is the default and the only one yet.
pub fn catalogue(_lang: &str) -> &'static Messages {
    sv()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_swedish_catalogue_is_complete() {
        let m = super::parse(super::SV_TOML).unwrap();
        assert_eq!(m.lang, "sv");
        assert_eq!(m.common.dash, "–");
    }

    #[test]
    fn a_missing_key_is_named() {
        let broken = super::SV_TOML.replace("submit =", "submitt =");
        let e = super::parse(&broken).unwrap_err();
        assert!(e.contains("submit"), "{e}");
    }
}
