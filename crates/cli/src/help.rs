//! `--help` in Swedish. clap derives the command tree from the doc comments,
//! which are English for the code's readers; [`swedish`] gives every command
//! and argument its text from the catalogue's `[cli_help]` section, and
//! replaces clap's own English words (the headings, "Print help", the
//! default, possible values and environment variable notes) with the
//! catalogue's.
//!
//! Keys: a command by its path (`uppsikt` for the program, `survey.population`
//! for a subcommand); an argument by the path and its id
//! (`survey.population.regions`), or by `*.ID` for one many commands share
//! (`*.format`). Every key is checked by
//! `every_command_and_argument_has_swedish_help`.

use clap::{Arg, ArgAction, Command};

use uppsikt_domain::i18n::sv;
use uppsikt_domain::tr;

/// clap's layout with the Swedish usage heading.
fn template() -> String {
    format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        sv().cli.help_usage
    )
}

/// The catalogue's text for a command (`id` `None`) or one of its arguments.
pub fn text(path: &str, id: Option<&str>) -> Option<&'static str> {
    let help = &sv().cli_help;
    match id {
        None => help.get(path),
        Some(id) => help
            .get(&format!("{path}.{id}"))
            .or_else(|| help.get(&format!("*.{id}"))),
    }
    .map(String::as_str)
}

/// The command tree with Swedish help throughout.
pub fn swedish(cmd: Command) -> Command {
    let version = own_flag("version", 'V', ArgAction::Version, &sv().cli.help_version);
    translate(cmd.disable_version_flag(true).arg(version), "uppsikt")
}

/// One of the flags clap would add in English (`--help`, `--version`), in Swedish.
fn own_flag(id: &'static str, short: char, action: ArgAction, help: &'static str) -> Arg {
    Arg::new(id)
        .short(short)
        .long(id)
        .action(action)
        .help(help)
        .help_heading(sv().cli.help_options.as_str())
}

fn translate(cmd: Command, path: &str) -> Command {
    let about = text(path, None).unwrap_or_else(|| {
        debug_assert!(false, "no [cli_help] text for the command {path}");
        ""
    });
    let mut cmd = cmd
        .about(about)
        .long_about(None)
        .help_template(template())
        .subcommand_help_heading(sv().cli.help_commands.as_str())
        .subcommand_value_name(sv().cli.help_command_value.as_str())
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(own_flag("help", 'h', ArgAction::Help, &sv().cli.help_help));
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(&id, |a| argument(a, path, &id));
    }
    let subcommands: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in subcommands {
        let sub = if path == "uppsikt" {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        cmd = cmd.mut_subcommand(&name, |c| translate(c, &sub));
    }
    cmd
}

/// One argument's Swedish help, with its values, default and environment
/// variable said in Swedish instead of clap's English notes.
fn argument(a: Arg, path: &str, id: &str) -> Arg {
    let mut help = text(path, Some(id))
        .unwrap_or_else(|| {
            debug_assert!(false, "no [cli_help] text for the argument {path}.{id}");
            ""
        })
        .to_string();
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    // A flag's possible values are true/false: nothing to say.
    if !values.is_empty() && a.get_action().takes_values() {
        help.push(' ');
        help.push_str(&tr!(cli.help_values, values = values.join(", ")));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && a.get_action().takes_values() {
        help.push(' ');
        help.push_str(&tr!(cli.help_default, value = defaults.join(", ")));
    }
    if let Some(env) = a.get_env() {
        help.push(' ');
        help.push_str(&tr!(cli.help_env, name = env.to_string_lossy()));
    }
    let heading = if a.is_positional() {
        sv().cli.help_arguments.as_str()
    } else {
        sv().cli.help_options.as_str()
    };
    let takes_values = a.get_action().takes_values();
    let a = a.help(help).long_help(None).hide_env(true).help_heading(heading);
    // clap allows hiding values and defaults only where there are some.
    if takes_values {
        a.hide_possible_values(true).hide_default_value(true)
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// The keys of `cmd` and below without a text, each with clap's English to translate.
    fn missing(cmd: &Command, path: &str, out: &mut Vec<String>) {
        if text(path, None).is_none() {
            out.push(format!(
                "{path} = {:?}",
                cmd.get_about().map(ToString::to_string).unwrap_or_default()
            ));
        }
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if text(path, Some(id)).is_none() {
                let english = a.get_help().map(ToString::to_string).unwrap_or_default();
                out.push(format!("{path}.{id} = {english:?}"));
            }
        }
        for s in cmd.get_subcommands() {
            let sub = if path == "uppsikt" {
                s.get_name().to_string()
            } else {
                format!("{path}.{}", s.get_name())
            };
            missing(s, &sub, out);
        }
    }

    #[test]
    fn every_command_and_argument_has_swedish_help() {
        let mut out = Vec::new();
        missing(&crate::Cli::command(), "uppsikt", &mut out);
        assert!(out.is_empty(), "add to [cli_help] in sv.toml:\n{}", out.join("\n"));
        // The translated tree passes clap's own consistency checks.
        swedish(crate::Cli::command()).debug_assert();
    }

    #[test]
    fn help_speaks_swedish() {
        let mut cmd = swedish(crate::Cli::command());
        cmd.build();
        let root = cmd.render_help().to_string();
        let survey = cmd
            .find_subcommand_mut("survey")
            .and_then(|s| s.find_subcommand_mut("population"))
            .expect("survey population")
            .render_help()
            .to_string();
        for help in [&root, &survey] {
            assert!(
                help.contains("Användning: uppsikt") && help.contains("Flaggor:"),
                "{help}"
            );
            for english in [
                "Usage:",
                "Options:",
                "Commands:",
                "Arguments:",
                "Print help",
                "[default:",
                "[env:",
                "possible values",
            ] {
                assert!(!help.contains(english), "{english} in {help}");
            }
        }
        assert!(
            root.contains("Kommandon:") && root.contains("Visa versionen."),
            "{root}"
        );
        assert!(
            root.contains("UPPSIKT_DATA_DIR") && root.contains("Standard: uppsikt-data."),
            "{root}"
        );
    }
}
