"""End to end: the township's work on a village's case comes back to the
village, and a change both sides made at once is settled by a person.

A case recorded at the village is carried up (代言代访) and reaches the
township (the CLI, as the clerk). Before either hears of the other, the
village extends the handling limit and the township feeds back and hands the
case to a department (交办). The village imports the township's return bundle
on the 同步 page: it says what came back, the case page shows the assignment,
and the 同步冲突 panel shows both versions of 办理进度 with the later one
standing. The liaison confirms it; the decision goes back to the township in
the next bundle, where the conflict is then settled too and both ledgers hold
the same case."""

import json
import shutil
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector

from test_ledger import png_size, set_up_device_if_asked
from test_sync_page import content, import_in_app, open_sync

XINFANG_NOW = "2026-05-06T09:00:00+08:00"
# The township works five minutes later the same morning (a clock within
# normal drift: the page must not warn of a clock running ahead).
TOWN_NOW = "2026-05-06T09:05:00+08:00"

state: dict = {}


def town(app, *args: str) -> str:
    return app.cli("--db", str(state["town_db"]), *args, now=TOWN_NOW)


def town_call(app, name: str, args: dict):
    return json.loads(town(app, "call", name, "--json", json.dumps(args, ensure_ascii=False)))


def village_call(app, name: str, args: dict):
    return json.loads(app.cli("call", name, "--json", json.dumps(args, ensure_ascii=False)))


def test_the_townships_feedback_comes_back_and_a_conflict_is_settled_in_the_app(app):
    work = Path(tempfile.mkdtemp(prefix="xinfang-conflict-e2e-"))
    try:
        run(app, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(app, work: Path) -> None:
    stick, back = work / "stick", work / "back"
    stick.mkdir()
    back.mkdir()
    state["town_db"] = work / "town.sqlite3"
    town(app, "init", "--role", "township", "--name", "路居镇")
    app.cli("init", "--role", "village", "--name", "石岩哨村")
    t = json.loads(town(app, "device", "show", "--out", str(work / "t.json"), "--json"))
    v = json.loads(app.cli("device", "show", "--out", str(work / "v.json"), "--json"))
    app.cli("enrol", str(work / "t.json"), "--fingerprint", t["fingerprint"], "--by", "李某")
    town(app, "enrol", str(work / "v.json"), "--fingerprint", v["fingerprint"], "--by", "王某")

    added = village_call(app, "visit_add", {
        "channel": "visit", "received_at": "2026-05-04T09:30:00+08:00",
        "petitioners": [{"name": "张某某", "village": "石岩哨村", "group": "大营头组"}],
        "category": "土地承包", "request": "邻户在承包地内葬坟，要求迁出", "received_by": "李某"})
    case_id = added["case_id"]
    for action in ("commission", "carry_up"):
        village_call(app, "case_transition", {"id": case_id, "transition": {"action": action}, "on": "2026-05-05",
                                              "actor": "李某"})
    app.cli("export", "--to", str(stick))
    town(app, "import", str(stick))

    # At once, unaware of each other.
    village_call(app, "case_transition", {"id": case_id, "actor": "李某",
                                          "transition": {"action": "extend", "days": 30, "reason": "需要现场勘查"}})
    town_call(app, "case_assign", {"id": case_id, "to": "镇农业农村办", "actor": "王某"})
    town_call(app, "case_transition", {"id": case_id, "transition": {"action": "feed_back"}, "actor": "王某"})
    [ret] = json.loads(town(app, "export", "--to", str(back), "--for", v["device_id"], "--json"))
    assert ret["entries"] == 4, ret  # the case twice and the two timeline events

    app.start()
    app.driver.file_detector = UselessFileDetector()
    set_up_device_if_asked(app)
    open_sync(app)
    assert "没有待确认的同步冲突" in app.text("sync-conflicts")
    files = import_in_app(app, Path(ret["path"]), Path(ret["path"]).name)
    outcome = content(files[0].find_element(By.CSS_SELECTOR, '[data-testid="sync-import-outcome"]'))
    assert outcome.endswith("带回乡镇对本村信访事项的 4 条交办、反馈"), outcome

    conflict = app.find("conflict")
    assert "办理进度" in content(conflict)
    assert app.text("conflict-kept") == "五步法代办：反馈结果，正在化解，2026年5月6日办结"
    assert app.text("conflict-lost") == "五步法代办：代言代访，正在化解，延期 30 天"
    assert "路居镇" in content(conflict) and "石岩哨村（本机）" in content(conflict)
    assert not app.all("conflict-clock-ahead"), "five minutes apart is no clock running ahead"
    app.driver.execute_script(
        "document.querySelector('[data-testid=\"sync-conflicts\"]').scrollIntoView({block: 'center'})")
    path = app.screenshot("sync-conflict.png")
    assert png_size(path) == (1366, 768), png_size(path)

    app.click("conflict-keep")
    app.type("conflict-actor", "李某")
    app.click("conflict-submit")
    app.wait().until(lambda d: "没有待确认的同步冲突" in app.text("sync-conflicts"),
                     message="the conflict is still listed after confirming it")

    # The case page shows where the case went and what the township did.
    case = village_call(app, "case_show", {"id": case_id})
    assert case["case"]["assigned_to"] == "镇农业农村办"
    assert case["case"]["step"] == "fed_back" and case["case"]["extension_days"] is None
    actions = [e["action"] for e in case["events"]]
    assert {"extend", "assign", "feed_back", "conflict_settled"} <= set(actions), actions
    decision = next(e for e in case["events"] if e["action"] == "conflict_settled")
    assert decision["actor"] == "李某" and decision["note"] == "办理进度：确认为“五步法代办：反馈结果，正在化解，2026年5月6日办结”"
    app.driver.execute_script(f"location.hash = '#/case/{case_id}'")
    assert app.text("case-assigned-to") == "镇农业农村办"
    assert app.text("case-step") == "回访巩固", "fed back: the revisit comes next"
    timeline = content(app.find("case-timeline").find_element(By.XPATH, "ancestor::div[contains(@class,'card')]"))
    assert "王某" in timeline, timeline
    # The decision travels back with the next bundle and settles the township's copy too.
    app.cli("export", "--to", str(stick))
    town(app, "import", str(stick))
    assert town_call(app, "conflict_list", {"open_only": True}) == []
    settled = town_call(app, "conflict_list", {"open_only": False})
    assert [c["settlement"] for c in settled] == ["superseded"], settled
    assert town_call(app, "case_show", {"id": case_id})["case"] == case["case"]
    refusals = [line for line in app.log().splitlines() if "被拒绝" in line]
    assert refusals == [], refusals
