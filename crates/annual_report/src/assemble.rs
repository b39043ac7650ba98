//! Builds [`ReportData`] from the store: with `assemble_indicators`,
//! `assemble_quantities` and `assemble_themes`, the one place that reads the database.

use uppsikt_store::{
    Store, agreements, allocation_table, grants, registry, reports, strategies, survey, validation, web_booking,
};

use crate::Result;
use crate::data::{
    AgreementData, ReportData, ReportsData, StrategyData, SurveyAnswer, SurveyData, SurveyQuestion, WebBookingData,
};

/// Reads everything the report for `year` shows. Each dataset contributes its
/// latest edition dated in or before `year`; a dataset with none is left out.
pub async fn assemble(store: &Store, year: i32) -> Result<ReportData> {
    let regions = registry::regions(store).await?;
    if regions.is_empty() {
        return Err(crate::Error::NoRegions);
    }
    let published = crate::assemble_indicators::Published::read(store).await?;
    Ok(ReportData {
        year,
        regions,
        strategies: strategies(store, year).await?,
        web_booking: web_booking(store, year).await?,
        agreement: agreement(store, year).await?,
        reports: regional_reports(store, year).await?,
        survey: survey_results(store, year).await?,
        indicators: crate::assemble_indicators::published(&published, year),
        themes: crate::assemble_themes::themes(store, year).await?,
        quantities: crate::assemble_quantities::quantities(&published, year),
    })
}

async fn strategies(store: &Store, year: i32) -> Result<Option<StrategyData>> {
    let all = strategies::list(store).await?;
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

async fn web_booking(store: &Store, year: i32) -> Result<Option<WebBookingData>> {
    let all = web_booking::list(store).await?;
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
async fn agreement(store: &Store, year: i32) -> Result<Option<AgreementData>> {
    let mut candidates: Vec<_> = agreements::list(store)
        .await?
        .into_iter()
        .filter(|a| a.year <= year)
        .collect();
    candidates.sort_by(|a, b| b.year.cmp(&a.year).then(a.id.cmp(&b.id)));
    for agreement in candidates {
        let received = grants::grants(store, &agreement.id).await?;
        let measures = reports::measures(store, &agreement.id, reports::Scope::HandedIn).await?;
        if received.is_empty() && measures.is_empty() {
            continue;
        }
        let facts = validation::agreement_facts(store, &agreement).await?;
        let findings = validation::findings(store, &agreement).await?;
        return Ok(Some(AgreementData {
            rows: allocation_table::grant_rows(&facts),
            agreement,
            measures,
            findings,
        }));
    }
    Ok(None)
}

/// The newest survey up to `year` that anyone has answered.
async fn survey_results(store: &Store, year: i32) -> Result<Option<SurveyData>> {
    for summary in survey::list(store).await? {
        let (id, survey_year) = (summary.id, summary.year);
        if survey_year > year {
            continue;
        }
        let status = survey::status(store, &id).await?;
        if status.responded == 0 {
            continue;
        }
        let q = survey::questionnaire(store, &id).await?;
        let mut questions: Vec<SurveyQuestion> = Vec::new();
        for c in survey::results(store, &id).await? {
            if questions.last().is_none_or(|last| last.id != c.item) {
                questions.push(SurveyQuestion {
                    label: q.item(&c.item).map_or_else(|| c.item.clone(), |i| i.label.clone()),
                    id: c.item.clone(),
                    answered: c.answered,
                    answers: Vec::new(),
                });
            }
            if let Some(last) = questions.last_mut() {
                last.answers.push(SurveyAnswer {
                    code: c.code,
                    label: c.label,
                    count: c.count,
                });
            }
        }
        return Ok(Some(SurveyData {
            id,
            title: q.title,
            year: survey_year,
            period: q.period,
            population: status.population,
            responded: status.responded,
            synthetic: status.synthetic,
            source: q.source,
            questions,
        }));
    }
    Ok(None)
}

/// The regions' reports on every agreement up to `year` that has any, newest first.
async fn regional_reports(store: &Store, year: i32) -> Result<Vec<ReportsData>> {
    let mut out = Vec::new();
    let mut all: Vec<_> = agreements::list(store)
        .await?
        .into_iter()
        .filter(|a| a.year <= year)
        .collect();
    all.sort_by(|a, b| b.year.cmp(&a.year).then(a.id.cmp(&b.id)));
    for agreement in all {
        let mut list = reports::list(store, &agreement.id).await?;
        if list.is_empty() {
            continue;
        }
        list.sort_by_key(|r| r.region);
        out.push(ReportsData {
            rates: reports::rates(store, &agreement).await?,
            agreement,
            reports: list,
        });
    }
    Ok(out)
}
