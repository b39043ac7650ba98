//! Whether a survey takes answers, and where one municipality's response stands.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::i18n::sv;
use crate::tr;

/// Whether respondents can answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyState {
    /// Defined, not yet opened.
    Draft,
    /// Taking answers through the invitation links.
    Open,
    /// Closed: no more answers through links (imports still work).
    Closed,
}

/// Where one municipality's response stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    /// Invited, nothing saved yet.
    Invited,
    /// Saved midway.
    Partial,
    /// Submitted (or imported).
    Complete,
}

macro_rules! codes {
    ($t:ident { $($v:ident => $code:literal / $label:ident),+ $(,)? }, $section:ident, $err:ident) => {
        impl $t {
            /// Every value.
            pub const ALL: &'static [$t] = &[$($t::$v),+];

            /// Stable code, stored and used in the API.
            pub fn code(self) -> &'static str {
                match self { $($t::$v => $code),+ }
            }

            /// Swedish label, from the catalogue.
            pub fn label_sv(self) -> &'static str {
                let t = &sv().$section;
                match self { $($t::$v => &t.$label),+ }
            }
        }

        impl FromStr for $t {
            type Err = $err;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($code => Ok($t::$v),)+ other => Err($err(other.to_string())) }
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

/// A survey state code that is none of the three.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!(survey_problem.unknown_state, state = .0))]
pub struct UnknownSurveyState(pub String);

/// A response status code that is none of the three.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!(survey_problem.unknown_status, status = .0))]
pub struct UnknownResponseStatus(pub String);

codes!(SurveyState { Draft => "draft" / draft, Open => "open" / open, Closed => "closed" / closed },
    survey_state, UnknownSurveyState);
codes!(ResponseStatus { Invited => "invited" / invited, Partial => "partial" / partial, Complete => "complete" / complete },
    response_status, UnknownResponseStatus);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_have_swedish_labels() {
        for s in SurveyState::ALL {
            assert_eq!(s.code().parse::<SurveyState>().unwrap(), *s);
        }
        for s in ResponseStatus::ALL {
            assert_eq!(s.code().parse::<ResponseStatus>().unwrap(), *s);
        }
        assert_eq!(SurveyState::Closed.label_sv(), "stängd");
        assert!("öppen".parse::<SurveyState>().is_err());
    }
}
