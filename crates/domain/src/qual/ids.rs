//! The ids of documents and codes and the names of coders.

use crate::tr;

/// Which kind of id was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A document id.
    Document,
    /// A code id.
    Code,
    /// A coder's name.
    Coder,
}

/// An id that breaks its pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", match .kind {
    IdKind::Document => tr!(qual.bad_doc_id, id = .id),
    IdKind::Code => tr!(qual.bad_code_id, id = .id),
    IdKind::Coder => tr!(qual.bad_coder, coder = .id),
})]
pub struct BadId {
    /// What the id names.
    pub kind: IdKind,
    /// The id as given.
    pub id: String,
}

const MAX_ID: usize = 64;

fn id_like(id: &str, extra: &[char]) -> bool {
    let mut chars = id.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    first_ok
        && id.len() <= MAX_ID
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || extra.contains(&c))
}

/// `[a-z0-9][a-z0-9-]*`, at most 64 characters.
pub fn check_doc_id(id: &str) -> Result<(), BadId> {
    id_like(id, &[]).then_some(()).ok_or_else(|| BadId {
        kind: IdKind::Document,
        id: id.to_string(),
    })
}

/// As a document id, and a dot may separate levels (`samverkan.kommun`, the
/// contract's own example of a child code).
pub fn check_code_id(id: &str) -> Result<(), BadId> {
    id_like(id, &['.']).then_some(()).ok_or_else(|| BadId {
        kind: IdKind::Code,
        id: id.to_string(),
    })
}

/// `[a-z0-9._-]+`.
pub fn check_coder(name: &str) -> Result<(), BadId> {
    let ok = !name.is_empty()
        && name.len() <= MAX_ID
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    ok.then_some(()).ok_or_else(|| BadId {
        kind: IdKind::Coder,
        id: name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(check_doc_id("int-vgr-2019-01").is_ok());
        assert!(check_doc_id("0").is_ok());
        for bad in ["", "-a", "Int", "a_b", "a.b", "å", &"a".repeat(65)] {
            assert!(check_doc_id(bad).is_err(), "{bad}");
        }
        assert!(check_code_id("samverkan.kommun").is_ok());
        assert!(check_code_id(".a").is_err());
        assert!(check_coder("anna.k").is_ok());
        assert!(check_coder("_x-1").is_ok());
        assert!(check_coder("Anna").is_err());
        assert!(check_coder("").is_err());
        assert!(check_coder("a b").is_err());
    }
}
