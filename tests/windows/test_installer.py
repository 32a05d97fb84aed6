"""The Windows installer under Wine (`make test-windows`, issue 26).

Installs the real installer silently into a fresh Wine prefix, checks what it
put where, then uses the installed `xinfang.exe` as a village liaison would:
an encrypted ledger in a folder whose name has Chinese characters and a
space, a visit recorded, the township enrolled, a bundle exported. The Linux
township (`xinfang` built for this machine) imports that bundle. The
uninstaller then removes the program and leaves the ledger, its keyring and
the bundle exactly as they were.

XINFANG_WIN_INSTALLER: the installer `make windows` built.
XINFANG_CLI: the Linux `xinfang`.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
INSTALLER = Path(os.environ.get("XINFANG_WIN_INSTALLER", "")).resolve()
LINUX_CLI = Path(os.environ.get("XINFANG_CLI", "")).resolve()
PRODUCT = "信访台账"
NOW = "2026-05-06T09:00:00+08:00"
PASSPHRASE = "村里的口令2026春"


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    if not INSTALLER.is_file() or not LINUX_CLI.is_file():
        pytest.fail(f"need XINFANG_WIN_INSTALLER ({INSTALLER}) and XINFANG_CLI ({LINUX_CLI})")
    p = tmp_path_factory.mktemp("wine") / "prefix"
    subprocess.run([str(HERE / "wine-prefix"), str(p)], check=True)
    return p


def wine_env(prefix: Path, **extra) -> dict:
    return dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=", **extra)


def wine(prefix: Path, *args: str, **extra) -> subprocess.CompletedProcess:
    run = subprocess.run(["wine", *args], env=wine_env(prefix, **extra), capture_output=True)
    # The installer and uninstaller return before their work is done (the
    # uninstaller runs from a copy of itself): wait for the prefix to be idle.
    subprocess.run(["wineserver", "-w"], env=wine_env(prefix), check=True)
    return run


def user_dir(prefix: Path) -> Path:
    users = prefix / "drive_c" / "users"
    return next(d for d in users.iterdir() if d.name not in ("Public", "public") and (d / "AppData").is_dir())


def windows_path(prefix: Path, p: Path) -> str:
    return "C:\\" + str(p.relative_to(prefix / "drive_c")).replace("/", "\\")


def installed_cli(prefix: Path, db: str, *args: str) -> str:
    exe = windows_path(prefix, user_dir(prefix) / "AppData/Local/Programs" / PRODUCT / "xinfang.exe")
    run = wine(prefix, exe, *args, XINFANG_DB=db, XINFANG_NOW=NOW, XINFANG_ACCOUNT="李梅", XINFANG_PASSPHRASE=PASSPHRASE)
    out, err = run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace")
    assert run.returncode == 0, f"xinfang.exe {args} → {run.returncode}: {err}"
    return out


def linux_cli(db: Path, *args: str) -> str:
    run = subprocess.run([str(LINUX_CLI), *args], env=dict(os.environ, XINFANG_DB=str(db), XINFANG_NOW=NOW),
                         capture_output=True, text=True)
    assert run.returncode == 0, f"xinfang {args} → {run.returncode}: {run.stderr}"
    return run.stdout


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_install_record_export_import_uninstall(prefix, tmp_path):
    run = wine(prefix, str(INSTALLER), "/S")
    assert run.returncode == 0, run.stderr
    home = user_dir(prefix)
    app_dir = home / "AppData/Local/Programs" / PRODUCT
    for name in ["xinfang-app.exe", "xinfang.exe", "WebView2Loader.dll", "uninstall.exe"]:
        assert (app_dir / name).is_file(), f"{name} not installed in {app_dir}"
    assert (app_dir / "assets" / "templates").is_dir(), "the print assets are beside the app"
    assert any(app_dir.glob("assets/fonts/*")), "the fonts are installed"
    start_menu = home / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs" / f"{PRODUCT}.lnk"
    assert start_menu.is_file(), "a Start-menu entry 信访台账"

    # The liaison's ledger, encrypted, in a folder named in Chinese with a space.
    ledger_dir = home / "Documents" / "村 信访台账"
    ledger_dir.mkdir(parents=True)
    db = windows_path(prefix, ledger_dir / "石岩哨村.sqlite3")
    installed_cli(prefix, db, "init", "--role", "village", "--name", "石岩哨村")
    assert (ledger_dir / "石岩哨村.sqlite3.keys").is_file(), "the keyring beside the ledger"

    visit = {
        "channel": "visit", "received_at": "2026-05-02T09:30:00+08:00",
        "petitioners": [{"name": "张某某", "village": "石岩哨村", "group": "大营头组"}],
        "category": "土地承包", "request": "反映承包地被他人占用葬坟，要求处理。", "received_by": "李梅",
    }
    installed_cli(prefix, db, "call", "visit_add", "--json", json.dumps(visit, ensure_ascii=False))

    # Enrolment both ways, through files on the "USB stick".
    usb = home / "Desktop" / "U盘"
    usb.mkdir(parents=True)
    town = tmp_path / "路居镇.sqlite3"
    linux_cli(town, "init", "--role", "township", "--name", "路居镇")
    town_file = usb / "township.json"
    town_fp = json.loads(linux_cli(town, "device", "show", "--out", str(town_file), "--json"))["fingerprint"]
    village_file = usb / "village.json"
    shown = installed_cli(prefix, db, "device", "show", "--out", windows_path(prefix, village_file), "--json")
    village_fp = json.loads(shown)["fingerprint"]
    installed_cli(prefix, db, "enrol", windows_path(prefix, town_file), "--fingerprint", town_fp, "--by", "李梅")
    linux_cli(town, "enrol", str(village_file), "--fingerprint", village_fp, "--by", "王芳")

    printed = installed_cli(prefix, db, "export", "--to", windows_path(prefix, usb)).strip()
    bundles = [p for p in usb.iterdir() if p.suffix != ".json"]
    assert len(bundles) == 1 and bundles[0].name in printed, f"{printed}: {list(usb.iterdir())}"
    imported = linux_cli(town, "import", str(usb))
    assert "已导入 石岩哨村" in imported, imported
    page = json.loads(linux_cli(town, "case", "list", "--json"))
    assert page["total"] == 1
    assert "葬坟" in json.dumps(page, ensure_ascii=False)

    kept = {p: digest(p) for p in [ledger_dir / "石岩哨村.sqlite3", ledger_dir / "石岩哨村.sqlite3.keys", *bundles]}
    run = wine(prefix, windows_path(prefix, app_dir / "uninstall.exe"), "/S")
    assert run.returncode == 0, run.stderr
    assert not app_dir.exists(), f"left behind: {list(app_dir.rglob('*'))}"
    assert not start_menu.exists()
    for p, d in kept.items():
        assert p.is_file() and digest(p) == d, f"the uninstaller touched {p}"
