"""Runs the crates' tests as Windows executables under Wine (`make test-windows`).

The test binaries are built for x86_64-pc-windows-gnu by the same cargo
invocation as the Windows app (`make windows`, one feature resolution, so
nothing is compiled twice); this asks cargo for their paths (`--no-run
--message-format=json`, which builds nothing new) and runs those of the
core, sync, print, sheets, router and CLI crates under `wine-run`, each from
its crate's folder as `cargo test` would. The desktop app's own tests (the
shell's session, sign-in, demo and command table, not its window) run too,
with WebView2Loader.dll beside them as it is beside the installed app; the
window itself needs the WebView2 runtime, which Wine does not have
(docs/windows.md).

Prints each binary's result and a total; exits non-zero if any test failed
or no test ran.

    python3 tests/windows/run_tests.py cargo test --target x86_64-pc-windows-gnu ... --no-run --message-format=json
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = {"xinfang-core", "xinfang-sync", "xinfang-print", "xinfang-sheets", "xinfang-router", "xinfang-cli",
            "xinfang-app"}
RESULT = re.compile(r"test result: (\w+)\. (\d+) passed; (\d+) failed; (\d+) ignored")


def package_name(package_id: str) -> str:
    # "path+file:///…/crates/core#xinfang-core@0.1.0" or "…/crates/core#0.1.0"
    m = re.search(r"#([A-Za-z0-9_-]+)@", package_id)
    return m.group(1) if m else package_id.split("#")[0].rstrip("/").split("/")[-1]


def test_binaries(cargo: list[str]) -> list[tuple[str, str, Path, Path]]:
    out = subprocess.run(cargo, stdout=subprocess.PIPE, check=True, text=True)
    found = []
    for line in out.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") != "compiler-artifact" or not msg.get("executable") or not msg["profile"]["test"]:
            continue
        name = package_name(msg["package_id"])
        if name in PACKAGES:
            crate_dir = Path(msg["manifest_path"]).parent
            found.append((name, msg["target"]["name"], Path(msg["executable"]), crate_dir))
    return sorted(set(found))


def webview2_loader(exe: Path) -> Path:
    """The WebView2Loader.dll the webview2-com-sys build script copied out (newest first)."""
    build = exe.parent.parent / "build"
    found = sorted(build.glob("webview2-com-sys-*/out/x64/WebView2Loader.dll"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise SystemExit(f"WebView2Loader.dll not found under {build}")
    return found[-1]


def main() -> int:
    cargo = sys.argv[1:]
    binaries = test_binaries(cargo)
    scratch = tempfile.mkdtemp(prefix="xinfang-windows-bindings-")
    totals = [0, 0, 0]
    failed_binaries = []
    for package, target, exe, crate_dir in binaries:
        if package == "xinfang-app":
            loader = webview2_loader(exe)
            shutil.copy(loader, exe.parent / loader.name)
        print(f"\n=== {package} ({target}): {exe.name} under Wine", flush=True)
        # The tests that export the UI's TypeScript types write them where
        # TS_RS_EXPORT_DIR says (cargo sets it for `cargo test`): here, to a
        # scratch folder, so a Windows run never rewrites ui/src/bindings.
        env = dict(os.environ, CARGO_MANIFEST_DIR=str(crate_dir), CARGO_PKG_NAME=package,
                   TS_RS_EXPORT_DIR=scratch)
        run = subprocess.run([str(HERE / "wine-run"), str(exe)], cwd=crate_dir, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        sys.stdout.write(run.stdout)
        results = RESULT.findall(run.stdout)
        for _, passed, failed, ignored in results:
            totals[0] += int(passed)
            totals[1] += int(failed)
            totals[2] += int(ignored)
        if run.returncode != 0 or not results:
            failed_binaries.append(f"{package} ({target}), exit {run.returncode}")
    print(f"\nWindows tests under Wine: {len(binaries)} binaries, "
          f"{totals[0]} passed, {totals[1]} failed, {totals[2]} ignored")
    for f in failed_binaries:
        print(f"FAILED: {f}")
    return 1 if failed_binaries or totals[0] == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
