//! Who may do what: the roles of the platform and the pure rules over them.
//!
//! [`Role`] is the one role type: a region coordinator's role carries its
//! region, so a region user without a region cannot exist. [`Actor`] is the
//! one name for whoever acts (a signed-in user, an API token's owner, a CLI
//! operator). The web layer, the CLI and the report workflow all ask the
//! functions here; nothing in this module knows about HTTP.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::codes::RegionCode;
use crate::i18n::sv;
use crate::tr;

/// A signed-in user's role. Municipal respondents have no account (they use a
/// survey token) and the public has no role at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Role {
    /// Manages users and agreements; may unlock approved reports.
    Admin,
    /// National analyst at the agency: reads everything, reviews and publishes.
    Analyst,
    /// Regional coordinator, bound to one region.
    Region(RegionCode),
}

/// Why a role could not be read or bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleError {
    /// Not one of the role codes.
    #[error("{}", tr!(access.unknown_role, role = .0))]
    Unknown(String),
    /// A region user without a region.
    #[error("{}", tr!(access.region_needed))]
    RegionNeeded,
    /// A region given for a role that is not bound to one.
    #[error("{}", tr!(access.region_not_allowed, role = .0, region = .1))]
    RegionNotAllowed(String, RegionCode),
    /// A region code that is not a county code.
    #[error("{0}")]
    BadRegion(#[from] crate::codes::CodeError),
}

impl Role {
    /// The role codes, as stored and typed: `admin`, `analyst`, `region`.
    pub const CODES: [&'static str; 3] = ["admin", "analyst", "region"];

    /// The role's code, without the region: `admin`, `analyst` or `region`.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Analyst => "analyst",
            Role::Region(_) => "region",
        }
    }

    /// The region a region coordinator is bound to.
    pub fn region(self) -> Option<RegionCode> {
        match self {
            Role::Region(r) => Some(r),
            _ => None,
        }
    }

    /// The role of `code` with its binding: region users need exactly one
    /// region, the others none. `analytiker` is accepted for `analyst` (its
    /// code before 0.2).
    pub fn bind(code: &str, region: Option<RegionCode>) -> Result<Role, RoleError> {
        match (code.trim(), region) {
            ("admin", None) => Ok(Role::Admin),
            ("analyst" | "analytiker", None) => Ok(Role::Analyst),
            ("region", Some(r)) => Ok(Role::Region(r)),
            ("region", None) => Err(RoleError::RegionNeeded),
            (c @ ("admin" | "analyst" | "analytiker"), Some(r)) => Err(RoleError::RegionNotAllowed(c.into(), r)),
            (other, _) => Err(RoleError::Unknown(other.to_string())),
        }
    }

    /// The Swedish name of the role's code, for pages and messages.
    pub fn label_for(code: &str) -> &'static str {
        let t = &sv().role;
        match code {
            "admin" => &t.admin,
            "analyst" => &t.analyst,
            "region" => &t.region,
            _ => &t.unknown,
        }
    }

    /// The Swedish name of the role, e.g. `Regionsamordnare (17)`.
    pub fn label_sv(self) -> String {
        match self {
            Role::Region(r) => format!("{} ({r})", Role::label_for("region")),
            other => Role::label_for(other.code()).to_string(),
        }
    }
}

impl fmt::Display for Role {
    /// The code with its region: `admin`, `analyst` or `region:17`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Region(r) => write!(f, "region:{r}"),
            other => f.write_str(other.code()),
        }
    }
}

impl FromStr for Role {
    type Err = RoleError;
    /// `admin`, `analyst` or `region:CODE` (e.g. `region:17`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().split_once(':') {
            Some(("region", code)) => Ok(Role::Region(code.parse()?)),
            Some(_) => Err(RoleError::Unknown(s.trim().to_string())),
            None => Role::bind(s, None),
        }
    }
}

impl TryFrom<String> for Role {
    type Error = RoleError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Role> for String {
    fn from(r: Role) -> String {
        r.to_string()
    }
}

/// Whoever acts: a person (or the owner of an API token, or a CLI operator)
/// in a role. The audit trail records its `name`, `role` and, for the
/// command line, the operating-system user who typed the command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Account name, e.g. `anna.lind`.
    pub name: String,
    /// The role acted in.
    pub role: Role,
    /// The operating-system user behind a command-line action; `None` on the web.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_user: Option<String>,
}

