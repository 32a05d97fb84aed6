//! Command lines that clap refuses, said in one Chinese line. clap's own
//! messages are several lines of English; here each kind of mistake is
//! told from clap's error context (which argument, which value, what it
//! suggests) and ends with where to read the command's usage. Help is
//! clap's, framed in Chinese by [`command`].

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};
use std::ffi::OsString;
use std::process::ExitCode;

/// The exit code of a command line that was not understood, as clap's.
const USAGE_EXIT: u8 = 2;

/// The command line's shape with clap's English framing of the help said in
/// Chinese: the headings, the help and version flags, no `help` subcommand.
pub fn command() -> Command {
    chinese(crate::args::Cli::command(), true)
}

fn chinese(cmd: Command, root: bool) -> Command {
    let cmd = cmd
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .mut_args(|a| if a.is_positional() { a.help_heading("参数") } else { a.help_heading("选项") })
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助").help_heading("选项"))
        .mut_subcommands(|sub| chinese(sub, false));
    if root {
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        )
    } else {
        cmd
    }
}

/// Prints what clap refused (help and version as they are) and gives the
/// exit code.
pub fn refuse(e: &clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(USAGE_EXIT)
        }
        _ => {
            let path = command_path(&crate::args::Cli::command(), std::env::args_os().skip(1));
            errln!("错误：{}", message(e, &path));
            ExitCode::from(USAGE_EXIT)
        }
    }
}

/// One Chinese line for a refused command line; `path` is the command the
/// line was for (`xinfang visit add`).
fn message(e: &clap::Error, path: &str) -> String {
    let text = |kind| e.get(kind).map(plain);
    let arg = text(ContextKind::InvalidArg).map(|a| name_of(&a)).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let see = format!("用法见 {path} --help");
    match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            let missing = match e.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(all)) => all.iter().map(|a| name_of(a)).collect::<Vec<_>>().join("、"),
                _ => arg,
            };
            format!("缺少参数 {missing}；{see}")
        }
        ErrorKind::UnknownArgument if !arg.starts_with('-') => format!("多余的参数 {arg}；{see}"),
        ErrorKind::UnknownArgument => match text(ContextKind::SuggestedArg) {
            Some(suggested) => format!("不认识的选项 {arg}，是不是要用 {suggested}？{see}"),
            None => format!("不认识的选项 {arg}；{see}"),
        },
        ErrorKind::InvalidSubcommand => {
            let given = text(ContextKind::InvalidSubcommand).unwrap_or_default();
            match text(ContextKind::SuggestedSubcommand).filter(|s| !s.is_empty()) {
                Some(suggested) => format!("没有“{given}”这个命令，是不是要用 {suggested}？{see}"),
                None => format!("没有“{given}”这个命令；{see}"),
            }
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个值；{see}"),
        ErrorKind::InvalidValue => {
            let valid = match e.get(ContextKind::ValidValue) {
                Some(ContextValue::Strings(all)) if !all.is_empty() => format!("，可用的值：{}", all.join("、")),
                _ => String::new(),
            };
            format!("{arg} 的值“{value}”不对{valid}；{see}")
        }
        ErrorKind::ValueValidation => format!("{arg} 的值“{value}”不对；{see}"),
        ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg).filter(|p| !p.is_empty()) {
            Some(prior) => format!("{arg} 和 {} 不能同时使用；{see}", name_of(&prior)),
            None => format!("{arg} 不能和已给出的选项同时使用；{see}"),
        },
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{arg} 的值的个数不对；{see}")
        }
        ErrorKind::NoEquals => format!("{arg} 的值要用等号写在后面（如 {arg}=值）；{see}"),
        ErrorKind::MissingSubcommand => format!("缺少要执行的命令；{see}"),
        ErrorKind::InvalidUtf8 => format!("命令行里有无法识别的字符（不是 UTF-8 文字）；{see}"),
        _ => format!("命令行不对；{see}"),
    }
}

