"""End to end, seed 003 at the township: the same resident recorded by two
villages (中坝村 and 红石岩村, the same name and ID number, two phones).

The app is the township. Both villages (the CLI, as their liaisons) record the
resident and export to one USB stick; the clerk imports the stick on the 同步
page: both bundles go in, none is refused. The case page of one village's case
lists the other village's case as the same resident's (身份证号码相同) and the
two phones as a disagreement, each with its village. A later bundle from
each village still goes in."""

import json
import shutil
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector

from test_ledger import png_size
from test_sync_page import content, import_in_app, open_sync

XINFANG_NOW = "2026-12-05T09:00:00+08:00"
RESIDENT = {"name": "杨某某", "id_number": "530323196503041210", "village": "中坝村"}

state: dict = {}


def village(app, name: str, *args: str) -> str:
    return app.cli("--db", str(state[name]), *args)


def village_call(app, name: str, command: str, args: dict):
    return json.loads(village(app, name, "call", command, "--json", json.dumps(args, ensure_ascii=False)))


def grave_visit(app, name: str, phone: str, request: str, when: str) -> str:
    done = village_call(app, name, "visit_add", {
        "channel": "visit", "received_at": when, "category": "坟地/丧葬", "request": request, "received_by": "李某",
        "petitioners": [{**RESIDENT, "phone": phone}]})
    return done["case_id"]


def test_one_resident_of_two_villages_is_imported_and_shown_as_one_at_the_township(app):
    work = Path(tempfile.mkdtemp(prefix="xinfang-field-e2e-"))
    try:
        run(app, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(app, work: Path) -> None:
    stick, later = work / "stick", work / "later"
    stick.mkdir()
    later.mkdir()
    app.cli("init", "--role", "township", "--name", "路居镇")
    town = json.loads(app.cli("device", "show", "--out", str(work / "town.json"), "--json"))
    for name in ("中坝村", "红石岩村"):
        state[name] = work / f"{name}.sqlite3"
        village(app, name, "init", "--role", "village", "--name", name)
        v = json.loads(village(app, name, "device", "show", "--out", str(work / f"{name}.json"), "--json"))
        village(app, name, "enrol", str(work / "town.json"), "--fingerprint", town["fingerprint"], "--by", "李某")
        app.cli("enrol", str(work / f"{name}.json"), "--fingerprint", v["fingerprint"], "--by", "王某")
    case_z = grave_visit(app, "中坝村", "13812345678", "祖坟被邻村人挖开，要求赔偿并恢复原状",
                         "2026-11-28T09:30:00+08:00")
    case_h = grave_visit(app, "红石岩村", "13987654321", "在承包地上挖坟的纠纷，要求调解", "2026-11-29T10:00:00+08:00")
    names = {}
    for name in ("中坝村", "红石岩村"):
        [done] = json.loads(village(app, name, "export", "--to", str(stick), "--json"))
        names[name] = Path(done["path"]).name

    app.start()
    app.driver.file_detector = UselessFileDetector()
    app.find("nav-ledger")
    open_sync(app)
    files = import_in_app(app, stick, names["红石岩村"])
    app.wait().until(lambda d: len(app.all("sync-import-file")) == 2, message="not both bundles reported")
    outcomes = [content(f.find_element(By.CSS_SELECTOR, '[data-testid="sync-import-outcome"]'))
                for f in app.all("sync-import-file")]
    assert all(o.startswith("已导入") for o in outcomes), outcomes
    assert any("中坝村" in o for o in outcomes) and any("红石岩村" in o for o in outcomes), outcomes
    assert "拒收" not in app.text("sync-import-report")

    # The case page: the other village's case is the same resident's, and
    # the two phones are shown as a disagreement, each with its village.
    app.driver.execute_script(f"location.hash = '#/case/{case_z}'")
    card = app.find("resident-cases")
    rows = app.all("resident-case")
    assert len(rows) == 1, content(card)
    assert content(rows[0].find_element(By.CSS_SELECTOR, '[data-testid="resident-case-link"]')) == "身份证号码相同"
    differences = content(app.find("resident-differences"))
    assert "联系电话" in differences, differences
    assert "138****5678（中坝村）" in differences and "139****4321（红石岩村）" in differences, differences
    app.scroll_to(card)
    path = app.screenshot("field-one-resident-two-villages.png")
    assert png_size(path) == (1366, 768), png_size(path)
    # The link opens the other village's case, which points back.
    app.click(rows[0].find_element(By.CSS_SELECTOR, '[data-testid="resident-case-open"]'))
    app.wait().until(lambda d: case_h in d.execute_script("return location.hash"),
                     message="the other case did not open")
    back = app.wait().until(lambda d: app.all("resident-case"), message="the other case lists no resident case")
    assert len(back) == 1

    # Later bundles of both villages still go in.
    grave_visit(app, "中坝村", "13812345678", "再次反映挖坟赔偿未落实", "2026-12-01T09:00:00+08:00")
    grave_visit(app, "红石岩村", "13987654321", "再次反映挖坟纠纷", "2026-12-02T10:00:00+08:00")
    for name in ("中坝村", "红石岩村"):
        village(app, name, "export", "--to", str(later))
    imported = json.loads(app.cli("import", str(later), "--json"))
    assert all(f["outcome"] == "imported" for f in imported), imported
    shown = json.loads(app.cli("call", "case_show", "--json", json.dumps({"id": case_h})))
    assert len(shown["resident_cases"]) == 3, shown["resident_cases"]
    refusals = [line for line in app.log().splitlines() if "被拒绝" in line]
    assert refusals == [], refusals
