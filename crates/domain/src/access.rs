//! Who may do what: the roles of the platform and the pure rules over them.
//!
//! The web layer asks these functions; nothing here knows about HTTP.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::codes::RegionCode;

/// A signed-in user's role. Municipal respondents have no account (they use a
/// survey token) and the public has no role at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Manages users and agreements.
    Admin,
    /// National analyst: reads everything, reviews and publishes.
    Analytiker,
    /// Regional coordinator bound to one region.
    Region,
}

impl Role {
    /// The three roles, for listings and tests.
    pub const ALL: [Role; 3] = [Role::Admin, Role::Analytiker, Role::Region];

    /// The role as stored and typed on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Analytiker => "analytiker",
            Role::Region => "region",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "admin" => Ok(Role::Admin),
            "analytiker" => Ok(Role::Analytiker),
            "region" => Ok(Role::Region),
            other => Err(format!(
                "'{other}' is not a role (expected admin, analytiker or region)"
            )),
        }
    }
}

/// A signed-in person as the access rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub username: String,
    pub role: Role,
    /// The region a `region` user is bound to; `None` for the other roles.
    pub region: Option<RegionCode>,
}

impl Principal {
    /// May read everything that is not public (reports of every region, survey results, audit).
    pub fn reads_everything(&self) -> bool {
        matches!(self.role, Role::Analytiker | Role::Admin)
    }

    /// May review (return, approve) reports and publish results.
    pub fn reviews(&self) -> bool {
        self.role == Role::Analytiker
    }

    /// May manage users, agreements and API tokens of others.
    pub fn administers(&self) -> bool {
        self.role == Role::Admin
    }

    /// May read the reports and findings of `region`.
    pub fn reads_region(&self, region: RegionCode) -> bool {
        self.reads_everything() || self.region == Some(region)
    }

    /// May edit and submit the reports of `region` (only its own coordinator).
    pub fn edits_region(&self, region: RegionCode) -> bool {
        self.role == Role::Region && self.region == Some(region)
    }
}

/// Checks that a role and a bound region go together: `region` users need
/// exactly one region, the others none.
pub fn check_binding(role: Role, region: Option<RegionCode>) -> Result<(), String> {
    match (role, region) {
        (Role::Region, None) => Err("a region user needs --region CODE (e.g. 01)".into()),
        (Role::Admin | Role::Analytiker, Some(r)) => Err(format!(
            "only region users are bound to a region, not {role} (got region {r})"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(role: Role, region: Option<&str>) -> Principal {
        Principal {
            username: "x".into(),
            role,
            region: region.map(|r| r.parse().unwrap()),
        }
    }

    #[test]
    fn a_region_user_reads_and_edits_only_its_region() {
        let u = p(Role::Region, Some("01"));
        assert!(u.reads_region("01".parse().unwrap()));
        assert!(u.edits_region("01".parse().unwrap()));
        assert!(!u.reads_region("03".parse().unwrap()));
        assert!(!u.edits_region("03".parse().unwrap()));
        assert!(!u.reviews() && !u.administers() && !u.reads_everything());
    }

    #[test]
    fn analysts_read_and_review_but_do_not_edit() {
        let a = p(Role::Analytiker, None);
        assert!(a.reads_region("25".parse().unwrap()) && a.reviews());
        assert!(!a.edits_region("25".parse().unwrap()) && !a.administers());
    }

    #[test]
    fn roles_parse_and_bindings_are_checked() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert!("kommun".parse::<Role>().is_err());
        assert!(check_binding(Role::Region, None).is_err());
        assert!(check_binding(Role::Admin, Some("01".parse().unwrap())).is_err());
        assert!(check_binding(Role::Region, Some("01".parse().unwrap())).is_ok());
    }
}