/// A context value as plain text (no terminal colours), several joined.
fn plain(v: &ContextValue) -> String {
    match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(all) => all.join("、"),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(all) => all.iter().map(ToString::to_string).collect::<Vec<_>>().join("、"),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// `--json <FILE|->` → `--json`; `<CASE>` stays as it is.
fn name_of(arg: &str) -> String {
    match arg.split_once(' ') {
        Some((name, _)) if name.starts_with('-') => name.to_owned(),
        _ => arg.to_owned(),
    }
}

/// The subcommands named on the command line, as a command to type:
/// `xinfang visit add`. Options and their values are skipped.
fn command_path(root: &Command, args: impl IntoIterator<Item = OsString>) -> String {
    let mut path = vec![root.get_name().to_owned()];
    let mut cmd = root;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let Some(arg) = arg.to_str() else { break };
        if arg == "--" {
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            if !long.contains('=') && takes_value(root, cmd, long) {
                args.next();
            }
            continue;
        }
        if arg.starts_with('-') {
            continue;
        }
        match cmd.find_subcommand(arg) {
            Some(sub) => {
                path.push(sub.get_name().to_owned());
                cmd = sub;
            }
            None => break,
        }
    }
    path.join(" ")
}

/// Whether `--long` (of `cmd`, or a global option of the root) takes a value.
fn takes_value(root: &Command, cmd: &Command, long: &str) -> bool {
    cmd.get_arguments()
        .chain(root.get_arguments())
        .find(|a| a.get_long() == Some(long))
        .is_some_and(|a| a.get_action().takes_values())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Cli;

    fn refused(line: &[&str]) -> String {
        let e = command().try_get_matches_from(line.iter().copied()).unwrap_err();
        let path = command_path(&Cli::command(), line.iter().skip(1).map(OsString::from));
        message(&e, &path)
    }

    #[test]
    fn each_mistake_is_one_chinese_line_naming_the_command() {
        let cases = [
            (&["xinfang", "visit", "add"][..], "缺少参数 --json；用法见 xinfang visit add --help"),
            (
                &["xinfang", "visit", "add", "--jsn", "a.json"],
                "不认识的选项 --jsn，是不是要用 --json？用法见 xinfang visit add --help",
            ),
            (&["xinfang", "--db", "l.sqlite3", "vist"], "没有“vist”这个命令，是不是要用 visit？用法见 xinfang --help"),
            (
                &["xinfang", "init", "--role", "city", "--name", "石岩哨村"],
                "--role 的值“city”不对，可用的值：village、township；用法见 xinfang init --help",
            ),
            (
                &["xinfang", "export", "--to", "d", "--part-mib", "0"],
                "--part-mib 的值“0”不对；用法见 xinfang export --help",
            ),
            (&["xinfang", "case", "show", "a", "b"], "多余的参数 b；用法见 xinfang case show --help"),
        ];
        for (line, expected) in cases {
            assert_eq!(refused(line), expected, "{line:?}");
        }
        let conflict =
            refused(&["xinfang", "report", "--from", "2026-01-01", "--to", "2026-02-01", "--json", "--csv", "a.csv"]);
        assert!(conflict.contains("不能同时使用") && conflict.ends_with("用法见 xinfang report --help"), "{conflict}");
    }

    /// Help, at every level, frames the Chinese descriptions in Chinese.
    #[test]
    fn help_is_framed_in_chinese_at_every_level() {
        for line in [&["xinfang", "--help"][..], &["xinfang", "visit", "--help"], &["xinfang", "visit", "add", "-h"]] {
            let e = command().try_get_matches_from(line.iter().copied()).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DisplayHelp);
            let help = e.render().to_string();
            assert!(help.contains("用法：") && help.contains("显示帮助"), "{help}");
            for english in ["Usage:", "Commands:", "Options:", "Arguments:", "Print help", "Print this message"] {
                assert!(!help.contains(english), "{english:?} in {line:?}:\n{help}");
            }
        }
        let version = command().try_get_matches_from(["xinfang", "-V"]).unwrap_err();
        assert_eq!(version.kind(), ErrorKind::DisplayVersion);
    }
}
