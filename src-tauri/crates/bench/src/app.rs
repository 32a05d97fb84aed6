//! The desktop app's cold start and memory, measured by driving the real
//! built app (tests/bench/cold_start.py: tauri-driver under a private Xvfb,
//! as the end-to-end tests do) over a given ledger.

use crate::error::{Error, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the app and its driver are.
pub struct AppUnderTest {
    pub app: PathBuf,
    pub driver: PathBuf,
    pub python: PathBuf,
}

/// The account the measured ledger is set up with.
pub const ACCOUNT: &str = "测速员";
pub const PASSPHRASE: &str = "测速用的口令2026";

/// One launch: seconds from the start to the painted sign-in screen, from
/// signing in to the painted Today view and from there to the ledger page;
/// memory in MB.
pub struct Launch {
    pub signin_s: f64,
    pub today_s: f64,
    pub ledger_s: f64,
    pub rss_mb: f64,
    pub pss_mb: f64,
    pub total: String,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/bench/cold_start.py")
}

pub fn launches(under: &AppUnderTest, db: &Path, now: &str, runs: usize) -> Result<Vec<Launch>> {
    // The script starts the driver in a folder of its own: relative paths would miss.
    let absolute = |p: &Path| std::path::absolute(p).map_err(|e| Error::App(format!("{}: {e}", p.display())));
    let (app, driver) = (absolute(&under.app)?, absolute(&under.driver)?);
    let out = Command::new(&under.python)
        .arg(script())
        .args(["--app".as_ref(), app.as_os_str(), "--driver".as_ref(), driver.as_os_str()])
        .args(["--db".as_ref(), db.as_os_str(), "--now".as_ref(), now.as_ref(), "--runs".as_ref()])
        .arg(runs.to_string())
        .args(["--account", ACCOUNT])
        .env("XINFANG_BENCH_PASSPHRASE", PASSPHRASE)
        .output()
        .map_err(|e| Error::App(format!("{}: {e}", under.python.display())))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let answer: Value = serde_json::from_str(stdout.trim()).map_err(|_| {
        Error::App(format!("no answer from the script: {stdout} {}", String::from_utf8_lossy(&out.stderr)))
    })?;
    if let Some(error) = answer.get("error") {
        return Err(Error::App(format!("{error}\n{}", answer["log"].as_str().unwrap_or_default())));
    }
    let number = |run: &Value, key: &str| {
        run[key].as_f64().ok_or_else(|| Error::App(format!("the script gave no {key}: {run}")))
    };
    answer["runs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|run| {
            Ok(Launch {
                signin_s: number(run, "signin_s")?,
                today_s: number(run, "today_s")?,
                ledger_s: number(run, "ledger_s")?,
                rss_mb: number(run, "rss_mb")?,
                pss_mb: number(run, "pss_mb")?,
                total: run["total"].as_str().unwrap_or_default().to_owned(),
            })
        })
        .collect()
}
