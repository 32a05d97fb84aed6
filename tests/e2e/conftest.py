"""Drives the real built desktop app (信访台账) through tauri-driver.

Per test module: a private Xvfb display (unless DISPLAY is already set and
XINFANG_E2E_OWN_XVFB=0), a temporary database passed to the app through
XINFANG_DB, and one tauri-driver in front of WebKitWebDriver. Each
`app.start()` launches the app process; `app.quit()` ends it, so a test can
restart the app on the same database. Everything started here is stopped at
the end, even when a test fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
WAIT = float(os.environ.get("XINFANG_E2E_WAIT", "20"))
COMMAND_TIMEOUT = 120
# The account every test signs in with: set up in the app on a new ledger, or
# by `xinfang --account … init` (the CLI reads both from the environment).
ACCOUNT = "测试员"
PASSPHRASE = "端到端测试口令2026"


def app_binary() -> Path:
    if os.environ.get("XINFANG_APP"):
        p = Path(os.environ["XINFANG_APP"])
    else:
        target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
        p = target / "debug" / "xinfang-app"
    p = p.resolve()
    if not p.is_file():
        pytest.exit(f"app binary not found: {p} (build it with `cargo build -p xinfang-app`)", returncode=2)
    return p


def cli_binary(app: Path) -> str:
    """The `xinfang` CLI: XINFANG_CLI, or the one built beside the app (the
    installed package carries the app only)."""
    return os.environ.get("XINFANG_CLI") or str(app.parent / "xinfang")


def tauri_driver_binary() -> str:
    candidates = [os.environ.get("TAURI_DRIVER"), shutil.which("tauri-driver"),
                  str(Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target") / "tools" / "bin" / "tauri-driver")]
    for c in candidates:
        if c and Path(c).is_file():
            return c
    pytest.exit("tauri-driver not found (run `make tauri-driver` or set TAURI_DRIVER)", returncode=2)


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited early with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout}s")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def start_xvfb(log) -> tuple[subprocess.Popen, str]:
    """A private X server the size of the 1366×768 window; its display
    number is chosen by Xvfb itself (-displayfd), so runs never collide."""
    r, w = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(w), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(w,), stdout=log, stderr=log,
    )
    os.close(w)
    with os.fdopen(r) as f:
        number = f.readline().strip()
    if not number:
        stop(proc)
        raise RuntimeError("Xvfb did not start (is the xvfb package installed?)")
    return proc, f":{number}"


class App:
    """One WebDriver session = one running app process."""

    def __init__(self, url: str, binary: Path, db: Path, log_path: Path, env: dict):
        self.url = url
        self.binary = binary
        self.db = db
        self.log_path = log_path
        self.env = env
        self.driver: webdriver.Remote | None = None

    def cli(self, *args: str, stdin: str | None = None, now: str | None = None) -> str:
        """Runs the `xinfang` CLI on this app's ledger (to set up a situation
        or to check what the app wrote); returns stdout, fails on a non-zero exit.
        `now` stands the CLI on another day than the app."""
        env = dict(self.env)
        if now:
            env["XINFANG_NOW"] = now
        r = subprocess.run([cli_binary(self.binary), *args], input=stdin, env=env,
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, f"xinfang {' '.join(args)} failed: {r.stderr}"
        return r.stdout

    def start(self, sign_in: bool = True) -> "App":
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(self.binary)})
        # No WebDriver command may wait forever: a hung one fails its test.
        config = ClientConfig(remote_server_addr=self.url, timeout=COMMAND_TIMEOUT)
        self.driver = webdriver.Remote(command_executor=RemoteConnection(client_config=config), options=options)
        # The UI is mounted once Vue rendered something into #app.
        self.wait().until(lambda d: d.execute_script(
            "return document.readyState === 'complete' && !!document.querySelector('[data-testid]')"))
        if sign_in:
            self.sign_in()
        return self

    def sign_in(self, account: str = ACCOUNT, passphrase: str = PASSPHRASE) -> None:
        """The app starts locked: sets up the first account on a new ledger,
        or signs in to one set up before, then waits for the app behind it."""
        form = self.wait().until(lambda d: next((e for e in d.find_elements(
            By.CSS_SELECTOR, '[data-testid="account-setup-form"], [data-testid="signin-form"]') if e.is_displayed()), None),
            message="neither the set-up nor the sign-in form appeared")
        if form.get_attribute("data-testid") == "account-setup-form":
            self.type("account-setup-name", account)
            self.click(self.find("account-setup-role-liaison"))
            self.type("account-setup-passphrase", passphrase)
            self.type("account-setup-passphrase-again", passphrase)
            self.click(self.find("account-setup-submit"))
        else:
            # The form may offer someone else (the last one signed in).
            if account not in self.text("signin-name"):
                self.choose("signin-name", account)
            self.type("signin-passphrase", passphrase)
            self.click(self.find("signin-submit"))
        self.wait(WAIT + 30).until(
            lambda d: not any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, '[data-testid="signin-view"]')),
            message="still at the sign-in screen")

    def quit(self) -> None:
        if self.driver is not None:
            try:
                self.driver.quit()
            finally:
                self.driver = None

    def log(self) -> str:
        """What the app (through tauri-driver) wrote to stdout/stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    # ---- helpers over data-testid hooks ------------------------------------

    def wait(self, timeout: float = WAIT) -> WebDriverWait:
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1,
                             ignored_exceptions=(StaleElementReferenceException,))

    def find(self, testid: str, visible: bool = True):
        sel = f'[data-testid="{testid}"]'

        def present(d):
            for el in d.find_elements(By.CSS_SELECTOR, sel):
                if not visible or el.is_displayed() or self._is_hidden_native_control(el):
                    return el
            return False

        try:
            return self.wait().until(present)
        except TimeoutException:
            raise AssertionError(f"no element with data-testid={testid!r} appeared within {WAIT}s; "
                                 f"page text: {self.page_text()[:500]!r}") from None

    def all(self, testid: str):
        return self.driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')

    def _is_hidden_native_control(self, el) -> bool:
        # Element Plus hides native radio/checkbox inputs behind styled spans.
        return el.tag_name == "input" and (el.get_attribute("type") or "") in ("radio", "checkbox")

    def click(self, target) -> None:
        el = self.find(target) if isinstance(target, str) else target
        try:
            self.wait(5).until(lambda d: el.is_enabled())
            self.scroll_to(el)
            el.click()
        except (ElementNotInteractableException, ElementClickInterceptedException, TimeoutException):
            self.driver.execute_script("arguments[0].click();", el)

    def scroll_to(self, el) -> None:
        """Centres the element, clear of the app's fixed header."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", el)

    def type(self, testid: str, text: str) -> None:
        """Types into a native input/textarea; falls back to setting the value
        the way a user's input event would, if the WebDriver key path loses
        characters (input methods are not part of WebDriver)."""
        el = self.find(testid)
        self.scroll_to(el)
        try:
            el.click()
        except (ElementNotInteractableException, ElementClickInterceptedException):
            self.driver.execute_script("arguments[0].focus();", el)
        self.clear(el)
        if text:
            el.send_keys(text)
        if (el.get_attribute("value") or "") != text:
            self.driver.execute_script(
                """const el = arguments[0], v = arguments[1];
                   const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
                   Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, v);
                   el.dispatchEvent(new Event('input', {bubbles: true}));
                   el.dispatchEvent(new Event('change', {bubbles: true}));""", el, text)
        assert (el.get_attribute("value") or "") == text, f"{testid}: value is {el.get_attribute('value')!r}"

    def set_picker(self, box, text: str) -> None:
        """Types a date or time (as a user can) into an Element Plus picker's
        input and checks it took: the app's clock may be fixed while the
        picker starts on the machine's own day."""
        self.scroll_to(box)
        box.click()
        self.clear(box)
        box.send_keys(text)
        box.send_keys(Keys.ENTER)
        self.wait(5).until(lambda d: box.get_attribute("value") == text,
                           message=f"the picker shows {box.get_attribute('value')!r}, not {text!r}")
        # Leave the field with Tab: Escape would also close a dialog around it.
        if any(p.is_displayed() for p in self.driver.find_elements(By.CSS_SELECTOR, ".el-picker__popper")):
            box.send_keys(Keys.TAB)
        try:
            self.wait(3).until(lambda d: not any(
                p.is_displayed() for p in d.find_elements(By.CSS_SELECTOR, ".el-picker__popper")))
        except TimeoutException:
            pass
        assert box.get_attribute("value") == text, box.get_attribute("value")

    def clear(self, el) -> None:
        el.send_keys(Keys.CONTROL, "a")
        el.send_keys(Keys.DELETE)
        if el.get_attribute("value"):
            el.clear()

    def choose(self, testid: str, option_text: str) -> None:
        """Picks `option_text` in an Element Plus select or autocomplete (or a
        native <select>). A free-text field gets the text typed, then the
        matching suggestion is clicked if one is offered."""
        from selenium.webdriver.support.ui import Select

        el = self.find(testid)
        if el.tag_name == "select":
            Select(el).select_by_visible_text(option_text)
            return
        xpath = ("//*[contains(@class,'el-select-dropdown__item') or contains(@class,'el-cascader-node')"
                 " or @role='option'][normalize-space(.)='{t}' or .//*[normalize-space(.)='{t}']]").format(t=option_text)

        def option(d):
            for o in d.find_elements(By.XPATH, xpath):
                if o.is_displayed():
                    return o
            return False

        typed = el.tag_name in ("input", "textarea") and el.get_attribute("readonly") is None
        if typed:
            self.type(testid, option_text)
        else:
            self.click(el)
        for _attempt in range(5):
            try:
                opt = self.wait(5 if typed else WAIT).until(option)
            except TimeoutException:
                if not typed:
                    raise AssertionError(f"{testid}: no option {option_text!r} offered") from None
                el.send_keys(Keys.ESCAPE)
                return
            try:
                self.click(opt)
                break
            except StaleElementReferenceException:
                continue  # the suggestion list re-rendered while we looked
        if typed:
            assert (el.get_attribute("value") or "") == option_text

    def text(self, testid: str) -> str:
        return self.find(testid).text.strip()

    def page_text(self) -> str:
        try:
            return self.driver.find_element(By.TAG_NAME, "body").text
        except Exception:  # noqa: BLE001 - only for diagnostics
            return ""

    def screenshot(self, name: str) -> Path:
        """What the screen shows, grabbed from the X server. (WebKitWebDriver's
        own snapshot has been seen to hang for good on some pages while the
        session stayed alive; the X server's picture is also what a user sees,
        open drop-downs included.) The screen is exactly the window's size."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        # The installed app's run (make e2e-installed) keeps its own pictures.
        path = ARTIFACTS / (os.environ.get("XINFANG_ARTIFACT_PREFIX", "") + name)
        # Let the page paint what the last command changed before grabbing it.
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));")
        r = subprocess.run(["import", "-display", self.env["DISPLAY"], "-window", "root", str(path)],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, f"import (ImageMagick) could not grab the screen: {r.stderr}"
        return path


@pytest.fixture(scope="module")
def app(request):
    """A tauri-driver session factory over one fresh database for the module."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("FAILED-*.png"):
        old.unlink()
    binary = app_binary()
    driver_bin = tauri_driver_binary()
    workdir = Path(tempfile.mkdtemp(prefix="xinfang-e2e-"))
    db = workdir / "ledger.sqlite3"
    log_path = ARTIFACTS / f"{request.module.__name__.split('.')[-1]}.app.log"
    log = open(log_path, "w", encoding="utf-8")

    env = dict(os.environ)
    env["XINFANG_DB"] = str(db)      # tauri-driver → WebKitWebDriver → the app inherit this
    # For the CLI only; the app never signs in from the environment.
    env["XINFANG_ACCOUNT"] = ACCOUNT
    env["XINFANG_PASSPHRASE"] = PASSPHRASE
    # A test module may stand the app on a known day: XINFANG_NOW = "2026-05-06T09:00:00+08:00".
    now = getattr(request.module, "XINFANG_NOW", None)
    if now:
        env["XINFANG_NOW"] = now
    else:
        env.pop("XINFANG_NOW", None)
    env.setdefault("RUST_BACKTRACE", "1")
    # A test module may set more, e.g. stand-ins for the print spooler: XINFANG_ENV = {"XINFANG_LP": …}.
    env.update(getattr(request.module, "XINFANG_ENV", {}))
    # WebKit's storage (the UI's drafts) and any app data stay in the temp dir.
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = str(workdir / var.lower())
        Path(env[var]).mkdir()
    # Keep WebKit quiet and robust under Xvfb without a GPU.
    env.setdefault("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
    env.setdefault("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
    env.setdefault("LIBGL_ALWAYS_SOFTWARE", "1")

    xvfb = driver = None
    app = None
    try:
        if not env.get("DISPLAY") or os.environ.get("XINFANG_E2E_OWN_XVFB", "1") == "1":
            xvfb, env["DISPLAY"] = start_xvfb(log)
            env.pop("WAYLAND_DISPLAY", None)
        port = 4444 if port_free(4444) and port_free(4445) else free_port()
        native_port = 4445 if port == 4444 else free_port()
        driver = subprocess.Popen(
            [driver_bin, "--port", str(port), "--native-port", str(native_port),
             "--native-driver", shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=workdir,
        )
        wait_for_port(port, driver, "tauri-driver")
        # tauri-driver listens before the WebKitWebDriver it started does.
        wait_for_port(native_port, driver, "WebKitWebDriver (started by tauri-driver)")
        app = App(f"http://127.0.0.1:{port}", binary, db, log_path, env)
        yield app
    finally:
        if app is not None:
            try:
                app.quit()
            except Exception:  # noqa: BLE001 - best effort at teardown
                pass
        stop(driver)
        stop(xvfb)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, keep a screenshot of what the app showed."""
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call" and rep.failed:
        app = item.funcargs.get("app")
        if app is not None and app.driver is not None:
            try:
                app.screenshot(f"FAILED-{item.name}.png")
            except Exception:  # noqa: BLE001
                pass
