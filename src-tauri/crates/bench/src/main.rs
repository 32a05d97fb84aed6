//! `xinfang-bench`: the petition ledger's speed at a township's real scale,
//! each figure printed beside a reference measured in the same run (what
//! SQLite, the crypto crates or the bare query do on the same work), as a
//! markdown table. `--quick` runs every figure at a small size (CI runs it
//! so the benchmarks never rot; it asserts nothing about speed). A figure
//! that cannot be measured is an error and a non-zero exit.

mod app;
mod error;
mod ledgers;
mod measure;
mod reference;

use clap::Parser;
use error::{Result, io};
use measure::{Row, Samples, Target, ms, once};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;
use xinfang_core::Ledger;
use xinfang_core::store::changelog::ChangeEntry;
use xinfang_core::store::report::{self as queries, Selection};
use xinfang_print::{Printer, assets, sample};
use xinfang_sync::{export, import};

#[derive(Parser)]
#[command(about = "信访台账 benchmarks: every figure beside its reference, measured in the same run")]
struct Args {
    /// Small sizes and few runs: every figure, in seconds (CI).
    #[arg(long)]
    quick: bool,
    /// Cases in the township ledger [default: 100000, quick: 200].
    #[arg(long)]
    cases: Option<usize>,
    /// Villages sending a bundle [default: 30, quick: 2].
    #[arg(long)]
    villages: Option<usize>,
    /// Cases each village recorded in its month [default: 60, quick: 8].
    #[arg(long)]
    village_cases: Option<usize>,
    /// Where generated township ledgers are kept and reused [default: target/bench-ledgers;
    /// quick: a temporary folder].
    #[arg(long, env = "XINFANG_BENCH_DIR")]
    dir: Option<PathBuf>,
    /// The built desktop app, to measure its cold start and memory (with --driver).
    #[arg(long, requires = "driver")]
    app: Option<PathBuf>,
    /// tauri-driver, to drive the app.
    #[arg(long)]
    driver: Option<PathBuf>,
    /// The Python with selenium (the end-to-end tests' venv).
    #[arg(long, default_value = "tests/.venv/bin/python")]
    python: PathBuf,
}

