//! `uppsikt reports …` and `uppsikt audit`: regional reports, their review
//! workflow, the Excel template and import, reporting rates and the audit trail.
//!
//! Commands that change a report say who acts with `--as NAME --role ROLE`
//! (or `UPPSIKT_ACTOR` / `UPPSIKT_ROLE`); roles are `region:CODE`,
//! `analytiker` and `admin`, and the domain's workflow decides what each may do.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;
use uppsikt_domain::report::{Action, Question, Role};
use uppsikt_domain::validation::Finding;
use uppsikt_domain::{Agreement, RegionCode};
use uppsikt_store::reports::{self, Actor, Saved, checks, template};
use uppsikt_store::{Store, agreements, registry};

use crate::output::{Format, print_rows};

/// Who acts.
#[derive(Debug, Args)]
pub struct ActorArgs {
    /// Your name, as the audit trail records it.
    #[arg(long = "as", env = "UPPSIKT_ACTOR", value_name = "NAME")]
    name: String,
    /// Your role: region:CODE (e.g. region:17; own region only), analytiker or admin.
    #[arg(long, env = "UPPSIKT_ROLE", value_name = "ROLE")]
    role: String,
}

impl ActorArgs {
    fn actor(&self) -> anyhow::Result<Actor> {
        let role: Role = self.role.parse().map_err(anyhow::Error::msg)?;
        if self.name.trim().is_empty() {
            anyhow::bail!("--as needs a name");
        }
        Ok(Actor::now(self.name.trim(), role))
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

fn region(code: &str) -> anyhow::Result<RegionCode> {
    Ok(code.parse()?)
}

pub async fn run(store: &Store, command: ReportsCommand) -> anyhow::Result<()> {
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
        C::Submit { target, who } => (target, Action::Submit, who),
        C::Return { target, comment, who } => (target, Action::Return { comment }, who),
        C::Approve { target, who } => (target, Action::Approve, who),
        C::Factcheck { target, text, who } => (target, Action::SendForFactCheck { text }, who),
        C::Confirm { target, comment, who } => (target, Action::ConfirmFactCheck { comment }, who),
        C::Publish { target, who } => (target, Action::Publish, who),
        C::Unlock { target, reason, who } => (target, Action::Unlock { reason }, who),
    };
    let a = agreements::get(store, &target.agreement).await?;
    let r = region(&target.region)?;
    let saved = reports::act(store, &who.actor()?, &a, r, action).await?;
    println!(
        "Rapporten {}/{} är nu {} (version {}).",
        a.id,
        r,
        saved.report.state.label_sv(),
        saved.report.version
    );
    print_findings(&saved.findings);
    Ok(())
}

async fn write_template(store: &Store, agreement: &str, code: &str, out: PathBuf) -> anyhow::Result<()> {
    let a = agreements::get(store, agreement).await?;
    let code = region(code)?;
    let r = registry::regions(store)
        .await?
        .into_iter()
        .find(|r| r.code == code)
        .ok_or_else(|| anyhow::anyhow!("region {code} is not in the registry; run `uppsikt init`"))?;
    // A report that exists comes filled in, so it can be corrected and imported again.
    let content = reports::get(store, &a.id, code)
        .await?
        .map(|rep| rep.content)
        .unwrap_or_default();
    template::write_template(&out, &a, &r, &content)?;
    let filled = if content == Default::default() {
        String::new()
    } else {
        format!(", ifylld med rapportens {} insatser", content.measures.len())
    };
    println!(
        "Mall för {} ({}) skriven till {}{filled}",
        r.name,
        a.short_name,
        out.display()
    );
    Ok(())
}

async fn import(
    store: &Store,
    file: PathBuf,
    agreement: Option<String>,
    code: Option<String>,
    who: &ActorArgs,
) -> anyhow::Result<()> {
    let actor = who.actor()?;
    let is_csv = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"));
    let saved: Saved = if is_csv {
        let (Some(agreement), Some(code)) = (agreement, code) else {
            anyhow::bail!("a CSV file holds measures only: give --agreement ID and --region CODE");
        };
        let a = agreements::get(store, &agreement).await?;
        reports::import_measures_csv(store, &actor, &file, &a, region(&code)?).await?
    } else {
        if agreement.is_some() || code.is_some() {
            anyhow::bail!("a template names its agreement and region itself; --agreement and --region are for CSV");
        }
        reports::import_template(store, &actor, &file).await?
    };
    let r = &saved.report;
    println!(
        "Inläst: {}/{} med {} insatser; rapporten är {} (version {}).",
        r.agreement,
        r.region,
        r.content.measures.len(),
        r.state.label_sv(),
        r.version
    );
    print_findings(&saved.findings);
    Ok(())
}

fn print_findings(findings: &[Finding]) {
    if findings.is_empty() {
        println!("Inga valideringsfynd.");
        return;
    }
    println!("Valideringsfynd (fel hindrar inlämning):");
    for f in findings {
        let at = f.measure_seq.map(|s| format!(" (insats {s})")).unwrap_or_default();
        println!("  {}{at} [{}]: {}", f.severity.label_sv(), f.rule, f.message);
    }
}

async fn status(store: &Store, agreement: &str, format: Format) -> anyhow::Result<()> {
    let a = agreements::get(store, agreement).await?;
    let rates = reports::rates(store, &a).await?;
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&rates)?);
        return Ok(());
    }
    print_rows(&rates.rows, format)?;
    if format == Format::Table {
        let pct = |n: usize| 100.0 * n as f64 / rates.expected.max(1) as f64;
        println!(
            "Inlämnade: {} av {} ({:.0} %). I tid: {} av {} ({:.0} %){}. Godkända: {}.",
            rates.submitted,
            rates.expected,
            pct(rates.submitted),
            rates.on_time,
            rates.expected,
            pct(rates.on_time),
            match &rates.deadline {
                Some(d) => format!(", sista dag {d}"),
                None => ", ingen sista dag fastställd".into(),
            },
            rates.approved
        );
    }
    Ok(())
}

