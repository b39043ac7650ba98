//! Inter-coder agreement per code, as the contract defines it: the units are
//! the character positions that at least one of the two coders coded with any
//! code, so uncoded text never inflates the figures. For each code, every
//! unit is rated yes/no by each coder; `agree` counts the units rated alike,
//! and Cohen's kappa corrects that for chance.

use std::collections::{BTreeMap, BTreeSet};

use super::Coding;

/// A span as the agreement needs it: one coder's coding of one document.
#[derive(Debug, Clone, Copy)]
pub struct CoderSpan<'a> {
    /// The document.
    pub doc_id: &'a str,
    /// First position, inclusive.
    pub start: u32,
    /// Last position, exclusive.
    pub end: u32,
    /// The code.
    pub code_id: &'a str,
    /// Whether the first coder (A) made it; otherwise the second (B).
    pub by_a: bool,
}

/// One code's agreement between two coders (the contract's `qual agreement` columns).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AgreementRow {
    /// The code.
    pub code_id: String,
    /// Positions either coder coded with any code.
    pub units: u64,
    /// Units both rated alike for this code.
    pub agree: u64,
    /// 100 × agree / units, rounded to three decimals.
    pub percent: f64,
    /// Cohen's kappa rounded to three decimals; `None` when chance agreement is 1.
    pub kappa: Option<f64>,
}

/// Agreement between coders `a` and `b` for every code either of them used,
/// sorted by code. Codings by other coders are ignored.
pub fn agreement(codings: &[Coding], a: &str, b: &str) -> Vec<AgreementRow> {
    let spans: Vec<CoderSpan> = codings
        .iter()
        .filter(|c| c.coder == a || c.coder == b)
        .map(|c| CoderSpan {
            doc_id: &c.doc_id,
            start: c.start,
            end: c.end,
            code_id: &c.code_id,
            by_a: c.coder == a,
        })
        .collect();
    agreement_of_spans(&spans)
}

