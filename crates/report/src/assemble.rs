//! Builds [`ReportData`] from the store: the one place that reads the database.

use uppsikt_store::{Store, agreements, datasets, facts, grants, registry};

use crate::data::{AgreementData, ReportData, StrategyData, WebBookingData};

/// Reads everything the report for `year` shows. Each dataset contributes its
/// latest edition dated in or before `year`; a dataset with none is left out.
pub async fn assemble(store: &Store, year: i32) -> anyhow::Result<ReportData> {
    let regions = registry::regions(store).await?;
    anyhow::ensure!(
        !regions.is_empty(),
        "the database has no regions: run `uppsikt init` (or `uppsikt demo`) first"
    );
    Ok(ReportData {
        year,
        regions,
        strategies: strategies(store, year).await?,
        web_booking: web_booking(store, year).await?,
        agreement: agreement(store, year).await?,
        survey: None,
        indicators: None,
    })
}

async fn strategies(store: &Store, year: i32) -> anyhow::Result<Option<StrategyData>> {
    let all = datasets::strategies(store).await?;
    let Some(latest) = all.iter().map(|s| s.year).filter(|y| *y <= year).max() else {
        return Ok(None);
    };
    Ok(Some(StrategyData {
        year: latest,
        rows: all.into_iter().filter(|s| s.year == latest).collect(),
    }))
}

fn period_year(period: &str) -> Option<i32> {
    period.get(..4)?.parse().ok()
}

async fn web_booking(store: &Store, year: i32) -> anyhow::Result<Option<WebBookingData>> {
    let all = datasets::web_booking(store).await?;
    let Some(latest) = all
        .iter()
        .filter(|w| period_year(&w.period).is_some_and(|y| y <= year))
        .map(|w| w.period.clone())
        .max()
    else {
        return Ok(None);
    };
    Ok(Some(WebBookingData {
        rows: all.into_iter().filter(|w| w.period == latest).collect(),
        period: latest,
    }))
}

/// The latest agreement up to `year` that regions have reported on.
async fn agreement(store: &Store, year: i32) -> anyhow::Result<Option<AgreementData>> {
    let mut candidates: Vec<_> = agreements::list(store)
        .await?
        .into_iter()
        .filter(|a| a.year <= year)
        .collect();
    candidates.sort_by(|a, b| b.year.cmp(&a.year).then(a.id.cmp(&b.id)));
    for agreement in candidates {
        let received = grants::grants(store, &agreement.id).await?;
        let measures = grants::measures(store, &agreement.id).await?;
        if received.is_empty() && measures.is_empty() {
            continue;
        }
        let facts_ = facts::agreement_facts(store, &agreement).await?;
        let findings = facts::validate(store, &agreement).await?;
        return Ok(Some(AgreementData {
            rows: facts::grant_rows(&facts_),
            agreement,
            measures,
            findings,
        }));
    }
    Ok(None)
}
