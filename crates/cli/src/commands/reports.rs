//! `uppsikt reports …` and `uppsikt audit`: regional reports, their review
//! workflow, the Excel template and import, reporting rates and the audit trail.
//!
//! Commands that change a report say who acts with `--as ACCOUNT` (or
//! `UPPSIKT_ACTOR`): an active account, acting with its own role
//! (`region:CODE`, `analyst` or `admin`; `--role`, if given, must match), and
//! the domain's workflow decides what each may do.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;
use uppsikt_domain::report::{Action, ActionKind, Question};
use uppsikt_domain::validation::Finding;
use uppsikt_domain::{Actor, Agreement, RegionCode, Role, tr};
use uppsikt_store::reports::{self, Saved, template};
use uppsikt_store::{Entity, NotFound, Store, agreements, registry, validation};

use crate::error::CliResult;
use crate::output::{Format, print_rows};

/// Who acts: an active account of the application (`uppsikt users add`),
/// acting with the role the account has, so the audit trail names a real
/// person and no one gives themselves a role on the command line.
#[derive(Debug, Args)]
pub struct ActorArgs {
    /// Your account, as the audit trail records it.
    #[arg(long = "as", env = "UPPSIKT_ACTOR", value_name = "NAME")]
    name: String,
    /// Your role: region:CODE, analyst or admin. Optional; when given it must be the account's.
    #[arg(long, env = "UPPSIKT_ROLE", value_name = "ROLE")]
    role: Option<String>,
}

impl ActorArgs {
    async fn actor(&self, store: &Store) -> CliResult<Actor> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(crate::usage(tr!(cli.as_needs_name)));
        }
        // Unknown and disabled accounts are not found (exit code 3); the
        // audit trail records who typed the command beside the account.
        let actor = uppsikt_store::users::active_actor(store, name)
            .await?
            .on_os_user(uppsikt_store::indicators::releases::os_user());
        if let Some(role) = &self.role {
            let role: Role = role
                .parse()
                .map_err(|e: uppsikt_domain::access::RoleError| crate::usage(e.to_string()))?;
            if role != actor.role {
                return Err(crate::usage(tr!(
                    cli.role_not_the_accounts,
                    name = name,
                    role = actor.role
                )));
            }
        }
        Ok(actor)
    }
}

/// One report: an agreement and a region.
#[derive(Debug, Args)]
pub struct Target {
    /// Agreement id, e.g. god-och-nara-vard-2019.
    agreement: String,
    /// Region code, e.g. 17.
    region: String,
}

