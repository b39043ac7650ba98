//! Command-line usage errors in Swedish. clap writes its own errors in
//! English; this turns each kind into the catalogue's message, with the
//! argument, the value and clap's suggestion, then the usage line.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use uppsikt_domain::tr;

/// The text of a context value, e.g. an argument or a list of values.
fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The whole message for `e`, in Swedish: what is wrong, a suggestion
/// where clap has one, the usage line and where to read more.
pub fn message(e: &clap::Error) -> String {
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut lines = vec![match e.kind() {
        ErrorKind::InvalidValue => match text(e, ContextKind::ValidValue) {
            Some(valid) => tr!(cli.usage_value_not_one_of, value = value, arg = arg, valid = valid),
            None => tr!(cli.usage_value_missing, arg = arg),
        },
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_default();
            tr!(cli.usage_bad_value, value = value, arg = arg, why = why)
        }
        ErrorKind::UnknownArgument => tr!(cli.usage_unknown_argument, arg = arg),
        ErrorKind::InvalidSubcommand => tr!(
            cli.usage_unknown_command,
            command = text(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => tr!(cli.usage_missing, args = arg),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            tr!(cli.usage_missing_command)
        }
        ErrorKind::ArgumentConflict => tr!(
            cli.usage_conflict,
            arg = arg,
            other = text(e, ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            tr!(cli.usage_wrong_values, arg = arg)
        }
        _ => tr!(cli.usage_other),
    }];
    let suggestion = text(e, ContextKind::SuggestedSubcommand).or_else(|| text(e, ContextKind::SuggestedArg));
    if let Some(s) = suggestion {
        lines.push(tr!(cli.usage_did_you_mean, suggestion = s));
    }
    if let Some(usage) = text(e, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        lines.push(tr!(cli.usage_line, usage = usage));
    }
    lines.push(tr!(cli.usage_more));
    lines.join("\n")
}
