//! The petition ledger (信访台账) desktop app. Everything lives in the library
//! so that the entry point stays a one-liner.

// No console window on Windows release builds; harmless elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    xinfang_app::run();
}