#[derive(Serialize)]
struct MeasureRow {
    nr: usize,
    titel: String,
    omrade: Option<String>,
    status: Option<String>,
    kostnad: Option<i64>,
    varav_statsbidrag: Option<i64>,
    period: Option<String>,
    del_av: Option<i32>,
    kalla: Option<String>,
}

async fn show(store: &Store, target: &Target, format: Format) -> anyhow::Result<()> {
    let a: Agreement = agreements::get(store, &target.agreement).await?;
    let r = region(&target.region)?;
    let report = reports::get(store, &a.id, r)
        .await?
        .ok_or_else(|| anyhow::anyhow!("region {r} has no report on {} yet", a.id))?;
    let findings = checks::findings(store, &a, r, &report.content).await?;
    if format == Format::Json {
        let v = serde_json::json!({ "report": report, "findings": findings });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    let rows: Vec<MeasureRow> = report
        .content
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| MeasureRow {
            nr: i + 1,
            titel: m.title.clone(),
            omrade: m.area.clone(),
            status: m.status.map(|s| s.label_sv().to_string()),
            kostnad: m.cost.map(|c| c.0),
            varav_statsbidrag: m.grant_funded.map(|c| c.0),
            period: m.period.map(|p| p.to_string()),
            del_av: m.part_of,
            kalla: m.source.as_ref().map(|s| format!("{} ({})", s.seed, s.section)),
        })
        .collect();
    if format == Format::Csv {
        return print_rows(&rows, format);
    }
    println!("Rapport {}/{} – {}", a.id, r, report.state.label_sv());
    println!("Version: {}", report.version);
    if let Some(s) = &report.source {
        println!("Källa: {} ({})", s.seed, s.section);
    }
    if let Some(c) = &report.comment {
        println!("Senaste kommentar: {c}");
    }
    if let Some(t) = &report.fact_check_text {
        println!("Text för faktagranskning: {t}");
    }
    for (i, q) in Question::ALL.iter().enumerate() {
        println!(
            "{}. {}\n   {}",
            i + 1,
            q.text_sv(),
            report.content.answers.get(*q).unwrap_or("(ej besvarad)")
        );
    }
    if rows.is_empty() {
        println!("Inga insatser.");
    } else {
        print_rows(&rows, format)?;
    }
    print_findings(&findings);
    Ok(())
}

/// `uppsikt audit --report AGREEMENT[/REGION]`: the audit trail, oldest first.
pub async fn audit(store: &Store, report: &str, format: Format) -> anyhow::Result<()> {
    let (agreement, code) = match report.split_once('/') {
        Some((a, r)) => (a, Some(region(r)?)),
        None => (report, None),
    };
    let a = agreements::get(store, agreement).await?;
    let entries = reports::audit(store, &a.id, code).await?;
    if entries.is_empty() && format == Format::Table {
        println!("Ingen ändring registrerad för {report}.");
        return Ok(());
    }
    print_rows(&entries, format)
}
