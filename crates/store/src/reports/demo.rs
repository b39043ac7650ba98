//! Demo reports from the seed texts: the regions' 2017 reports on
//! professionsmiljarden (seed 004's spending lines) as approved reports, and 2019 drafts on God och nära vård from what seed 003 tells of
//! individual regions. Every report and measure keeps its source.
//! Idempotent: a report that exists is left as it is.

use uppsikt_domain::access::{Actor, Role};
use uppsikt_domain::measure::{Measure, MeasureStatus, Period};
use uppsikt_domain::report::{Question, ReportContent, ReportState};
use uppsikt_domain::source::{SEED_FOLLOW_UP_2020, SEED_SPENDING_2017};
use uppsikt_domain::{AgreementId, RegionCode, Source};

use super::{get, transcribe};
use crate::{Result, Store, agreements, grants, seeds};

/// The agreement of the 2019 drafts.
pub const AGREEMENT_2019: &str = "god-och-nara-vard-2019";

/// What the demo step did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Reports created.
    pub created: usize,
    /// Reports that existed and were left as they are.
    pub kept: usize,
}

/// Creates the demo reports that do not exist yet.
pub async fn load(store: &Store, at: &str) -> Result<Loaded> {
    let actor = Actor::new("uppsikt demo", Role::Admin);
    let mut done = Loaded::default();
    let a2017 = agreements::get(store, seeds::AGREEMENT_2017).await?;
    let received = grants::grants(store, &a2017.id).await?;
    let measures = seeds::measures_2017(&a2017)?;
    for g in &received {
        if get(store, &a2017.id, g.region).await?.is_some() {
            done.kept += 1;
            continue;
        }
        let content = ReportContent {
            answers: Default::default(),
            measures: measures
                .iter()
                .filter(|(r, _)| *r == g.region)
                .map(|(_, m)| m.clone())
                .collect(),
        };
        let source = Source {
            seed: SEED_SPENDING_2017.into(),
            section: g.source.section.clone(),
            quote: g.source.quote.clone(),
        };
        transcribe(
            store,
            &actor,
            at,
            &a2017,
            g.region,
            content,
            ReportState::Approved,
            source,
        )
        .await?;
        done.created += 1;
    }
    let a2019 = agreements::get(store, AGREEMENT_2019).await?;
    for d in drafts_2019() {
        let id: AgreementId = AGREEMENT_2019.parse()?;
        if get(store, &id, d.region).await?.is_some() {
            done.kept += 1;
            continue;
        }
        let mut content = ReportContent::default();
        content.answers.set(Question::Decisions, Some(d.decisions.into()));
        content.measures = d.measures;
        let source = Source {
            seed: SEED_FOLLOW_UP_2020.into(),
            section: d.section.into(),
            quote: None,
        };
        transcribe(store, &actor, at, &a2019, d.region, content, ReportState::Draft, source).await?;
        done.created += 1;
    }
    Ok(done)
}

/// A 2019 draft read from seed 003.
pub struct Draft2019 {
    /// The region.
    pub region: RegionCode,
    /// Answer to question 1, from Tabell 1 (the region's steering document and its decision).
    pub decisions: &'static str,
    /// Where in 003 the report's facts are.
    pub section: &'static str,
    /// The measures (insatser) 003 describes for the region.
    pub measures: Vec<Measure>,
}

fn quoted(section: &str, quote: &str) -> Option<Source> {
    Some(Source {
        seed: SEED_FOLLOW_UP_2020.into(),
        section: section.into(),
        quote: Some(quote.into()),
    })
}

fn measure(title: &str, status: Option<MeasureStatus>, period: Option<(i32, i32)>, source: Option<Source>) -> Measure {
    Measure {
        number: None,
        title: title.into(),
        description: None,
        // Seed 003 does not place these measures under one of the agreement's areas.
        area: None,
        earmark: None,
        status,
        cost: None,
        grant_funded: None,
        approx: false,
        period: period.map(|(from, to)| Period { from, to }),
        results: None,
        target_group: None,
        part_of: None,
        source,
    }
}

