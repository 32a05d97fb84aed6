"""End to end: the township's 统计报表 on the real app.

A village records two requests and sends them up in a bundle; the township
(this app's ledger) imports it, records two more from another village and a
screening round. On the 统计 page the clerk sees this year's figures, each
village's last bundle, and clicks numbers: each opens exactly the cases (or
disputes) the core's report_cases counts, and a case opens its page."""

import json
import shutil
import tempfile
from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

from test_ledger import png_size
from test_sync_page import content

XINFANG_NOW = "2026-05-06T09:00:00+08:00"
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}

state: dict = {}


def town_call(app, name: str, args: dict):
    return json.loads(app.cli("call", name, "--json", json.dumps(args, ensure_ascii=False)))


def village(app, *args: str) -> str:
    return app.cli("--db", str(state["village_db"]), *args)


def village_call(app, name: str, args: dict):
    return json.loads(village(app, "call", name, "--json", json.dumps(args, ensure_ascii=False)))


def visit(village_name: str, at: str, channel: str, request: str) -> dict:
    return {"channel": channel, "received_at": f"2026-{at}:00+08:00",
            "petitioners": [{"name": "张某某", "village": village_name}], "category": "土地承包",
            "request": request, "received_by": "刘专干"}


def set_up(app, work: Path) -> None:
    """The township and one enrolled village, a bundle from it, and the
    township's own records."""
    state["village_db"] = work / "village.sqlite3"
    app.cli("init", "--role", "township", "--name", "路居镇")
    village(app, "init", "--role", "village", "--name", "石岩哨村")
    t = json.loads(app.cli("device", "show", "--out", str(work / "t.json"), "--json"))
    v = json.loads(village(app, "device", "show", "--out", str(work / "v.json"), "--json"))
    village(app, "enrol", str(work / "t.json"), "--fingerprint", t["fingerprint"], "--by", "李某")
    app.cli("enrol", str(work / "v.json"), "--fingerprint", v["fingerprint"], "--by", "刘专干")

    a = village_call(app, "visit_add", visit("石岩哨村", "02-03T09:00", "letter", "来信反映承包地边界不清"))
    village_call(app, "visit_add", visit("石岩哨村", "03-10T10:00", "visit", "邻户在承包地内葬坟，要求迁出"))
    village_call(app, "case_transition", {"id": a["case_id"], "transition": {"action": "settle_on_spot"},
                                          "on": "2026-02-05", "actor": "李某"})
    stick = work / "stick"
    stick.mkdir()
    village(app, "export", "--to", str(stick))
    app.cli("import", str(stick))

    town_call(app, "visit_add", visit("上坝村", "01-12T09:00", "visit", "上坝村修路占地补偿未兑现"))
    town_call(app, "visit_add", visit("上坝村", "04-20T15:00", "phone", "上坝村饮水管道破裂无人修"))
    town_call(app, "screening_add", {
        "held_on": "2026-04-01", "scope": "village", "scope_name": "上坝村", "screened_by": "刘专干",
        "nothing_found": False,
        "findings": [{"category": "邻里纠纷", "summary": "排水沟堵塞引起邻里纠纷"},
                     {"category": "婚姻家庭", "summary": "赡养老人费用分担纠纷"}]})


def counted(app, figure: str, group: dict | None = None) -> dict:
    """What the core counts for a number: the same question the page asks."""
    q = {"query": {**YEAR, "villages": []}, "figure": figure}
    if group:
        q["group"] = group
    return town_call(app, "report_cases", q)


def listed_numbers(app, expected: int) -> list[str]:
    """The case numbers the open drill-down lists, once it lists `expected`."""
    app.wait().until(lambda d: len(app.all("drill-case-number")) == expected and app.all("drill-count"),
                     message=f"the drill-down did not list {expected} cases")
    return [content(e) for e in app.all("drill-case-number")]


def close_drill(app) -> None:
    """Closes the drawer, clicking its close button again if a click came
    while the drawer was still sliding in (seen once under CI load)."""
    def closed(d) -> bool:
        if not any(e.is_displayed() for e in app.all("drill-count")):
            return True
        for button in d.find_elements(By.CSS_SELECTOR, '[data-testid="drill-down"] .el-drawer__close-btn'):
            if button.is_displayed():
                try:
                    button.click()
                except WebDriverException:
                    pass
        return False
    app.wait().until(closed, message="the drill-down did not close")


def test_the_report_shows_the_ledgers_figures_and_each_number_opens_exactly_its_cases(app):
    work = Path(tempfile.mkdtemp(prefix="xinfang-report-e2e-"))
    try:
        set_up(app, work)
        run(app)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(app) -> None:
    core = town_call(app, "report_show", {**YEAR, "villages": []})
    received = next(c["count"] for c in core["total"]["counts"] if c["figure"] == "received")
    assert received == 4, "two cases from the village's bundle and two recorded at the township"

    app.start()
    app.click("nav-report")
    app.wait().until(lambda d: "4" in content(app.find("figure-received")), message="the report did not load")
    assert "路居镇" in app.text("report-scope")
    # One of the four was settled on the spot: 1 / 4.
    assert "25%" in content(app.find("rate-handled_rate"))

    # Each village: 石岩哨村 sent a bundle today; 上坝村 has no device enrolled.
    shiyan = app.find("group-石岩哨村")
    shangba = app.find("group-上坝村")
    assert content(shiyan.find_element(By.CSS_SELECTOR, '[data-testid="cell-bundle"]')) == "今天"
    assert content(shangba.find_element(By.CSS_SELECTOR, '[data-testid="cell-bundle"]')) == "未登记设备"
    path = app.screenshot("report-dashboard.png")
    assert png_size(path) == (1366, 768), png_size(path)
    app.scroll_to(app.find("breakdown-village"))
    app.screenshot("report-villages.png")

    # The total received opens exactly the four cases the core counts.
    app.click("figure-received")
    want = sorted(c["number"] for c in counted(app, "received")["cases"])
    assert len(want) == 4
    assert sorted(listed_numbers(app, 4)) == want
    assert "共 4 件" in app.text("drill-count")
    app.screenshot("report-drill-down.png")
    close_drill(app)

    # One village's received: only its two cases.
    app.click(shangba.find_element(By.CSS_SELECTOR, '[data-testid="cell-received"]'))
    want = sorted(c["number"] for c in counted(app, "received", {"breakdown": "village", "key": "上坝村"})["cases"])
    assert len(want) == 2
    assert sorted(listed_numbers(app, 2)) == want
    close_drill(app)

    # The disputes screened open the two findings of the round.
    app.click("figure-disputes_screened")
    app.wait().until(lambda d: len(app.all("drill-finding")) == 2, message="the two disputes are not listed")
    summaries = sorted(content(r) for r in app.all("drill-finding"))
    assert any("排水沟堵塞" in s for s in summaries) and any("赡养老人" in s for s in summaries)
    close_drill(app)

    # A listed case opens its page.
    app.click("figure-handled")
    handled = counted(app, "handled")["cases"]
    assert [c["number"] for c in handled] == listed_numbers(app, len(handled)) and handled
    app.click(app.all("drill-case")[0])
    app.wait().until(lambda d: handled[0]["number"] in app.page_text(), message="the case page did not open")
    assert "/case/" in app.driver.current_url
