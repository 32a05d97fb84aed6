"""Cold start of the real desktop app over a given ledger, for `xinfang-bench`.

Launches the built app (through tauri-driver, as the end-to-end tests do, on a
private Xvfb display) with XINFANG_DB pointing at the (encrypted) ledger, and
times

- from the WebDriver session request (which starts the app process) until the
  first screen, the sign-in form (登录), is shown;
- from clicking 登录 (the passphrase typed) until the Today view (工作台) shows
  its agenda: stretching the passphrase, opening the encrypted file, the
  first queries; and then
- from there until the ledger page (台账) shows its first rows,

each "shown" meaning the elements exist and two animation frames have passed,
so the page has been painted. Then reads the resident memory of the app
process and the proportional set size of the app with its WebKit processes.

Prints one JSON object on stdout; the bench binary prints the figures.
Usage: XINFANG_BENCH_PASSPHRASE=… python cold_start.py --app APP --driver TAURI_DRIVER
       --db LEDGER --account NAME [--now RFC3339] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from conftest import free_port, start_xvfb, stop, wait_for_port  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.options import ArgOptions  # noqa: E402
from selenium.webdriver.remote.client_config import ClientConfig  # noqa: E402
from selenium.webdriver.remote.remote_connection import RemoteConnection  # noqa: E402

# Two animation frames after the condition holds: the frame it was laid out
# in has been painted.
PAINTED = """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
"""


def wait_until(driver, script: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script(script):
            driver.execute_async_script(PAINTED)
            return
        time.sleep(0.01)
    raise RuntimeError(f"timed out waiting for: {script}")


def processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, executable) of every process we may read."""
    out = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            exe = os.readlink(d / "exe")
        except OSError:
            continue
        out[int(d.name)] = (ppid, exe)
    return out


def kib(path: Path, field: str) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def memory(app: Path) -> tuple[float, float]:
    """(RSS of the app process, PSS of the app and its WebKit children) in MB."""
    procs = processes()
    roots = [pid for pid, (_, exe) in procs.items() if Path(exe) == app]
    if not roots:
        raise RuntimeError("the app process was not found")
    tree, todo = set(), list(roots)
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(p for p, (ppid, _) in procs.items() if ppid == pid and p not in tree)
    rss = sum(kib(Path(f"/proc/{p}/status"), "VmRSS") for p in roots)
    pss = sum(kib(Path(f"/proc/{p}/smaps_rollup"), "Pss") for p in tree)
    return rss / 1024, pss / 1024


def one_run(url: str, app: Path, passphrase: str) -> dict:
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": str(app)})
    config = ClientConfig(remote_server_addr=url, timeout=60)
    started = time.monotonic()
    driver = webdriver.Remote(command_executor=RemoteConnection(client_config=config), options=options)
    try:
        wait_until(driver, "return !!document.querySelector('[data-testid=\"signin-passphrase\"]')")
        signin = time.monotonic() - started
        # The one account is chosen already; the typing is not timed.
        driver.find_element(By.CSS_SELECTOR, '[data-testid="signin-passphrase"]').send_keys(passphrase)
        submitted = time.monotonic()
        driver.find_element(By.CSS_SELECTOR, '[data-testid="signin-submit"]').click()
        wait_until(driver, "return !!document.querySelector('[data-testid=\"today-overdue-count\"]')")
        today = time.monotonic() - submitted
        shown = time.monotonic()
        driver.execute_script("location.hash = '#/ledger'")
        wait_until(driver, "return !!document.querySelector('[data-testid=\"ledger-row\"]')")
        ledger = time.monotonic() - shown
        rows = driver.execute_script("return document.querySelectorAll('[data-testid=\"ledger-row\"]').length")
        total = driver.execute_script("return document.querySelector('[data-testid=\"ledger-total\"]').textContent")
        time.sleep(0.5)  # let the idle app settle before its memory is read
        rss, pss = memory(app)
        return {"signin_s": signin, "today_s": today, "ledger_s": ledger, "rows": rows, "total": total.strip(),
                "rss_mb": rss, "pss_mb": pss}
    finally:
        driver.quit()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True, type=Path)
    ap.add_argument("--driver", required=True)
    ap.add_argument("--db", required=True, type=Path)
    ap.add_argument("--now")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--account", required=True)
    a = ap.parse_args()
    app = a.app.resolve()
    workdir = Path(tempfile.mkdtemp(prefix="xinfang-bench-"))
    log = open(workdir / "app.log", "w", encoding="utf-8")
    env = dict(os.environ)
    env["XINFANG_DB"] = str(a.db.resolve())
    if a.now:
        env["XINFANG_NOW"] = a.now
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = str(workdir / var.lower())
        Path(env[var]).mkdir()
    env.setdefault("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
    env.setdefault("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
    env.setdefault("LIBGL_ALWAYS_SOFTWARE", "1")
    xvfb = driver = None
    try:
        xvfb, env["DISPLAY"] = start_xvfb(log)
        env.pop("WAYLAND_DISPLAY", None)
        port, native = free_port(), free_port()
        driver = subprocess.Popen(
            [a.driver, "--port", str(port), "--native-port", str(native),
             "--native-driver", shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
        wait_for_port(port, driver, "tauri-driver")
        wait_for_port(native, driver, "WebKitWebDriver (started by tauri-driver)")
        passphrase = os.environ["XINFANG_BENCH_PASSPHRASE"]
        runs = [one_run(f"http://127.0.0.1:{port}", app, passphrase) for _ in range(max(1, a.runs))]
    except Exception as e:  # noqa: BLE001 - reported to the bench binary as JSON
        log.flush()
        print(json.dumps({"error": str(e), "log": (workdir / "app.log").read_text()[-2000:]}))
        return 1
    finally:
        stop(driver)
        stop(xvfb)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"runs": runs}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