/// Drafts for Värmland, Örebro and Jämtland Härjedalen, each measure quoting seed 003.
/// Status and period are filled only where the quoted text states them.
pub fn drafts_2019() -> Vec<Draft2019> {
    let r = |c: &str| c.parse::<RegionCode>().expect("valid constant");
    let mut beon = measure(
        "BEON (Bästa Effektiva OmhändertagandeNivå) på samtliga vårdcentraler",
        Some(MeasureStatus::Implemented),
        Some((2017, 2019)),
        quoted(
            "Växling av arbetsuppgifter mellan yrkesgrupper",
            "Region Värmland uppger att arbetssättet BEON (Bästa Effektiva OmhändertagandeNivå) sedan 2017 är infört på samtliga vårdcentraler och att de 2018–2019 såg en minskning av kostnader för hyrläkare.",
        ),
    );
    beon.results = Some("Minskade kostnader för hyrläkare 2018–2019.".into());
    beon.target_group = Some("Bland annat patienter med KOL och diabetes (sjuksköterskeledda mottagningar)".into());
    let mut telefon = measure(
        "1177 Vårdguiden per telefon i egen regi",
        Some(MeasureStatus::Implemented),
        Some((2019, 2019)),
        quoted(
            "1177 Vårdguidens e-tjänster",
            "Region Värmland anger att de sedan november 2019 tagit över 1177 Vårdguiden per telefon i egen regi och att samtalen besvaras av sjuksköterskor med erfarenhet av värmländsk hälso- och sjukvård, vilket anses skapa bättre vårdkoordinering.",
        ),
    );
    telefon.results = Some(
        "Samtalen besvaras av sjuksköterskor med erfarenhet av värmländsk vård; anses ge bättre vårdkoordinering."
            .into(),
    );
    let mut ibh = measure(
        "Integrerad beteendehälsa",
        None,
        Some((2018, 2019)),
        quoted(
            "Sammanhållen vård vid psykisk ohälsa",
            "I Region Örebro beskrivs ett framgångsrikt arbete med integrerad beteendehälsa som initierades 2018. En vårdcentral hade då sedan flera år minst sex månaders väntetid till kurator eller psykologmottagning. Nu tas patienter med besöksorsak psykisk ohälsa emot inom 24 timmar och kan erbjudas hjälp på rätt vårdnivå.",
        ),
    );
    ibh.results = Some(
        "Patienter med besöksorsak psykisk ohälsa tas emot inom 24 timmar (tidigare minst sex månaders väntetid till kurator eller psykolog).".into(),
    );
    ibh.target_group = Some("Patienter med psykisk ohälsa".into());
    let mut akutrum = measure(
        "Virtuellt akutrum",
        None,
        None,
        quoted(
            "Virtuellt akutrum i Region Jämtland Härjedalen",
            "Virtuellt akutrum är en lösning som är framtagen av primärvården i Region Jämtland Härjedalen. Lösningen har gjort det möjligt att dela en läkarjour över ett större geografiskt avstånd mellan olika enheter.",
        ),
    );
    akutrum.description = Some(
        "Triagering av sjuksköterska och/eller undersköterska, en akutliggare över en eller flera vårdenheter, en app för jourhavande läkare och en vagn med kameror och stetoskop.".into(),
    );
    vec![
        Draft2019 {
            region: r("17"),
            decisions: "Utvecklingsplan för framtida hälso- och sjukvård. Efter beslut av hälso- och sjukvårdsnämnden 2019 har revidering av utvecklingsplanen påbörjats.",
            section: "Tabell 1; Växling av arbetsuppgifter mellan yrkesgrupper; 1177 Vårdguidens e-tjänster",
            measures: vec![beon, telefon],
        },
        Draft2019 {
            region: r("18"),
            decisions: "Målbild 2030 – målbild för hälso- och sjukvården i Örebro län. Målbilden antogs av regionfullmäktige 2019.",
            section: "Tabell 1; Sammanhållen vård vid psykisk ohälsa",
            measures: vec![ibh],
        },
        Draft2019 {
            region: r("23"),
            decisions: "Riktning Nära vård. Beslutad av hälso- och sjukvårdsnämnden 2019.",
            section: "Tabell 1; Virtuellt akutrum i Region Jämtland Härjedalen",
            measures: vec![akutrum],
        },
    ]
}
