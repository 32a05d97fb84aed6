fn main() {
    // The core links a bundled SQLite. Without this, the app binary exports
    // its `sqlite3_*` symbols and they replace the system SQLite that
    // WebKitGTK loads (a known crash source). Check with
    // `readelf --dyn-syms -W target/debug/xinfang-app | grep -c ' sqlite3_'` (0).
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-Wl,--exclude-libs,ALL");
    }
    tauri_build::build();
}