impl Actor {
    /// `name` acting as `role`.
    pub fn new(name: impl Into<String>, role: Role) -> Actor {
        Actor {
            name: name.into(),
            role,
            os_user: None,
        }
    }

    /// The same actor, acting from the command line of `os_user`.
    pub fn on_os_user(self, os_user: impl Into<String>) -> Actor {
        Actor {
            os_user: Some(os_user.into()),
            ..self
        }
    }

    /// May read everything that is not public (reports of every region, survey results, audit).
    pub fn reads_everything(&self) -> bool {
        matches!(self.role, Role::Analyst | Role::Admin)
    }

    /// May review (return, approve) reports and publish results.
    pub fn reviews(&self) -> bool {
        self.role == Role::Analyst
    }

    /// May publish indicator releases (analysts only, as they review and publish results).
    pub fn publishes_indicators(&self) -> bool {
        self.reviews()
    }

    /// May manage users, agreements and API tokens of others.
    pub fn administers(&self) -> bool {
        self.role == Role::Admin
    }

    /// May read the reports and findings of `region`.
    pub fn reads_region(&self, region: RegionCode) -> bool {
        self.reads_everything() || self.role.region() == Some(region)
    }

    /// May edit and submit the reports of `region` (only its own coordinator).
    pub fn edits_region(&self, region: RegionCode) -> bool {
        self.role == Role::Region(region)
    }

    /// May import, code and search every qualitative document (analysts and admins).
    pub fn codes_documents(&self) -> bool {
        self.reads_everything()
    }

    /// May read a qualitative document of `kind` about `region`: analysts and
    /// admins all of them; a region's coordinator only its own reports'
    /// narratives. Municipal respondents and the public read none (only the
    /// quotes a published report prints).
    pub fn reads_document(&self, kind: crate::qual::DocKind, region: Option<RegionCode>) -> bool {
        self.reads_everything()
            || (kind == crate::qual::DocKind::Report && region.is_some_and(|r| self.role == Role::Region(r)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_reads_qualitative_documents() {
        use crate::qual::DocKind;
        let r: RegionCode = "25".parse().unwrap();
        let other: RegionCode = "01".parse().unwrap();
        let region = Actor::new("r", Role::Region(r));
        assert!(region.reads_document(DocKind::Report, Some(r)));
        assert!(!region.reads_document(DocKind::Report, Some(other)));
        assert!(
            !region.reads_document(DocKind::Interview, Some(r)),
            "interviews are internal"
        );
        assert!(!region.codes_documents());
        let analyst = Actor::new("a", Role::Analyst);
        assert!(analyst.reads_document(DocKind::Interview, None) && analyst.codes_documents());
    }

    fn actor(role: &str) -> Actor {
        Actor::new("x", role.parse().unwrap())
    }

    fn code(c: &str) -> RegionCode {
        c.parse().unwrap()
    }

    #[test]
    fn a_region_user_reads_and_edits_only_its_region() {
        let u = actor("region:01");
        assert!(u.reads_region(code("01")) && u.edits_region(code("01")));
        assert!(!u.reads_region(code("03")) && !u.edits_region(code("03")));
        assert!(!u.reviews() && !u.administers() && !u.reads_everything());
    }

    #[test]
    fn analysts_read_and_review_but_do_not_edit() {
        let a = actor("analyst");
        assert!(a.reads_region(code("25")) && a.reviews());
        assert!(!a.edits_region(code("25")) && !a.administers());
    }

    #[test]
    fn roles_parse_print_and_bind() {
        for r in [Role::Admin, Role::Analyst, Role::Region(code("17"))] {
            assert_eq!(r.to_string().parse::<Role>().unwrap(), r);
            assert_eq!(Role::bind(r.code(), r.region()).unwrap(), r);
        }
        assert_eq!("analytiker".parse::<Role>().unwrap(), Role::Analyst);
        assert!(matches!("kommun".parse::<Role>(), Err(RoleError::Unknown(_))));
        assert!(matches!("region:02".parse::<Role>(), Err(RoleError::BadRegion(_))));
        assert_eq!(Role::bind("region", None), Err(RoleError::RegionNeeded));
        assert!(matches!(
            Role::bind("admin", Some(code("01"))),
            Err(RoleError::RegionNotAllowed(..))
        ));
        assert_eq!(Role::Region(code("17")).label_sv(), "regionsamordnare (17)");
    }
}
