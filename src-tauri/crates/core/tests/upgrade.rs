//! Upgrades: a ledger written by each earlier schema version
//! (`tests/fixtures/schema-vN.sqlite3`, made by that version's own code, see
//! `tests/fixtures/README.md`) is opened by this version. Every row it held
//! must still be there with the same values (a migration may add columns,
//! never lose or change what was recorded), and the command layer must work
//! on it as on a ledger this version made.

use crate::common;

use common::{at, visit};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use xinfang_core::store::SCHEMA_VERSION;
use xinfang_core::{Ledger, Store, dispatch};

/// The ledger written by schema version `n`; missing, it says how to make it.
fn fixture(n: usize) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema-v{n}.sqlite3"));
    assert!(
        path.exists(),
        "no ledger from schema version {n}: make it with `src-tauri/crates/core/tests/fixtures/make.sh {n}` \
         (it builds the last commit at version {n}), add its line to tests/fixtures/README.md and commit both \
         (`git add -f`: *.sqlite3 is ignored)"
    );
    path
}

/// The day the upgraded ledger is opened: after everything in the fixtures.
const OPENED: &str = "2026-04-01T09:00:00+08:00";

/// One table as it was: its columns and its rows, each cell as text that
/// keeps its type (see [`cell`]).
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// The tables of a ledger, without SQLite's own and the full-text indexes'
/// shadow tables (their layout is FTS5's business; the indexed text is
/// compared through the virtual table itself).
fn table_names(conn: &Connection) -> Vec<String> {
    let names = |sql: &str| -> Vec<String> {
        conn.prepare(sql).unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let virtual_tables =
        names("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'");
    let shadow = |t: &str| {
        virtual_tables
            .iter()
            .any(|v| ["data", "idx", "content", "docsize", "config"].iter().any(|s| t == format!("{v}_{s}")))
    };
    names("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .into_iter()
        .filter(|t| !shadow(t))
        .collect()
}

fn columns(conn: &Connection, table: &str) -> Vec<String> {
    let stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" LIMIT 0")).unwrap();
    stmt.column_names().into_iter().map(str::to_owned).collect()
}

/// A value as text: a quoted string, a number, `NULL` or `x'…'`, so `"3"`
/// and `3` differ as they do in SQLite.
fn cell(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".to_owned(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => format!("{f:?}"),
        ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("x'{}'", b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
    }
}

/// `columns` of every row of `table`, sorted.
fn rows(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<String>> {
    let list = columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let mut stmt = conn.prepare(&format!("SELECT {list} FROM \"{table}\"")).unwrap();
    let mut out: Vec<Vec<String>> = stmt
        .query_map([], |r| (0..columns.len()).map(|i| r.get_ref(i).map(cell)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    out.sort();
    out
}

fn user_version(conn: &Connection) -> usize {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    v.try_into().unwrap()
}

/// Every table of the fixture, read through a read-only connection so that
/// nothing of this version touches the file before `Store::open`.
fn snapshot(path: &Path) -> (usize, BTreeMap<String, Table>) {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let version = user_version(&conn);
    let tables = table_names(&conn)
        .into_iter()
        .map(|t| {
            let columns = columns(&conn, &t);
            let rows = rows(&conn, &t, &columns);
            (t, Table { columns, rows })
        })
        .collect();
    (version, tables)
}

/// Rows of `old` missing from `new`, and rows of `new` not in `old`,
/// compared on `old`'s columns, as multisets (both are sorted).
fn differences(old: &[Vec<String>], new: &[Vec<String>]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let (mut missing, mut extra) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    loop {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => (i, j) = (i + 1, j + 1),
            (Some(a), Some(b)) if a < b => {
                missing.push(a.clone());
                i += 1;
            }
            (Some(a), None) => {
                missing.push(a.clone());
                i += 1;
            }
            (_, Some(b)) => {
                extra.push(b.clone());
                j += 1;
            }
            (None, None) => return (missing, extra),
        }
    }
}

/// Rows an old table may gain when this version opens it: (table, value of
/// the first column). The search-pairs index (0009) is filled on the first
/// open after the upgrade, which notes it in `settings` so it is done once.
const ADDED_ON_OPEN: [(&str, &str); 1] = [("settings", "\"search_pairs_filled\"")];

/// Every row of every table of the old ledger is in the upgraded one, with the
/// same value in each column it had; no table gained rows on opening but those
/// of [`ADDED_ON_OPEN`] and the tables `may_grow`.
fn check_rows_kept(name: &str, old: &BTreeMap<String, Table>, conn: &Connection, may_grow: &[&str]) {
    let now = table_names(conn);
    let mut problems = Vec::new();
    for (table, was) in old {
        if !now.contains(table) {
            problems.push(format!("table {table} is gone"));
            continue;
        }
        let has = columns(conn, table);
        if let Some(c) = was.columns.iter().find(|c| !has.contains(c)) {
            problems.push(format!("column {table}.{c} is gone"));
            continue;
        }
        let (missing, mut extra) = differences(&was.rows, &rows(conn, table, &was.columns));
        extra.retain(|row| !ADDED_ON_OPEN.contains(&(table.as_str(), row[0].as_str())));
        if may_grow.contains(&table.as_str()) {
            extra.clear();
        }
        for (what, list) in [("lost or changed", missing), ("new or changed", extra)] {
            for row in list {
                problems.push(format!("{table}: row {what}: {}", row.join("|")));
            }
        }
    }
    assert!(problems.is_empty(), "{name}: the upgrade did not keep every record:\n{}", problems.join("\n"));
}

/// A column of a table's rows, by name.
fn column<'a>(t: &'a Table, name: &str) -> impl Iterator<Item = &'a str> {
    let i = t.columns.iter().position(|c| c == name).unwrap_or_else(|| panic!("no column {name}"));
    t.rows.iter().map(move |r| r[i].as_str())
}