/// Sizes and repetitions of one run.
struct Plan {
    cases: usize,
    villages: usize,
    village_cases: usize,
    runs: usize,
    launches: usize,
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("xinfang-bench: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<()> {
    let quick = args.quick;
    let plan = Plan {
        cases: args.cases.unwrap_or(if quick { 200 } else { 100_000 }),
        villages: args.villages.unwrap_or(if quick { 2 } else { 30 }),
        village_cases: args.village_cases.unwrap_or(if quick { 8 } else { 60 }),
        runs: if quick { 3 } else { 20 },
        launches: if quick { 1 } else { 3 },
    };
    let scratch = tempfile::tempdir().map_err(io("建立临时目录", std::env::temp_dir()))?;
    let dir = match (&args.dir, quick) {
        (Some(d), _) => d.clone(),
        (None, true) => scratch.path().to_owned(),
        (None, false) => PathBuf::from("target/bench-ledgers"),
    };
    println!(
        "xinfang-bench{}: {} cases, {} villages × {} cases",
        if quick { " --quick" } else { "" },
        plan.cases,
        plan.villages,
        plan.village_cases
    );
    println!("{}", measure::HEADER);
    let show = |row: Row| println!("{}", row.line());

    let (file, generated) = ledgers::township_file(&dir, plan.cases)?;
    if let Some(took) = generated {
        show(Row::new(
            format!("generate the township ledger ({} cases, through the command layer)", plan.cases),
            format!("{:.1} s ({:.2} ms a case)", took.as_secs_f64(), ms_f(took) / plan.cases as f64),
        ));
    }
    let copy = scratch.path().join("township.sqlite3");
    let mut town = ledgers::working_copy(&file, &copy)?;
    sync_figures(&mut town, &file, &plan, scratch.path(), &show)?;
    read_figures(&mut town, &plan, &show)?;
    print_figure(&plan, &show)?;
    drop(town);
    if let (Some(app), Some(driver)) = (&args.app, &args.driver) {
        let under = app::AppUnderTest { app: app.clone(), driver: driver.clone(), python: args.python.clone() };
        app_figures(&under, &copy, &plan, &show)?;
    } else {
        println!("(the app's cold start and memory: not measured, give --app and --driver)");
    }
    Ok(())
}

fn ms_f(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn call(l: &mut Ledger, name: &str, args: &Value) -> Result<Value> {
    Ok(xinfang_sync::commands::dispatch(l, name, args.clone())?)
}

/// Export of every village's bundle, then import of all of them at the
/// township, each beside the work it cannot avoid.
fn sync_figures(town: &mut Ledger, file: &Path, plan: &Plan, scratch: &Path, show: &dyn Fn(Row)) -> Result<()> {
    let mut villages = ledgers::villages(town, plan.villages, plan.village_cases)?;
    let entries: usize = villages.iter().map(|v| v.entries.len()).sum();
    let outbox = scratch.join("outbox");

    // Export: each village seals its whole month (the township has acknowledged
    // nothing yet, so every run seals the same range).
    let mut times = Vec::new();
    let mut bundles: Vec<PathBuf> = Vec::new();
    let mut bytes = 0;
    for run in 0..plan.runs {
        let folder = outbox.join(run.to_string());
        std::fs::create_dir_all(&folder).map_err(io("建立目录", &folder))?;
        let (out, took) = once(|| {
            villages
                .iter_mut()
                .map(|v| export::export(&mut v.ledger, None, &folder))
                .collect::<std::result::Result<Vec<_>, xinfang_sync::Error>>()
        })?;
        times.push(took);
        bytes = out.iter().map(|e| e.bytes).sum::<u64>();
        bundles = out.into_iter().map(|e| e.path).collect();
    }
    let export = Samples::from(times).median();
    let keys = reference::Keys::new()?;
    let contents: Vec<Vec<u8>> = villages
        .iter()
        .map(|v| {
            serde_json::to_vec(&v.entries).map_err(|e| error::Error::Reference { what: "json", detail: e.to_string() })
        })
        .collect::<Result<_>>()?;
    let content_bytes: usize = contents.iter().map(Vec::len).sum();
    let sealing =
        Samples::of(plan.runs, || contents.iter().map(|c| keys.seal(c)).collect::<Result<Vec<_>>>())?.median();
    show(
        Row::new(
            format!(
                "export: {} villages' bundles ({entries} entries, {:.1} MB of entries → {:.2} MB sealed), read + compress + sign + encrypt + durable write",
                villages.len(),
                content_bytes as f64 / 1e6,
                bytes as f64 / 1e6
            ),
            ms(export),
        )
        .reference(format!("zstd + Ed25519 + age alone on the same bytes: {}", ms(sealing)), format!("{:.1}× the reference", ms_f(export) / ms_f(sealing))),
    );

    // Import at the township, all bundles in a row, beside the bare insert of the same rows.
    let (new_entries, took) = once(|| {
        bundles
            .iter()
            .map(|b| import::import(town, b).map(|i| i.new_entries))
            .sum::<std::result::Result<u64, xinfang_sync::Error>>()
    })?;
    let all: Vec<_> = villages.iter().flat_map(|v| v.entries.iter().cloned()).collect();
    let mut bare_file = reference::empty_file(&scratch.join("bare.sqlite3"))?;
    let ((), bare) = once(|| reference::insert(&mut bare_file, &all))?;
    // The same rows into the township ledger as it stood before (a copy of
    // the generated file): what SQLite does on indexes of that size. Once in
    // one transaction (the reference), once in one transaction per
    // village (as the import commits each bundle whole, each commit made
    // durable). Three fresh copies each, the median: the file's pages may or
    // may not still be in the system's cache, and a single run varied by half.
    let per_village: Vec<&[ChangeEntry]> = villages.iter().map(|v| v.entries.as_slice()).collect();
    let in_ledger = into_copies(file, scratch, &[all.as_slice()])?;
    let per_bundle = into_copies(file, scratch, &per_village)?;
    let rate = new_entries as f64 / took.as_secs_f64();
    let per_second = |d: Duration| all.len() as f64 / d.as_secs_f64();
    let (bare_rate, ledger_rate, bundle_rate) = (per_second(bare), per_second(in_ledger), per_second(per_bundle));
    show(
        Row::new(
            format!(
                "import: {} bundles, {new_entries} entries, into the township ledger (open, verify, apply, index)",
                bundles.len()
            ),
            format!("{rate:.0} entries/s ({})", ms(took)),
        )
        .reference(
            format!(
                "bare SQLite insert of the same rows, one transaction, prepared, into a copy of the township ledger \
                 (median of 3 copies): {ledger_rate:.0} entries/s ({}); the same, one transaction per bundle: \
                 {bundle_rate:.0} entries/s ({}); into an empty file, one transaction: {bare_rate:.0} entries/s ({})",
                ms(in_ledger),
                ms(per_bundle),
                ms(bare)
            ),
            format!(
                "{:.0}% ({:.0}% of the insert per bundle, {:.0}% of the empty file's)",
                rate / ledger_rate * 100.0,
                rate / bundle_rate * 100.0,
                rate / bare_rate * 100.0
            ),
        )
        .target(Target::AtLeastShare { share: 0.5, value: rate / ledger_rate }),
    );
    Ok(())
}

/// The median time of inserting `batches` (each its own transaction) into a
/// fresh copy of the ledger `file`, over three copies.
fn into_copies(file: &Path, scratch: &Path, batches: &[&[ChangeEntry]]) -> Result<Duration> {
    let before = scratch.join("reference-ledger.sqlite3");
    let mut times = Vec::new();
    for _ in 0..3 {
        std::fs::copy(file, &before).map_err(io("复制", &before))?;
        let mut copy = reference::ledger_copy(&before)?;
        let ((), took) = once(|| batches.iter().try_for_each(|b| reference::insert(&mut copy, b)))?;
        times.push(took);
        drop(copy);
        std::fs::remove_file(&before).map_err(io("删除", &before))?;
    }
    Ok(Samples::from(times).median())
}

/// Search, the ledger page, the Today view and the full report.
fn read_figures(town: &mut Ledger, plan: &Plan, show: &dyn Fn(Row)) -> Result<()> {
    let total = call(town, "case_list", &json!({"limit": 1}))?["total"].clone();
    // Two-character names and words take the LIKE path; three and more the trigram index.
    let queries = [
        "桂兰",
        "德明",
        "王德明",
        "李秀英",
        "石岩哨",
        "宅基地",
        "拖欠工资",
        "边界与邻户",
        "上坝村",
        "〔2024〕第1",
        "坡头组",
        "无此内容的查询",
    ];
    let mut times = Vec::new();
    for q in queries {
        let args = json!({"text": q});
        let s = Samples::of(plan.runs, || call(town, "case_list", &args))?;
        // Each query's own figures, on stderr: which kind of query is slow.
        let found = call(town, "case_list", &args)?;
        eprintln!(
            "  search {q}: {}{} cases, median {}, p95 {}",
            found["total"],
            if found["total_capped"] == true { "+" } else { "" },
            ms(s.median()),
            ms(s.percentile(95))
        );
        times.extend((0..s.len()).map(|i| s.percentile((i + 1) * 100 / s.len())));
    }
    let search = Samples::from(times);
    show(
        Row::new(
            format!(
                "search: case_list with text over {total} cases ({} queries × {} runs), p50 / p95",
                queries.len(),
                plan.runs
            ),
            format!("{} / {}", ms(search.median()), ms(search.percentile(95))),
        )
        .target(Target::Below { limit: 10.0, unit: "ms p95", value: ms_f(search.percentile(95)) }),
    );
    let page = Samples::of(plan.runs, || call(town, "case_list", &json!({})))?;
    show(
        Row::new(
            "ledger page: case_list, first page, no filter (median / p95)",
            format!("{} / {}", ms(page.median()), ms(page.percentile(95))),
        )
        .target(Target::Below { limit: 20.0, unit: "ms", value: ms_f(page.percentile(95)) }),
    );
    let today = Samples::of(plan.runs, || call(town, "today", &json!({})))?;
    show(
        Row::new(
            "Today view (工作台): today (median / p95)",
            format!("{} / {}", ms(today.median()), ms(today.percentile(95))),
        )
        .target(Target::Below { limit: 20.0, unit: "ms", value: ms_f(today.percentile(95)) }),
    );

    let s = ledgers::township_spec(plan.cases);
    let sel = Selection { from: s.first_day, to: s.last_day, villages: &[], as_of: s.last_day };
    let read = Samples::of(plan.runs.min(10), || -> Result<usize> {
        let conn = town.store.conn();
        Ok(queries::cases(conn, &sel)?.len()
            + queries::repeat_visits(conn, &sel)?.len()
            + queries::findings(conn, &sel)?.len())
    })?;
    let all = json!({"from": s.first_day.to_string(), "to": s.last_day.to_string()});
    let report = Samples::of(plan.runs.min(10), || call(town, "report_show", &all))?;
    show(
        Row::new(
            format!("full report: report_show, {} to {}, every village (median)", s.first_day, s.last_day),
            ms(report.median()),
        )
        .reference(
            format!("bare SQL read of the report's rows: {}", ms(read.median())),
            format!("{:.1}× the reference", ms_f(report.median()) / ms_f(read.median())),
        )
        .target(Target::Below { limit: 1000.0, unit: "ms", value: ms_f(report.median()) }),
    );
    Ok(())
}

/// One 人民调解协议书 (three parties, eight terms) as PDF bytes.
fn print_figure(plan: &Plan, show: &dyn Fn(Row)) -> Result<()> {
    let (printer, load) = once(|| Printer::with_assets(assets::source_tree()))?;
    let (_, first) = once(|| printer.agreement(&sample::agreement(0))?.pdf())?;
    let mut n = 0;
    let warm = Samples::of(plan.runs, || {
        n += 1;
        printer.agreement(&sample::agreement(n))?.pdf()
    })?;
    show(
        Row::new("agreement PDF (人民调解协议书, 3 parties, 8 terms), typeset + PDF, median", ms(warm.median()))
            .reference(format!("first one in the process: {} (after loading fonts: {})", ms(first), ms(load)), "—"),
    );
    Ok(())
}

/// The real app over the township ledger (after the import): cold start to
/// the painted Today view and ledger page, and its memory.
fn app_figures(under: &app::AppUnderTest, db: &Path, plan: &Plan, show: &dyn Fn(Row)) -> Result<()> {
    // A real install's ledger is encrypted: the first account's set-up
    // encrypts the working copy, as the app does to a ledger from before.
    let first = xinfang_core::session::NewAccount {
        name: app::ACCOUNT.to_owned(),
        role: xinfang_core::session::AccountRole::Clerk,
        passphrase: app::PASSPHRASE.to_owned(),
    };
    let (_, took) = once(|| xinfang_core::session::set_up(db, first, ledgers::clock()).map(drop))?;
    show(Row::new(
        "encrypt the township ledger at the first account's set-up (sqlcipher_export + keyring)",
        format!("{:.1} s", took.as_secs_f64()),
    ));
    let launches = app::launches(under, db, ledgers::NOW, plan.launches)?;
    let median = |f: fn(&app::Launch) -> f64| {
        let mut v: Vec<f64> = launches.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let n = launches.len();
    let total = launches.first().map(|l| l.total.clone()).unwrap_or_default();
    show(Row::new(
        format!("app cold start → sign-in screen (登录, the first screen) painted, median of {n}"),
        format!("{:.0} ms", median(|l| l.signin_s) * 1000.0),
    ));
    // What signing in cannot go below: stretching the passphrase (scrypt, as
    // age's passphrase mode does it) to unwrap the ledger's key.
    let keyring = xinfang_core::store::keyring::Keyring::load(db)?
        .ok_or_else(|| error::Error::Reference { what: "keyring", detail: "set-up wrote none".into() })?;
    let unlock = Samples::of(plan.launches, || keyring.unlock(app::ACCOUNT, app::PASSPHRASE))?.median();
    // The core's own share of the two steps, in this process on a freshly
    // opened ledger (its page cache empty, as the app's is): what is left of
    // each figure is the shell, WebKit and the UI.
    let (mut core_today, mut core_page) = (Vec::new(), Vec::new());
    for _ in 0..plan.launches {
        let who = xinfang_core::session::SignIn { name: app::ACCOUNT.into(), passphrase: app::PASSPHRASE.into() };
        let (mut ledger, opened) = once(|| xinfang_core::session::sign_in(db, who, ledgers::clock()))?;
        let (_, today) = once(|| call(&mut ledger, "today", &json!({})))?;
        let (_, page) = once(|| call(&mut ledger, "case_list", &json!({"offset": 0, "limit": 20})))?;
        core_today.push(opened + today);
        core_page.push(page);
    }
    let (core_today, core_page) = (Samples::from(core_today).median(), Samples::from(core_page).median());
    show(
        Row::new(
            format!(
                "sign in (passphrase → key → open the encrypted ledger) → Today view (工作台) painted, median of {n}"
            ),
            format!("{:.0} ms", median(|l| l.today_s) * 1000.0),
        )
        .reference(
            format!(
                "the core alone (sign_in, then today): {}, of which unwrapping the key (scrypt, N = 2^17): {}",
                ms(core_today),
                ms(unlock)
            ),
            "—",
        ),
    );
    show(
        Row::new(
            format!("then → ledger page (台账, {total}) painted, median of {n}"),
            format!("{:.0} ms", median(|l| l.ledger_s) * 1000.0),
        )
        .reference(format!("the core alone (case_list, first page, cold): {}", ms(core_page)), "—"),
    );
    // The figure: start to the painted ledger page, the machine's
    // part only (the person typing the passphrase left out).
    let whole = median(|l| l.signin_s + l.today_s + l.ledger_s) * 1000.0;
    show(
        Row::new(
            format!("cold start → ledger page painted: the three above added, median of {n}"),
            format!("{whole:.0} ms"),
        )
        .reference(format!("of which unwrapping the key: {}", ms(unlock)), "—")
        .target(Target::Below { limit: 1000.0, unit: "ms", value: whole }),
    );
    let rss = median(|l| l.rss_mb);
    show(
        Row::new("app resident memory (RSS of the app process, ledger page shown)", format!("{rss:.0} MB"))
            .reference(format!("with its WebKit processes (PSS): {:.0} MB", median(|l| l.pss_mb)), "—")
            .target(Target::Below { limit: 200.0, unit: "MB", value: rss }),
    );
    Ok(())
}
