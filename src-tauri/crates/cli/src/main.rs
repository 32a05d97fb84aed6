//! `xinfang`: the petition ledger's headless command line. Every operation
//! goes through the same command layer as the desktop app.

#[macro_use]
mod output;
mod args;
mod attach;
mod error;
mod import;
mod print;
mod report;
mod sync;
mod usage;

use args::{CallArgs, CaseCommand, Cli, Command, DeviceCommand, RoleArg, VisitCommand};
use clap::FromArgMatches;
use error::CliError;
use serde_json::{Value, json};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xinfang_core::{Clock, Ledger, Store, dispatch, session};

fn main() -> ExitCode {
    let cli = match usage::command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => return usage::refuse(&e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Call(CallArgs { list: true, .. }) => {
            output::command_list(&xinfang_router::catalogue());
            Ok(())
        }
        Command::Init { role, name } => init(&db_path(cli.db)?, role, &name, cli.account.as_deref()),
        command => {
            let mut ledger = open(&db_path(cli.db)?, cli.account.as_deref())?;
            match command {
                Command::Visit(VisitCommand::Add { json }) => {
                    let args = parse_json(&read_input(&json)?)?;
                    let added = dispatch(&mut ledger, "visit_add", args)?;
                    outln!("{}", added["case_id"].as_str().unwrap_or_default());
                    Ok(())
                }
                Command::Case(CaseCommand::List(a)) => {
                    let query = json!({"text": a.text, "status": a.status, "limit": a.limit, "offset": a.offset});
                    let page = dispatch(&mut ledger, "case_list", without_nulls(query))?;
                    if a.json { output::json(&page) } else { output::case_page(&page) }
                }
                Command::Case(CaseCommand::Show { id, json }) => {
                    let detail = dispatch(&mut ledger, "case_show", json!({ "id": id }))?;
                    if json { output::json(&detail) } else { output::case_detail(&detail) }
                }
                Command::Call(CallArgs { name, json, .. }) => {
                    let args = match json {
                        Some(j) if j == "-" => parse_json(&read_input("-")?)?,
                        Some(j) => parse_json(&j)?,
                        None => json!({}),
                    };
                    // The app's one router: the same command, the same check.
                    let name = name.as_deref().unwrap_or_default();
                    output::json(&xinfang_router::dispatch(&mut ledger, &Default::default(), name, args)?)
                }
                Command::Device(DeviceCommand::Show { out, json }) => {
                    sync::device_show(&mut ledger, out.as_deref(), json)
                }
                Command::Device(DeviceCommand::Peers { json }) => sync::peers(&mut ledger, json),
                Command::Enrol { file, fingerprint, by, json } => {
                    sync::enrol(&mut ledger, &file, &fingerprint, &by, json)
                }
                Command::Revoke { device, reason, json } => sync::revoke(&mut ledger, &device, &reason, json),
                Command::Export { to, recipient, part_mib, json } => {
                    sync::export(&mut ledger, &to, recipient.as_deref(), part_mib << 20, json)
                }
                Command::Import { files, json } => sync::import(&mut ledger, &files, json),
                Command::Verify { file, json } => sync::verify(&mut ledger, &file, json),
                Command::Sync { server, wait, recipient, json } => {
                    sync::sync(&mut ledger, &server, wait, recipient.as_deref(), json)
                }
                Command::Serve { listen, spool_mib, max_connections, per_address } => {
                    let limits = xinfang_sync::http::listen::Limits {
                        spool_bytes: spool_mib.saturating_mul(1 << 20),
                        max_connections,
                        per_address,
                        ..Default::default()
                    };
                    sync::serve(ledger, &listen, limits)
                }
                Command::Print(command) => print::run(&mut ledger, command),
                Command::Report(args) => report::run(&mut ledger, args),
                Command::ImportLedger(args) => import::run(&mut ledger, args),
                Command::Attach(args) => attach::attach(&mut ledger, args),
                Command::Attachments { case, json } => attach::list(&mut ledger, &case, json),
                Command::Extract { id, to } => attach::extract(&mut ledger, &id, &to),
                Command::Init { .. } => unreachable!("handled above"),
            }
        }
    }
}

fn db_path(db: Option<PathBuf>) -> Result<PathBuf, CliError> {
    db.filter(|p| !p.as_os_str().is_empty()).ok_or(CliError::NoDatabase)
}

