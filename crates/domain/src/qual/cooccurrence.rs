//! Co-occurrence of codes: two codes co-occur where codings of them overlap
//! in the same document (share at least one position), whoever coded them.

use std::collections::{BTreeMap, BTreeSet};

use super::Coding;

/// How often two codes overlap.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CooccurrenceRow {
    /// The first code (the smaller id).
    pub code_a: String,
    /// The second code.
    pub code_b: String,
    /// Pairs of overlapping codings.
    pub overlaps: u64,
    /// Documents where they overlap.
    pub documents: u64,
}

/// Every pair of different codes that overlap somewhere, sorted by overlaps
/// (most first), then by the codes.
pub fn cooccurrence(codings: &[Coding]) -> Vec<CooccurrenceRow> {
    let mut by_doc: BTreeMap<&str, Vec<&Coding>> = BTreeMap::new();
    for c in codings {
        by_doc.entry(&c.doc_id).or_default().push(c);
    }
    let mut pairs: BTreeMap<(&str, &str), (u64, BTreeSet<&str>)> = BTreeMap::new();
    for (doc, list) in &by_doc {
        for (i, x) in list.iter().enumerate() {
            for y in &list[i + 1..] {
                if x.code_id == y.code_id || x.end <= y.start || y.end <= x.start {
                    continue;
                }
                let key = if x.code_id < y.code_id {
                    (x.code_id.as_str(), y.code_id.as_str())
                } else {
                    (y.code_id.as_str(), x.code_id.as_str())
                };
                let e = pairs.entry(key).or_default();
                e.0 += 1;
                e.1.insert(doc);
            }
        }
    }
    let mut rows: Vec<CooccurrenceRow> = pairs
        .into_iter()
        .map(|((a, b), (n, docs))| CooccurrenceRow {
            code_a: a.to_string(),
            code_b: b.to_string(),
            overlaps: n,
            documents: docs.len() as u64,
        })
        .collect();
    rows.sort_by(|x, y| {
        y.overlaps
            .cmp(&x.overlaps)
            .then_with(|| (&x.code_a, &x.code_b).cmp(&(&y.code_a, &y.code_b)))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(doc: &str, start: u32, end: u32, code: &str) -> Coding {
        Coding {
            doc_id: doc.into(),
            start,
            end,
            code_id: code.into(),
            coder: "a".into(),
            memo: String::new(),
        }
    }

    #[test]
    fn overlapping_spans_of_different_codes_count() {
        let rows = cooccurrence(&[
            c("d1", 0, 10, "x"),
            c("d1", 5, 15, "y"),
            c("d1", 10, 20, "z"), // touches x at 10 but shares no position
            c("d2", 0, 5, "y"),
            c("d2", 4, 6, "x"),
            c("d2", 0, 5, "y2"),
            c("d2", 0, 3, "x"),
        ]);
        let got: Vec<(&str, &str, u64, u64)> = rows
            .iter()
            .map(|r| (r.code_a.as_str(), r.code_b.as_str(), r.overlaps, r.documents))
            .collect();
        assert_eq!(
            got,
            [("x", "y", 3, 2), ("x", "y2", 2, 1), ("y", "y2", 1, 1), ("y", "z", 1, 1)]
        );
    }
}