#[derive(Debug, Subcommand)]
pub enum ReportsCommand {
    /// Write the Excel template for a region's report.
    Template {
        agreement: String,
        #[arg(long)]
        region: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Import a filled-in template (.xlsx), or measures as CSV (`;` with decimal comma, or `,`)
    /// with --agreement and --region. All or nothing.
    Import {
        file: PathBuf,
        /// For CSV: the agreement the measures belong to.
        #[arg(long)]
        agreement: Option<String>,
        /// For CSV: the region whose report gets the measures.
        #[arg(long)]
        region: Option<String>,
        #[command(flatten)]
        who: ActorArgs,
    },
    /// Reporting status of every region, with reporting rates (submitted, on time).
    Status {
        agreement: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// One report: state, answers, measures and validation findings.
    Show {
        #[command(flatten)]
        target: Target,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Submit (region). Refused while an error-level finding stands.
    Submit {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        who: ActorArgs,
    },
    /// Return to the region with a comment (analytiker).
    Return {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        comment: String,
        #[command(flatten)]
        who: ActorArgs,
    },
    /// Approve; locks the report (analytiker).
    Approve {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        who: ActorArgs,
    },
    /// Send the agency's text about the region for fact-checking (analytiker).
    Factcheck {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        text: String,
        #[command(flatten)]
        who: ActorArgs,
    },
    /// Confirm the fact-check, with an optional comment (region).
    Confirm {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        comment: Option<String>,
        #[command(flatten)]
        who: ActorArgs,
    },
    /// Publish a fact-checked report (analytiker).
    Publish {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        who: ActorArgs,
    },
    /// Reopen a locked report, with a reason (admin).
    Unlock {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        who: ActorArgs,
    },
}

fn region(code: &str) -> CliResult<RegionCode> {
    code.parse()
        .map_err(|e: uppsikt_domain::CodeError| crate::usage(e.to_string()))
}

/// Runs a reports command.
pub async fn run(store: &Store, command: ReportsCommand) -> CliResult {
    use ReportsCommand as C;
    let (target, action, who) = match command {
        C::Template {
            agreement,
            region: r,
            out,
        } => return write_template(store, &agreement, &r, out).await,
        C::Import {
            file,
            agreement,
            region: r,
            who,
        } => return import(store, file, agreement, r, &who).await,
        C::Status { agreement, format } => return status(store, &agreement, format).await,
        C::Show { target, format } => return show(store, &target, format).await,
        C::Submit { target, who } => (target, Action::bare(ActionKind::Submit), who),
        C::Return { target, comment, who } => (target, Action::new(ActionKind::Return, &comment), who),
        C::Approve { target, who } => (target, Action::bare(ActionKind::Approve), who),
        C::Factcheck { target, text, who } => (target, Action::new(ActionKind::SendForFactCheck, &text), who),
        C::Confirm { target, comment, who } => (
            target,
            Action::new(ActionKind::ConfirmFactCheck, comment.as_deref().unwrap_or("")),
            who,
        ),
        C::Publish { target, who } => (target, Action::bare(ActionKind::Publish), who),
        C::Unlock { target, reason, who } => (target, Action::new(ActionKind::Unlock, &reason), who),
    };
    let a = agreements::get(store, &target.agreement).await?;
    let r = region(&target.region)?;
    let saved = reports::act(store, &who.actor(store).await?, &now(), &a, r, action, None).await?;
    println!(
        "{}",
        tr!(
            cli.report_now,
            agreement = a.id,
            region = r,
            state = saved.report.state.label_sv(),
            version = saved.report.version
        )
    );
    print_findings(&saved.findings);
    Ok(())
}

fn now() -> String {
    uppsikt_store::survey::now()
}

async fn write_template(store: &Store, agreement: &str, code: &str, out: PathBuf) -> CliResult {
    let a = agreements::get(store, agreement).await?;
    let code = region(code)?;
    let r = registry::region(store, code)
        .await?
        .ok_or_else(|| crate::usage(tr!(cli.region_not_loaded, region = code)))?;
    // A report that exists comes filled in, so it can be corrected and imported again.
    let content = reports::get(store, &a.id, code)
        .await?
        .map(|rep| rep.content)
        .unwrap_or_default();
    template::write_template(&out, &a, &r, &content)?;
    let written = tr!(
        cli.template_written,
        region = r.name,
        agreement = a.short_name,
        file = out.display()
    );
    if content == Default::default() {
        println!("{written}");
    } else {
        println!(
            "{written} {}",
            tr!(cli.template_filled, measures = content.measures.len())
        );
    }
    Ok(())
}

async fn import(
    store: &Store,
    file: PathBuf,
    agreement: Option<String>,
    code: Option<String>,
    who: &ActorArgs,
) -> CliResult {
    let actor = who.actor(store).await?;
    let is_csv = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"));
    let saved: Saved = if is_csv {
        let (Some(agreement), Some(code)) = (agreement, code) else {
            return Err(crate::usage(tr!(cli.csv_needs_target)));
        };
        let a = agreements::get(store, &agreement).await?;
        reports::import_measures_csv(store, &actor, &now(), &file, &a, region(&code)?).await?
    } else {
        if agreement.is_some() || code.is_some() {
            return Err(crate::usage(tr!(cli.template_names_target)));
        }
        reports::import_template(store, &actor, &now(), &file).await?
    };
    let r = &saved.report;
    println!(
        "{}",
        tr!(
            cli.report_imported,
            agreement = r.agreement,
            region = r.region,
            measures = r.content.measures.len(),
            state = r.state.label_sv(),
            version = r.version
        )
    );
    print_findings(&saved.findings);
    Ok(())
}

fn print_findings(findings: &[Finding]) {
    if findings.is_empty() {
        println!("{}", tr!(cli.no_report_findings));
        return;
    }
    println!("{}", tr!(cli.report_findings));
    for f in findings {
        let at = f
            .measure_seq
            .map(|s| format!(" ({})", tr!(cli.measure_n, n = s)))
            .unwrap_or_default();
        println!("  {}{at} [{}]: {}", f.severity.label_sv(), f.rule, f.message);
    }
}

/// A region's line of `reports status`, with the state as its Swedish label.
#[derive(Serialize)]
struct StatusLine {
    region: String,
    name: String,
    state: String,
    measures: usize,
    cost_sek: Option<i64>,
    first_submitted_at: Option<String>,
    on_time: Option<bool>,
}

async fn status(store: &Store, agreement: &str, format: Format) -> CliResult {
    let a = agreements::get(store, agreement).await?;
    let rates = reports::rates(store, &a).await?;
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&rates)?);
        return Ok(());
    }
    let missing = tr!(reports.missing);
    let lines: Vec<StatusLine> = rates
        .rows
        .iter()
        .map(|r| StatusLine {
            region: r.region.clone(),
            name: r.name.clone(),
            state: r.state.map_or_else(|| missing.clone(), |s| s.label_sv().to_string()),
            measures: r.measures,
            cost_sek: r.cost_sek,
            first_submitted_at: r.first_submitted_at.clone(),
            on_time: r.on_time,
        })
        .collect();
    print_rows(&lines, format)?;
    if format == Format::Table {
        let pct = |n: usize| uppsikt_domain::format::dec(100.0 * n as f64 / rates.expected.max(1) as f64, 0);
        let deadline = match &rates.deadline {
            Some(d) => tr!(cli.deadline, date = d),
            None => tr!(cli.no_deadline),
        };
        println!(
            "{}",
            tr!(
                cli.rates,
                submitted = rates.submitted,
                expected = rates.expected,
                submitted_pct = pct(rates.submitted),
                on_time = rates.on_time,
                on_time_pct = pct(rates.on_time),
                deadline = deadline,
                approved = rates.approved
            )
        );
    }
    Ok(())
}

