//! The code × region matrix: per code and region, the documents and codings,
//! where a code's counts include those of every code below it.

use std::collections::{BTreeMap, BTreeSet};

/// One cell of the matrix (the contract's `qual matrix` columns).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MatrixRow {
    /// The code.
    pub code_id: String,
    /// The county code, or `00` for documents without a region.
    pub region: String,
    /// Documents of that region with at least one such coding.
    pub documents: u64,
    /// Codings of the code or its descendants on them.
    pub codings: u64,
}

/// The region of documents that have none.
pub const NO_REGION: &str = "00";

/// The matrix of `codings` — (document, its region, code) — given each code's
/// parent. Rows are sorted by code, then region.
pub fn matrix<'a>(
    codings: impl IntoIterator<Item = (&'a str, Option<&'a str>, &'a str)>,
    parents: &[(String, Option<String>)],
) -> Vec<MatrixRow> {
    let parent_of: BTreeMap<&str, Option<&str>> = parents.iter().map(|(c, p)| (c.as_str(), p.as_deref())).collect();
    let mut cells: BTreeMap<(String, String), (BTreeSet<&str>, u64)> = BTreeMap::new();
    for (doc, region, code) in codings {
        let region = region.unwrap_or(NO_REGION);
        let mut here = Some(code);
        // The depth bound guards against a cycle the store would have refused.
        for _ in 0..=parents.len() {
            let Some(c) = here else { break };
            let cell = cells.entry((c.to_string(), region.to_string())).or_default();
            cell.0.insert(doc);
            cell.1 += 1;
            here = parent_of.get(c).copied().flatten();
        }
    }
    cells
        .into_iter()
        .map(|((code_id, region), (docs, n))| MatrixRow {
            code_id,
            region,
            documents: docs.len() as u64,
            codings: n,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_count_for_parents_and_no_region_is_00() {
        let parents = vec![
            ("samverkan".to_string(), None),
            ("samverkan.kommun".to_string(), Some("samverkan".to_string())),
        ];
        let codings = [
            ("d1", Some("17"), "samverkan.kommun"),
            ("d1", Some("17"), "samverkan"),
            ("d2", Some("17"), "samverkan.kommun"),
            ("d3", None, "samverkan"),
        ];
        let rows = matrix(codings, &parents);
        let got: Vec<(&str, &str, u64, u64)> = rows
            .iter()
            .map(|r| (r.code_id.as_str(), r.region.as_str(), r.documents, r.codings))
            .collect();
        assert_eq!(
            got,
            [
                ("samverkan", "00", 1, 1),
                ("samverkan", "17", 2, 3),
                ("samverkan.kommun", "17", 2, 2)
            ]
        );
    }
}