/// The passphrase of an encrypted ledger: from the environment only, so it
/// is never in the shell's history or the process list.
const PASSPHRASE_ENV: &str = "XINFANG_PASSPHRASE";

/// Opens the ledger: an encrypted one (a keyring beside it) signed in as
/// `account`; one from before encryption as it is.
fn open(path: &Path, account: Option<&str>) -> Result<Ledger, CliError> {
    let clock = Clock::from_env()?;
    if !session::status(path)?.set_up {
        // An encrypted file with no keyring beside it: no account opens it
        // until the keyring is back, whatever was given.
        if path.is_file() && xinfang_core::store::is_encrypted(path) {
            return Err(CliError::KeyringMissing {
                path: path.to_owned(),
                keys: xinfang_core::store::keyring::path_beside(path),
            });
        }
        return Ok(Ledger::new(Store::open(path)?, clock));
    }
    let Some(name) = account else {
        return Err(CliError::SignInNeeded { path: path.to_owned() });
    };
    let Ok(passphrase) = std::env::var(PASSPHRASE_ENV) else {
        return Err(CliError::PassphraseNeeded { name: name.to_owned() });
    };
    Ok(session::sign_in(path, session::SignIn { name: name.to_owned(), passphrase }, clock)?)
}

/// Creates the ledger and sets this install's role and name; a refused name
/// leaves no file behind. With `account` (and the passphrase in the
/// environment) the ledger is encrypted and that is its first account.
fn init(path: &Path, role: RoleArg, name: &str, account: Option<&str>) -> Result<(), CliError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| CliError::CreateDir { path: dir.to_owned(), source })?;
    }
    let clock = Clock::from_env()?;
    let mut ledger = match account {
        Some(account) => {
            if path.exists() {
                return Err(xinfang_core::Error::DatabaseExists { path: path.to_owned() }.into());
            }
            let passphrase =
                std::env::var(PASSPHRASE_ENV).map_err(|_| CliError::PassphraseNeeded { name: account.to_owned() })?;
            let role = match role {
                RoleArg::Village => session::AccountRole::Liaison,
                RoleArg::Township => session::AccountRole::Clerk,
            };
            session::set_up(path, session::NewAccount { name: account.to_owned(), role, passphrase }, clock)?
        }
        None => Ledger::new(Store::create(path)?, clock),
    };
    let role = match role {
        RoleArg::Village => "village",
        RoleArg::Township => "township",
    };
    match dispatch(&mut ledger, "device_init", json!({ "role": role, "name": name })) {
        Ok(info) => {
            drop(ledger);
            if account.is_none() {
                errln!("注意：没有指定账号和口令（--account 与 XINFANG_PASSPHRASE），台账文件没有加密，只适合测试。");
            }
            outln!("{}", info["device"]["device_id"].as_str().unwrap_or_default());
            Ok(())
        }
        Err(e) => {
            drop(ledger);
            for suffix in ["", "-wal", "-shm", ".keys"] {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            Err(e.into())
        }
    }
}

/// `-` reads standard input; anything else is a file path, read only if it
/// is a regular file. Either is read no further than
/// [`error::MAX_INPUT_BYTES`], and must be UTF-8 text.
fn read_input(source: &str) -> Result<String, CliError> {
    use xinfang_core::files::{ReadError, read_limited};
    let (what, bytes) = if source == "-" {
        let what = "标准输入".to_owned();
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(error::MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| CliError::ReadInput { what: what.clone(), source })?;
        if bytes.len() as u64 > error::MAX_INPUT_BYTES {
            return Err(CliError::InputTooLarge { what });
        }
        (what, bytes)
    } else {
        let what = format!("文件 {source}");
        let bytes = read_limited(Path::new(source), error::MAX_INPUT_BYTES).map_err(|e| match e {
            ReadError::NotAFile => CliError::InputNotAFile { what: what.clone() },
            ReadError::TooLarge => CliError::InputTooLarge { what: what.clone() },
            ReadError::Io(e) => CliError::ReadInput { what: what.clone(), source: e },
        })?;
        (what, bytes)
    };
    String::from_utf8(bytes).map_err(|_| CliError::InputNotText { what })
}

fn parse_json(text: &str) -> Result<Value, CliError> {
    Ok(serde_json::from_str(text).map_err(xinfang_core::Error::Json)?)
}

fn without_nulls(mut v: Value) -> Value {
    if let Value::Object(m) = &mut v {
        m.retain(|_, x| !x.is_null());
    }
    v
}
