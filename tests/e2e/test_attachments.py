"""End to end: a liaison attaches the signed agreement's scan in the real app;
after a bundle, the township holds it, byte for byte.

The village's case has a signed agreement without its scan: the case page
says so. The liaison adds the scan (a PNG) from the case page; the reminder
goes and the attachment is listed with its thumbnail, which opens larger.
The village exports a bundle by USB stick
(the CLI); the township imports it and finds the scan on the case, present,
and extracts exactly the bytes that were attached."""

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector

from conftest import ROOT
from test_ledger import set_up_device_if_asked
from test_sync_page import content

XINFANG_NOW = "2026-05-06T09:00:00+08:00"

state: dict = {}


def village_call(app, name: str, args: dict):
    return json.loads(app.cli("call", name, "--json", json.dumps(args, ensure_ascii=False)))


def town(app, *args: str) -> str:
    return app.cli("--db", str(state["town_db"]), *args)


def town_call(app, name: str, args: dict):
    return json.loads(town(app, "call", name, "--json", json.dumps(args, ensure_ascii=False)))


def signed_case(app) -> tuple[str, str]:
    """A case settled on the spot with a signed written agreement."""
    added = village_call(app, "visit_add", {
        "channel": "visit", "received_at": "2026-05-04T09:30:00+08:00",
        "petitioners": [{"name": "张某某", "village": "石岩哨村"}], "category": "坟地/丧葬",
        "request": "邻户在承包地内葬坟，要求迁出", "received_by": "李某"})
    case_id = added["case_id"]
    village_call(app, "case_transition", {"id": case_id, "transition": {"action": "settle_on_spot"}, "actor": "李某"})
    party = village_call(app, "case_show", {"id": case_id})["people"][0]["id"]
    other = village_call(app, "person_add", {"name": "王某", "village": "石岩哨村"})["id"]
    draft = village_call(app, "agreement_draft", {
        "case_id": case_id, "form": "written", "actor": "杨某",
        "content": {"party_ids": [party, other], "facts": "王某在张某某承包地内安葬亲属。", "responsibilities": "王某占地。",
                    "terms": ["王某补偿张某某2600元。"], "performance": "当场付清。", "copies": 3,
                    "mediators": ["杨某"], "recorder": "李某"}})
    agreement_id = draft["agreement"]["id"]
    village_call(app, "agreement_sign", {"id": agreement_id, "signed_on": "2026-05-05", "actor": "杨某"})
    return case_id, agreement_id


def test_a_signed_scan_attached_in_the_app_reaches_the_township_byte_for_byte(app):
    work = Path(tempfile.mkdtemp(prefix="xinfang-attach-e2e-"))
    try:
        run(app, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(app, work: Path) -> None:
    state["town_db"] = work / "town.sqlite3"
    town(app, "init", "--role", "township", "--name", "路居镇")
    app.cli("init", "--role", "village", "--name", "石岩哨村")
    t = json.loads(town(app, "device", "show", "--out", str(work / "t.json"), "--json"))
    v = json.loads(app.cli("device", "show", "--out", str(work / "v.json"), "--json"))
    app.cli("enrol", str(work / "t.json"), "--fingerprint", t["fingerprint"], "--by", "李某")
    town(app, "enrol", str(work / "v.json"), "--fingerprint", v["fingerprint"], "--by", "王某")
    case_id, agreement_id = signed_case(app)

    scan = work / "协议书签字页.png"
    shutil.copy(ROOT / "src-tauri" / "icons" / "128x128.png", scan)
    attached = scan.read_bytes()

    app.start()
    # The path is typed as text, not uploaded as a file.
    app.driver.file_detector = UselessFileDetector()
    set_up_device_if_asked(app)
    app.driver.execute_script(f"location.hash = '#/case/{case_id}'")
    reminder = app.find("attachment-missing-scan")
    assert "（2026）石岩哨村人调字第1号" in content(reminder), content(reminder)
    app.click("attachment-add-scan")
    app.type("attachment-path", str(scan))
    app.type("attachment-caption", "双方签字页")
    app.type("attachment-actor", "李某")
    app.click("attachment-submit")
    app.wait().until(lambda d: app.all("attachment-name") and not app.all("attachment-missing-scan"),
                     message="the scan was not listed, or the reminder stayed")
    assert content(app.find("attachment-name")) == "协议书签字页.png"
    # The thumbnail is drawn from attachment_preview (a 128 px PNG is small,
    # so the original itself) and opens larger in the viewer.
    drawn = "return arguments[0].complete && arguments[0].naturalWidth"
    thumb = app.find("attachment-thumb")
    app.wait().until(lambda d: d.execute_script(drawn, thumb.find_element(By.TAG_NAME, "img")) == 128,
                     message="the thumbnail was not drawn")
    app.click(thumb)
    app.wait().until(lambda d: d.execute_script(drawn, app.find("attachment-viewer-image")) == 128,
                     message="the larger view was not drawn")
    assert "128 × 128 像素" in content(app.find("attachment-viewer"))
    app.click("attachment-viewer-close")
    app.wait().until(lambda d: not any(e.is_displayed() for e in app.all("attachment-viewer")),
                     message="关闭 did not close the viewer")
    app.scroll_to(app.find("case-attachments"))
    app.screenshot("case-attachments.png")

    # To the township by USB stick.
    stick = work / "stick"
    stick.mkdir()
    app.cli("export", "--to", str(stick))
    town(app, "import", str(stick))
    at_town = town_call(app, "case_show", {"id": case_id})
    assert at_town["signed_scan_missing"] == []
    [scan_there] = at_town["attachments"]
    assert (scan_there["kind"], scan_there["agreement_id"], scan_there["caption"]) == (
        "signed_agreement", agreement_id, "双方签字页")
    assert scan_there["present"] is True, "the content came in the bundle"
    out = work / "out"
    out.mkdir()
    saved = town_call(app, "attachment_extract", {"id": scan_there["id"], "folder": str(out)})
    got = Path(saved["path"]).read_bytes()
    assert hashlib.sha256(got).digest() == hashlib.sha256(attached).digest()
