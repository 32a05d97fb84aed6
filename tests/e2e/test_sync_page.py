"""End to end, through the real app's 同步 page and the `xinfang` CLI as the
township: the village enrols the township (its enrolment file and the
fingerprint typed in, a mistyped one marked beside the field first), the
township enrols the village from the enrolment file the app saved, a visit
recorded in the app goes to the township in a bundle exported from the page,
the township's return bundle (回执) comes back through the page's import and
leaves nothing waiting for acknowledgement. A damaged copy of a bundle is
refused with its reason in Chinese and changes nothing; an unreachable
township server is a calm grey line."""

import json
import shutil
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector

from test_ledger import REQUEST, fill_visit, png_size, set_up_device_if_asked

ZHAO = {"name": "赵某某", "id_number": "11010519491231002X", "phone": "13800138000", "village": "石岩哨村",
        "group": "三组"}

state: dict = {}


def town(app, *args: str) -> str:
    """The CLI on the township's own ledger."""
    return app.cli("--db", str(state["town_db"]), *args)


def town_json(app, *args: str):
    return json.loads(town(app, *args, "--json"))


def app_call(app, name: str, args: dict | None = None):
    return json.loads(app.cli("call", name, "--json", json.dumps(args or {}, ensure_ascii=False)))


def content(el) -> str:
    return (el.get_property("textContent") or "").strip()


def peer_row(app, name: str):
    def find(d):
        for r in app.all("sync-peer"):
            if name in content(r):
                return r
        return False
    return app.wait().until(find, message=f"no peer row for {name}")


def cell(row, testid: str) -> str:
    return content(row.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]'))


def open_sync(app) -> None:
    app.click("nav-sync")
    app.find("sync-page")
    app.wait().until(lambda d: app.all("sync-fingerprint")
                     and not d.find_elements(By.CSS_SELECTOR, ".sync > .el-loading-mask"))


def import_in_app(app, path: Path, file_name: str) -> list:
    """Imports a file or folder from the page; returns the outcome rows once
    the one for `file_name` is shown."""
    app.type("sync-import-path", str(path))
    app.click("sync-import-submit")
    app.wait().until(lambda d: any(file_name in content(f) for f in app.all("sync-import-file")),
                     message=f"no import outcome shown for {file_name}")
    return app.all("sync-import-file")


