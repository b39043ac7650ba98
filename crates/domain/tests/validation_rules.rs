//! Every shipped validation rule with a case that fires and one that does not.

use uppsikt_domain::validation::{AgreementFacts, Finding, RegionFacts, RuleSet, evaluate};
use uppsikt_domain::{Agreement, GrantReceived, Measure, Sek, Source};

const RULES: &str = include_str!("../../../data/reference/validation-rules.toml");

fn agreement() -> Agreement {
    let text = r#"
        id = "professionsmiljarden-2017"
        name = "Professionsmiljarden 2017"
        short_name = "PM 2017"
        year = 2017
        total_sek = 1000
        source = "test"
        areas = [{ id = "it-stod", name = "It-stöd" }]
        earmarks = [{ id = "specialistutbildning", name = "Specialistutbildning" }]
    "#;
    toml::from_str(text).unwrap()
}

fn source() -> Source {
    Source {
        seed: "test".into(),
        section: "test".into(),
        quote: None,
    }
}

fn measure(seq: i32, amount: Option<i64>, area: Option<&str>, earmark: Option<&str>) -> Measure {
    Measure {
        number: Some(seq),
        title: format!("Insats {seq}"),
        description: None,
        area: area.map(str::to_string),
        earmark: earmark.map(str::to_string),
        status: None,
        cost: amount.map(Sek),
        grant_funded: None,
        approx: false,
        period: None,
        results: None,
        target_group: None,
        part_of: None,
        source: Some(source()),
    }
}

fn region(received: Option<(i64, Option<i64>)>, measures: Vec<Measure>) -> RegionFacts {
    RegionFacts {
        region: "04".parse().unwrap(),
        name: "Sörmland".into(),
        population: 100,
        share_percent: 100.0,
        allocated: Some(Sek(1000)),
        grant: received.map(|(r, e)| GrantReceived {
            agreement: "professionsmiljarden-2017".parse().unwrap(),
            region: "04".parse().unwrap(),
            received: Sek(r),
            earmarked: e.map(Sek),
            approx: false,
            note: None,
            source: source(),
        }),
        measures,
    }
}

fn run(regions: Vec<RegionFacts>) -> Vec<Finding> {
    let rules = RuleSet::from_toml(RULES).unwrap();
    evaluate(
        &rules.rules,
        &AgreementFacts {
            agreement: agreement(),
            regions,
        },
    )
}

fn fired(findings: &[Finding], rule: &str) -> bool {
    findings.iter().any(|f| f.rule == rule)
}

#[test]
fn spent_below_one_percent_is_a_unit_error() {
    let f = run(vec![region(
        Some((27_500_000, None)),
        vec![measure(1, Some(19_700), Some("it-stod"), None)],
    )]);
    assert!(fired(&f, "spent-unit-low"));
    let msg = &f.iter().find(|x| x.rule == "spent-unit-low").unwrap().message;
    assert_eq!(
        msg.replace('\u{a0}', " "),
        "Sörmland: redovisade kostnader 19 700 kr är bara 0,07 % av erhållet bidrag 27 500 000 kr. \
         Troligt enhetsfel (kronor i stället för tusental eller miljoner) – kontrollera beloppen."
    );
    let ok = run(vec![region(
        Some((27_500_000, None)),
        vec![measure(1, Some(19_700_000), Some("it-stod"), None)],
    )]);
    assert!(!fired(&ok, "spent-unit-low"));
    assert!(!fired(&ok, "spent-over-received"));
}

#[test]
fn spent_above_150_percent_is_flagged() {
    let f = run(vec![region(
        Some((100, None)),
        vec![measure(1, Some(151), Some("it-stod"), None)],
    )]);
    assert!(fired(&f, "spent-over-received"));
    let ok = run(vec![region(
        Some((100, None)),
        vec![measure(1, Some(150), Some("it-stod"), None)],
    )]);
    assert!(!fired(&ok, "spent-over-received"));
}

#[test]
fn ratio_rules_skip_unknown_sides() {
    let f = run(vec![region(None, vec![measure(1, Some(1), Some("it-stod"), None)])]);
    assert!(!fired(&f, "spent-unit-low") && !fired(&f, "spent-over-received"));
}

#[test]
fn earmarked_spending_far_below_the_earmarked_grant() {
    let f = run(vec![region(
        Some((217_000_000, Some(68_100_000))),
        vec![measure(1, Some(68_300), None, Some("specialistutbildning"))],
    )]);
    assert!(fired(&f, "earmark-unit-low"));
    let ok = run(vec![region(
        Some((217_000_000, Some(68_100_000))),
        vec![measure(1, Some(68_300_000), None, Some("specialistutbildning"))],
    )]);
    assert!(!fired(&ok, "earmark-unit-low"));
}

#[test]
fn missing_breakdown() {
    let f = run(vec![region(Some((18_578_147, None)), vec![])]);
    assert!(fired(&f, "missing-breakdown"));
    let only_text = run(vec![region(
        Some((159_800_000, None)),
        vec![measure(1, None, None, None)],
    )]);
    assert!(fired(&only_text, "missing-breakdown"));
    let ok = run(vec![region(
        Some((100, None)),
        vec![measure(1, Some(100), Some("it-stod"), None)],
    )]);
    assert!(!fired(&ok, "missing-breakdown"));
    // Nothing received, nothing to break down.
    assert!(!fired(&run(vec![region(None, vec![])]), "missing-breakdown"));
}

#[test]
fn measure_without_area() {
    let f = run(vec![region(None, vec![measure(1, Some(1), None, None)])]);
    assert_eq!(f.iter().filter(|x| x.rule == "measure-without-area").count(), 1);
    assert_eq!(f[0].measure_seq, Some(1));
    let ok = run(vec![region(
        None,
        vec![
            measure(1, Some(1), Some("it-stod"), None),
            measure(2, Some(1), None, Some("specialistutbildning")),
        ],
    )]);
    assert!(!fired(&ok, "measure-without-area"));
}

#[test]
fn measure_with_an_area_the_agreement_lacks() {
    let f = run(vec![region(
        None,
        vec![measure(1, Some(1), Some("vision-e-halsa"), None)],
    )]);
    assert!(fired(&f, "measure-unknown-area"));
    let ok = run(vec![region(None, vec![measure(1, Some(1), Some("it-stod"), None)])]);
    assert!(!fired(&ok, "measure-unknown-area"));
}

#[test]
fn negative_amount() {
    assert!(fired(
        &run(vec![region(None, vec![measure(1, Some(-5), Some("it-stod"), None)])]),
        "negative-amount"
    ));
    assert!(!fired(
        &run(vec![region(None, vec![measure(1, Some(0), Some("it-stod"), None)])]),
        "negative-amount"
    ));
}

#[test]
fn population_shares_must_sum_to_100() {
    let mut a = region(None, vec![]);
    a.share_percent = 60.0;
    let mut b = a.clone();
    b.share_percent = 39.0;
    let f = run(vec![a.clone(), b.clone()]);
    assert!(fired(&f, "population-shares"));
    assert!(
        f.iter()
            .find(|x| x.rule == "population-shares")
            .unwrap()
            .message
            .contains("99,0000 %")
    );
    b.share_percent = 40.0;
    assert!(!fired(&run(vec![a, b]), "population-shares"));
}

#[test]
fn rule_files_with_duplicate_ids_are_refused() {
    let dup = format!("{RULES}\n{}", &RULES[RULES.find("[[rule]]").unwrap()..]);
    assert!(RuleSet::from_toml(&dup).unwrap_err().contains("förekommer två gånger"));
}