#[derive(Serialize)]
struct MeasureRow {
    number: i32,
    title: String,
    area: Option<String>,
    /// The status's code in CSV and JSON, its Swedish label in the table.
    status: Option<String>,
    cost_sek: Option<i64>,
    grant_funded_sek: Option<i64>,
    period: Option<String>,
    part_of: Option<i32>,
    source: Option<String>,
}

async fn show(store: &Store, target: &Target, format: Format) -> CliResult {
    let a: Agreement = agreements::get(store, &target.agreement).await?;
    let r = region(&target.region)?;
    let report = reports::get(store, &a.id, r)
        .await?
        .ok_or_else(|| NotFound::new(Entity::Report, format!("{}/{r}", a.id)))
        .map_err(uppsikt_store::Error::from)?;
    let findings = validation::report_findings(store, &a, r, &report.content).await?;
    if format == Format::Json {
        let v = serde_json::json!({ "report": report, "findings": findings });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    let rows: Vec<MeasureRow> = report
        .content
        .measures
        .iter()
        .map(|m| MeasureRow {
            number: m.number.unwrap_or_default(),
            title: m.title.clone(),
            area: m.area.clone(),
            status: m.status.map(|s| {
                if format == Format::Table {
                    s.label_sv()
                } else {
                    s.code()
                }
                .to_string()
            }),
            cost_sek: m.cost.map(|c| c.0),
            grant_funded_sek: m.grant_funded.map(|c| c.0),
            period: m.period.map(|p| p.to_string()),
            part_of: m.part_of,
            source: m.source.as_ref().map(|s| s.citation()),
        })
        .collect();
    if format == Format::Csv {
        return print_rows(&rows, format);
    }
    println!(
        "{}",
        tr!(
            cli.report_heading,
            agreement = a.id,
            region = r,
            state = report.state.label_sv()
        )
    );
    println!("{}", tr!(cli.report_version, version = report.version));
    if let Some(s) = &report.source {
        println!("{}", tr!(cli.report_source, source = s.citation()));
    }
    if let Some(c) = &report.comment {
        println!("{}", tr!(cli.report_comment, comment = c));
    }
    if let Some(t) = &report.fact_check_text {
        println!("{}", tr!(cli.report_fact_check, text = t));
    }
    let unanswered = tr!(reports.no_answer);
    for (i, q) in Question::ALL.iter().enumerate() {
        println!(
            "{}. {}\n   {}",
            i + 1,
            q.text_sv(),
            report.content.answers.get(*q).unwrap_or(&unanswered)
        );
    }
    if rows.is_empty() {
        println!("{}", tr!(reports.no_measures));
    } else {
        print_rows(&rows, format)?;
    }
    print_findings(&findings);
    Ok(())
}

/// `uppsikt audit --report AGREEMENT[/REGION]`: the audit trail, oldest first.
pub async fn audit(store: &Store, report: &str, format: Format) -> CliResult {
    let (agreement, code) = match report.split_once('/') {
        Some((a, r)) => (a, Some(region(r)?)),
        None => (report, None),
    };
    let a = agreements::get(store, agreement).await?;
    let entries = reports::audit(store, &a.id, code).await?;
    if entries.is_empty() && format == Format::Table {
        println!("{}", tr!(cli.no_audit, report = report));
        return Ok(());
    }
    print_rows(&entries, format)
}