def test_a_village_and_its_township_exchange_through_the_sync_page(app):
    work = Path(tempfile.mkdtemp(prefix="xinfang-sync-e2e-"))
    try:
        run(app, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(app, work: Path) -> None:
    stick, back, bad = work / "stick", work / "back", work / "bad"
    for d in (stick, back, bad):
        d.mkdir()
    state["town_db"] = work / "town.sqlite3"
    town(app, "init", "--role", "township", "--name", "路居镇")
    town_id = town_json(app, "device", "show", "--out", str(work / "路居镇.json"))
    app.cli("init", "--role", "village", "--name", "石岩哨村")

    app.start()
    # Paths are typed as text: selenium would otherwise try to upload an existing file.
    app.driver.file_detector = UselessFileDetector()
    set_up_device_if_asked(app)
    open_sync(app)
    # This device's fingerprint, large and grouped, is the one the CLI reports for this ledger.
    mine = app_call(app, "sync_identity")
    groups = [content(g) for g in app.find("sync-fingerprint").find_elements(By.CSS_SELECTOR, ".fp-group")]
    assert "-".join(groups) == mine["fingerprint"], (groups, mine)
    assert app.all("sync-no-peers"), "a new ledger shows no peers"

    # Enrol the township: a fingerprint with one symbol wrong is marked beside the field.
    fp = town_id["fingerprint"]
    wrong = ("8" if fp[0] != "8" else "9") + fp[1:]
    app.type("sync-enrol-file", str(work / "路居镇.json"))
    app.type("sync-enrol-fingerprint", wrong)
    app.type("sync-enrol-by", "李某")
    app.click("sync-enrol-submit")
    err = app.find("field-error")
    assert "指纹" in err.text, err.text
    fp_item = app.find("sync-enrol-fingerprint").find_element(By.XPATH, "ancestor::div[contains(@class,'el-form-item')]")
    assert "is-error" in fp_item.get_attribute("class")
    assert app_call(app, "sync_status")["peers"] == [], "a mismatch enrolled nothing"
    app.type("sync-enrol-fingerprint", fp)
    app.click("sync-enrol-submit")
    row = peer_row(app, "路居镇")
    assert fp in content(row)
    assert cell(row, "sync-peer-state") == "有效"

    # Save this device's enrolment file; the township enrols it with the fingerprint read off the page.
    app.type("sync-save-to", str(work))
    app.click("sync-save-enrolment")
    saved = app.text("sync-saved-file").removeprefix("已保存：")
    assert Path(saved).is_file(), saved
    town(app, "enrol", saved, "--fingerprint", "".join(groups), "--by", "王某")

    # A visit recorded in the app.
    fill_visit(app, ZHAO)
    app.click("intake-submit")
    app.find("case-number")

    # Export it from the sync page to a folder (a USB stick).
    open_sync(app)
    row = peer_row(app, "路居镇")
    pending = app_call(app, "sync_status")["peers"][0]["pending"]
    assert pending > 0
    app.wait().until(lambda d: cell(peer_row(app, "路居镇"), "sync-peer-pending") == f"{pending} 条")
    app.type("sync-export-dir", str(stick))
    app.click("sync-export-submit")
    exported = app.find("sync-exported")
    assert f"第 1–{pending} 条变更（{pending} 条），给 路居镇" in content(exported), content(exported)
    bundle = Path(app.text("sync-exported-path"))
    assert bundle.parent == stick and bundle.suffix == ".xfb" and bundle.is_file(), bundle

    # The township imports the stick and has the case.
    town(app, "import", str(stick))
    cases = town_json(app, "case", "list")
    assert cases["total"] == 1, cases
    assert REQUEST in json.dumps(cases, ensure_ascii=False)
    assert "赵某某" in json.dumps(cases, ensure_ascii=False)

    # The township's return bundle, and a damaged copy of it.
    [ret] = town_json(app, "export", "--to", str(back), "--for", mine["device_id"])
    data = bytearray(Path(ret["path"]).read_bytes())
    data[len(data) // 2] ^= 0x55
    (bad / "回执-损坏.xfb").write_bytes(bytes(data))

    before = app_call(app, "sync_status")
    files = import_in_app(app, bad, "回执-损坏.xfb")
    assert len(files) == 1
    assert "refused" in files[0].get_attribute("class")
    outcome = content(files[0].find_element(By.CSS_SELECTOR, '[data-testid="sync-import-outcome"]'))
    assert "数据包已损坏" in outcome, outcome
    assert "拒收 1 个" in app.text("sync-import-report")
    colour = files[0].find_element(By.CSS_SELECTOR, '[data-testid="sync-import-outcome"]').value_of_css_property("color")
    assert colour.startswith("rgba(245, 108, 108") or colour.startswith("rgb(245, 108, 108"), colour
    assert app_call(app, "sync_status") == before, "a refused bundle changed nothing"

    # A township server that is not there: a calm grey line, no error pop-up.
    app.type("sync-server", "127.0.0.1:9")
    app.click("sync-now")
    last = app.find("sync-last")
    app.wait().until(lambda d: "unreachable" in (last.get_attribute("class") or ""))
    assert "连不上乡镇服务器" in content(last)
    assert not [m for m in app.driver.find_elements(By.CSS_SELECTOR, ".el-message--error") if m.is_displayed()]

    # The real return: acknowledged, nothing pending any more.
    files = import_in_app(app, Path(ret["path"]), Path(ret["path"]).name)
    outcome = content(files[0].find_element(By.CSS_SELECTOR, '[data-testid="sync-import-outcome"]'))
    assert outcome == f"已收到 路居镇 的回执：对方已收到本机第 1–{pending} 条变更", outcome
    app.wait().until(lambda d: cell(peer_row(app, "路居镇"), "sync-peer-pending") == "无",
                     message="the peer still shows changes waiting for acknowledgement")
    assert app_call(app, "sync_status")["peers"][0]["pending"] == 0
    assert "今天" in cell(peer_row(app, "路居镇"), "sync-peer-in")

    app.driver.execute_script("document.querySelector('.main').scrollTop = 0")
    path = app.screenshot("sync.png")
    assert png_size(path) == (1366, 768), png_size(path)
    # The lower half: the export written and the return's import outcome.
    app.driver.execute_script("const m = document.querySelector('.main'); m.scrollTop = m.scrollHeight")
    path = app.screenshot("sync-bottom.png")
    assert png_size(path) == (1366, 768), png_size(path)
    refusals = [line for line in app.log().splitlines() if "被拒绝" in line]
    # Only the mistyped fingerprint and the unreachable server were refused.
    assert all(("sync_enrol" in line) or ("sync_over_http" in line) for line in refusals), refusals