/// `"abc"` → `abc` (the ids and numbers read here have nothing to escape).
fn text(cell: &str) -> &str {
    cell.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or_else(|| panic!("not text: {cell}"))
}

fn figure(report: &Value, key: &str) -> u64 {
    let counts = report["total"]["counts"].as_array().unwrap();
    counts.iter().find(|c| c["figure"] == key).unwrap_or_else(|| panic!("no figure {key}"))["count"].as_u64().unwrap()
}

/// How many rows of `table` have `case_id` (0 for a table the version lacked).
fn rows_of_case(old: &BTreeMap<String, Table>, table: &str, case_id: &str) -> usize {
    old.get(table).map_or(0, |t| column(t, "case_id").filter(|c| text(c) == case_id).count())
}

/// The command layer on the upgraded ledger agrees with the rows it was
/// given, and goes on recording.
fn check_commands(name: &str, old: &BTreeMap<String, Table>, l: &mut Ledger) {
    let mut run = |command: &str, args: Value| -> Value {
        dispatch(l, command, args).unwrap_or_else(|e| panic!("{name}: {command} failed: {e}"))
    };
    let cases = &old["petition_case"];
    let ids: Vec<&str> = column(cases, "id").map(text).collect();
    let numbers: Vec<&str> = column(cases, "number").map(text).collect();
    let voided = column(cases, "voided_at").filter(|v| *v != "NULL").count() as u64;
    let live = ids.len() as u64 - voided;
    let handled = column(cases, "handled_on").zip(column(cases, "voided_at"));
    let handled = handled.filter(|(h, v)| *h != "NULL" && *v == "NULL").count() as u64;

    assert_eq!(run("case_list", json!({}))["total"], live, "{name}: case_list");
    assert_eq!(run("case_list", json!({"status": "voided"}))["total"], voided, "{name}: voided cases");
    // Two characters are searched through the pair index (0009), which an
    // upgraded ledger fills when first opened.
    let grave = column(cases, "request").filter(|r| r.contains("葬坟")).count() as u64;
    assert_eq!(run("case_list", json!({"text": "葬坟"}))["total"], grave, "{name}: a two-character search");
    for (id, number) in ids.iter().zip(&numbers) {
        let detail = run("case_show", json!({"id": id}));
        assert_eq!(detail["case"]["number"], *number, "{name}: case_show {id}");
        for (list, table) in
            [("visits", "visit"), ("agreements", "agreement"), ("revisits", "revisit"), ("attachments", "attachment")]
        {
            let shown = detail[list].as_array().map_or(0, Vec::len);
            assert_eq!(shown, rows_of_case(old, table, id), "{name}: {list} of {number}");
        }
    }
    let agenda = run("today", json!({}));
    for item in agenda["items"].as_array().unwrap() {
        assert!(item["case_id"].is_null() || ids.contains(&item["case_id"].as_str().unwrap()), "{name}: {item}");
    }
    let report = run("report_show", json!({"from": "2026-01-01", "to": "2026-12-31"}));
    assert_eq!((figure(&report, "received"), figure(&report, "handled")), (live, handled), "{name}: report");

    let logged = old["change_log"].rows.len() as i64;
    let entries = |chain: Value| -> i64 {
        chain["devices"].as_array().unwrap().iter().map(|d| d["entries"].as_i64().unwrap()).sum()
    };
    assert_eq!(entries(run("chain_verify", json!({}))), logged, "{name}: chain entries");

    let added = run("visit_add", visit("新来访人", None, "升级后登记的第一件"));
    assert_eq!(added["case_number"], format!("石岩哨村信〔2026〕第{}号", numbers.len() + 1), "{name}: next number");
    assert!(!numbers.contains(&added["case_number"].as_str().unwrap()), "{name}: a number given twice");
    assert_eq!(run("case_list", json!({}))["total"], live + 1, "{name}: case_list after a new visit");
    assert!(entries(run("chain_verify", json!({}))) > logged, "{name}: the new visit is in the change log");
}