/// [`agreement`] over spans already split by coder.
pub fn agreement_of_spans(spans: &[CoderSpan]) -> Vec<AgreementRow> {
    let codes: Vec<&str> = spans
        .iter()
        .map(|s| s.code_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // Per code: units rated [a yes][b yes].
    let mut table = vec![[[0u64; 2]; 2]; codes.len()];
    let mut units = 0u64;
    let mut by_doc: BTreeMap<&str, Vec<&CoderSpan>> = BTreeMap::new();
    for s in spans.iter().filter(|s| s.start < s.end) {
        by_doc.entry(s.doc_id).or_default().push(s);
    }
    for doc_spans in by_doc.values() {
        // Between two consecutive boundaries every position is rated alike.
        let mut bounds: Vec<u32> = doc_spans.iter().flat_map(|s| [s.start, s.end]).collect();
        bounds.sort_unstable();
        bounds.dedup();
        for w in bounds.windows(2) {
            let (from, to) = (w[0], w[1]);
            let covering = doc_spans.iter().filter(|s| s.start <= from && to <= s.end);
            let mut rated = vec![[false; 2]; codes.len()];
            let mut any = false;
            for s in covering {
                any = true;
                let i = codes.binary_search(&s.code_id).expect("code collected above");
                rated[i][usize::from(!s.by_a)] = true;
            }
            if !any {
                continue;
            }
            let len = u64::from(to - from);
            units += len;
            for (i, [ya, yb]) in rated.into_iter().enumerate() {
                table[i][usize::from(ya)][usize::from(yb)] += len;
            }
        }
    }
    // Units no coder rated for a code (positions coded with other codes) are
    // "no" from both: they were counted above through `rated` defaulting to false.
    codes.iter().zip(table).map(|(code, t)| row(code, units, t)).collect()
}

fn row(code: &str, units: u64, t: [[u64; 2]; 2]) -> AgreementRow {
    let agree = t[1][1] + t[0][0];
    let a_yes = t[1][0] + t[1][1];
    let b_yes = t[0][1] + t[1][1];
    let n = units as f64;
    let po = agree as f64 / n;
    // Chance agreement is exactly 1 when both coders rated every unit alike
    // and all the same way; test that in integers, not floats.
    let (u, ay, by) = (u128::from(units), u128::from(a_yes), u128::from(b_yes));
    let pe_is_one = ay * by + (u - ay) * (u - by) == u * u;
    let pe = (a_yes as f64 / n) * (b_yes as f64 / n) + ((units - a_yes) as f64 / n) * ((units - b_yes) as f64 / n);
    AgreementRow {
        code_id: code.to_string(),
        units,
        agree,
        percent: round3(100.0 * po),
        kappa: (!pe_is_one).then(|| round3((po - pe) / (1.0 - pe))),
    }
}

fn round3(x: f64) -> f64 {
    let r = (x * 1000.0).round() / 1000.0;
    // No "-0" in a table.
    if r == 0.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(doc: &str, start: u32, end: u32, code: &str, coder: &str) -> Coding {
        Coding {
            doc_id: doc.into(),
            start,
            end,
            code_id: code.into(),
            coder: coder.into(),
            memo: String::new(),
        }
    }

    #[test]
    fn hand_computed_case() {
        // Units: positions 0..8 of d1 (coded by someone); 8..10 are uncoded and not counted.
        let codings = [
            c("d1", 0, 4, "x", "a"),
            c("d1", 6, 8, "y", "a"),
            c("d1", 0, 2, "z", "a"),
            c("d1", 2, 6, "x", "b"),
            c("d1", 6, 8, "y", "b"),
            c("d1", 0, 10, "x", "c"),
        ];
        let rows = agreement(&codings, "a", "b");
        // x: a yes on 0-3, b yes on 2-5: alike on 2,3 (yes) and 6,7 (no) → 4 of 8.
        // po = .5, pe = .5·.5 + .5·.5 = .5 → kappa 0.
        assert_eq!(
            rows[0],
            AgreementRow {
                code_id: "x".into(),
                units: 8,
                agree: 4,
                percent: 50.0,
                kappa: Some(0.0)
            }
        );
        // y: both yes on 6,7, both no elsewhere: po = 1, pe = .25² + .75² = .625 → kappa 1.
        assert_eq!(rows[1].agree, 8);
        assert_eq!(rows[1].kappa, Some(1.0));
        // z: only a, on 0,1: alike on 6 of 8 → 75 %; pe = .25·0 + .75·1 = .75 = po → kappa 0.
        assert_eq!((rows[2].agree, rows[2].percent, rows[2].kappa), (6, 75.0, Some(0.0)));
        assert_eq!(rows.len(), 3, "coder c is not part of it");
    }

    #[test]
    fn kappa_is_empty_when_chance_agreement_is_one() {
        let codings = [c("d", 0, 4, "x", "a"), c("d", 0, 4, "x", "b")];
        let rows = agreement(&codings, "a", "b");
        assert_eq!(
            (rows[0].units, rows[0].agree, rows[0].percent, rows[0].kappa),
            (4, 4, 100.0, None)
        );
    }

    #[test]
    fn partial_overlap_rounds_to_three_decimals() {
        // Units 0..3 (a) ∪ 2..6 (b) = 6; code x: a yes 0,1,2; b yes 2..5 → alike only at 2 → 1/6.
        let codings = [c("d", 0, 3, "x", "a"), c("d", 2, 6, "x", "b")];
        let r = &agreement(&codings, "a", "b")[0];
        assert_eq!((r.units, r.agree, r.percent), (6, 1, 16.667));
        // pa = .5, pb = 4/6; pe = .5·4/6 + .5·2/6 = .5; kappa = (1/6 − .5)/.5 = −0.667.
        assert_eq!(r.kappa, Some(-0.667));
    }

    #[test]
    fn documents_are_separate() {
        let codings = [c("d1", 0, 2, "x", "a"), c("d2", 0, 2, "x", "b")];
        let r = &agreement(&codings, "a", "b")[0];
        assert_eq!((r.units, r.agree), (4, 0));
    }
}