fn migration_count() -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "sql"))
        .count()
}

#[test]
fn there_is_a_fixture_from_every_earlier_schema_version() {
    let count = migration_count();
    assert_eq!(count, SCHEMA_VERSION, "every migration file is in store::MIGRATIONS");
    for n in 1..count {
        fixture(n);
    }
}

#[test]
fn a_ledger_from_every_earlier_schema_version_opens_with_every_record_kept() {
    let tmp = tempfile::tempdir().unwrap();
    for n in 1..SCHEMA_VERSION {
        let name = format!("schema-v{n}.sqlite3");
        let copy = tmp.path().join(&name);
        std::fs::copy(fixture(n), &copy).unwrap();
        let (version, old) = snapshot(&copy);
        assert_eq!(version, n, "{name} is at schema version {version}");

        let mut l = Ledger::new(Store::open(&copy).unwrap(), at(OPENED));
        let conn = l.store.conn();
        assert_eq!(user_version(conn), SCHEMA_VERSION, "{name}: user_version after opening");
        // The upgrade took a backup first: the file as it was, every row in it.
        let before = xinfang_core::store::upgrade_backup_path(&copy, n);
        let (kept_version, kept) = snapshot(&before);
        assert_eq!(kept_version, n, "{name}: the copy from before the upgrade");
        assert_eq!(kept.keys().collect::<Vec<_>>(), old.keys().collect::<Vec<_>>(), "{name}: its tables");
        assert!(kept.iter().all(|(t, rows)| rows.rows == old[t].rows), "{name}: its rows");
        check_rows_kept(&name, &old, conn, &[]);
        check_commands(&name, &old, &mut l);
    }
}

/// The first start of this version on an older, unencrypted ledger: setting
/// up the first account upgrades and encrypts it, keeping every record.
#[test]
fn a_ledger_from_every_earlier_schema_version_is_encrypted_on_set_up_with_every_record_kept() {
    use xinfang_core::session::{self, AccountRole, NewAccount};
    let tmp = tempfile::tempdir().unwrap();
    for n in 1..SCHEMA_VERSION {
        let name = format!("schema-v{n}.sqlite3");
        let copy = tmp.path().join(&name);
        std::fs::copy(fixture(n), &copy).unwrap();
        let (_, old) = snapshot(&copy);
        let first =
            NewAccount {
                name: "王芳".into(), role: AccountRole::Liaison, passphrase: "石岩哨村口令2026".into()
            };
        let mut l = session::set_up(&copy, first, at(OPENED)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(xinfang_core::store::is_encrypted(&copy), "{name} is encrypted");
        let before = xinfang_core::store::upgrade_backup_path(&copy, n);
        assert!(xinfang_core::store::is_encrypted(&before), "{name}: no plain copy is left from before the upgrade");
        // Setting up adds its first account, the one row it may add.
        check_rows_kept(&name, &old, l.store.conn(), &["accounts"]);
        let accounts: i64 = l.store.conn().query_row("SELECT count(*) FROM accounts", [], |r| r.get(0)).unwrap();
        assert_eq!(
            accounts as usize,
            old.get("accounts").map_or(0, |t| t.rows.len()) + 1,
            "{name}: the set-up's account"
        );
        check_commands(&name, &old, &mut l);
    }
}
