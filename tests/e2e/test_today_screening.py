"""End to end, through the real app on a fixed day (2026-05-06): the 工作台 lists
an overdue case and a due revisit with the rule that makes each due and opens
the case in one click; a screening round with nothing found (零报告) moves the
next round's date; a dispute found in a round becomes a case; the ledger's
只看逾期 filter shows exactly the overdue case.

The ledger is set up and seeded headless with the `xinfang` CLI (the same core
the app calls), then driven through the UI."""

import json
import re

from selenium.webdriver.common.by import By

from test_ledger import CASE_NUMBER, png_size, row_text, set_up_device_if_asked, total

XINFANG_NOW = "2026-05-06T09:00:00+08:00"
# The device was set up two months earlier, so a screening round is long overdue.
SET_UP_ON = "2026-03-01T08:00:00+08:00"

OVERDUE_REQUEST = "反映承包地被他人占用葬坟，要求处理。"
REVISIT_REQUEST = "邻居排水冲坏院坝，要求赔偿。"
RECENT_REQUEST = "要求解决组里饮水管道破裂的问题。"
DISPUTE = "刘某与陈某因宅基地边界的围墙发生争执，双方互不相让。"

seeded: dict = {}


def call(app, name: str, args: dict):
    return json.loads(app.cli("call", name, "--json", json.dumps(args, ensure_ascii=False)))


def visit(name: str, group: str, received_at: str, category: str, request: str) -> dict:
    return {
        "channel": "visit", "received_at": received_at, "category": category, "request": request, "received_by": "李某",
        "petitioners": [{"name": name, "village": "石岩哨村", "group": group}],
    }


def seed(app) -> None:
    """A case received on 2 March and never handled (受理告知 and 办结 overdue); a
    case fed back whose revisit set the next one for yesterday; a case received
    yesterday (nothing due)."""
    if seeded:
        return
    app.cli("init", "--role", "village", "--name", "石岩哨村", now=SET_UP_ON)
    a = call(app, "visit_add", visit("王某某", "三组", "2026-03-02T09:30:00+08:00", "土地承包", OVERDUE_REQUEST))
    b = call(app, "visit_add", visit("赵某", "一组", "2026-04-01T10:00:00+08:00", "邻里纠纷", REVISIT_REQUEST))
    for action in ("commission", "carry_up", "feed_back"):
        call(app, "case_transition", {"id": b["case_id"], "transition": {"action": action}, "on": "2026-04-10",
                                      "actor": "李某"})
    call(app, "revisit_add", {"case_id": b["case_id"], "visited_on": "2026-04-20", "method": "in_person",
                              "visitor": "李某", "visitee": "赵某", "satisfaction": "mostly_satisfied",
                              "stopped": False, "next_due_on": "2026-05-05"})
    c = call(app, "visit_add", visit("钱某", "二组", "2026-05-05T15:00:00+08:00", "民政救助", RECENT_REQUEST))
    seeded.update(overdue=a, revisit=b, recent=c)


def started(app) -> None:
    seed(app)
    if app.driver is None:
        app.start()
    set_up_device_if_asked(app)


def item_text(el) -> str:
    return el.get_property("textContent") or ""


def today_items(app) -> list[str]:
    app.click("nav-today")
    app.find("today-page")
    app.wait().until(lambda d: app.all("today-item") or app.all("today-empty"))
    return [item_text(e) for e in app.all("today-item")]


def the_item(app, *parts: str):
    def find(d):
        for e in app.all("today-item"):
            if all(p in item_text(e) for p in parts):
                return e
        return False
    return app.wait().until(find, message=f"no 工作台 item with {parts}: {today_items(app)}")


def check_screenshot(app, name: str) -> None:
    """A 1366×768 screenshot, once any passing notice has faded."""
    app.wait(10).until(lambda d: not [m for m in d.find_elements(By.CSS_SELECTOR, ".el-message") if m.is_displayed()])
    path = app.screenshot(name)
    assert png_size(path) == (1366, 768), png_size(path)


def test_today_lists_the_overdue_case_and_the_due_revisit_and_opens_the_case(app):
    started(app)
    # The start page is 工作台.
    app.find("today-page")
    overdue_no = seeded["overdue"]["case_number"]
    revisit_no = seeded["revisit"]["case_number"]

    handle = the_item(app, "办结期限", overdue_no)
    assert "已逾期 5 天" in item_text(handle), item_text(handle)      # 2 March + 60 days = 1 May
    assert "2026年5月1日" in item_text(handle)
    assert "王某某" in item_text(handle) and "葬坟" in item_text(handle)
    assert "《信访工作条例》" in item_text(handle)
    accept = the_item(app, "受理告知期限", overdue_no)
    assert "已逾期 50 天" in item_text(accept), item_text(accept)
    revisit = the_item(app, "回访期限", revisit_no)
    assert "已逾期 1 天" in item_text(revisit) and "2026年5月5日" in item_text(revisit), item_text(revisit)
    assert "赵某" in item_text(revisit)
    the_item(app, "村级矛盾纠纷排查")
    texts = today_items(app)
    assert not any(seeded["recent"]["case_number"] in t for t in texts), texts
    # Overdue first (the core's order), and counted.
    assert app.text("today-overdue-count") == "已逾期 4 件", app.text("today-overdue-count")
    assert app.text("today-due-soon-count") == "即将到期 0 件"
    check_screenshot(app, "today.png")

    # One click opens the case.
    app.click(the_item(app, "办结期限", overdue_no))
    app.wait().until(lambda d: app.all("case-number") and app.text("case-number") == overdue_no,
                     message="the overdue item did not open its case")
    assert OVERDUE_REQUEST in app.text("case-request")

    # The revisit item opens the other case.
    today_items(app)
    app.click(the_item(app, "回访期限", revisit_no))
    app.wait().until(lambda d: app.all("case-number") and app.text("case-number") == revisit_no)


def test_a_round_with_nothing_found_is_recorded_as_a_zero_report_and_moves_the_next_round(app):
    started(app)
    app.click("nav-screening")
    app.wait().until(lambda d: "2026年3月4日" in app.text("screening-next-due"))   # set up 1 March + 3 days
    assert "已逾期" in app.text("screening-next-due")
    held_on = app.driver.find_element(By.CSS_SELECTOR, '[data-testid="screening-held-on"] input')
    assert held_on.get_attribute("value") == "2026年5月6日", held_on.get_attribute("value")
    assert app.find("screening-scope-name").get_attribute("value") == "石岩哨村"
    assert not app.all("screening-round")

    app.type("screening-by", "李某")
    app.click("screening-nothing-found")
    app.click("screening-submit")

    app.wait().until(lambda d: len(app.all("screening-round")) == 1, message="the round was not listed")
    rnd = item_text(app.all("screening-round")[0])
    assert "零报告" in rnd and "2026年5月6日" in rnd and "李某" in rnd and "全村：石岩哨村" in rnd, rnd
    app.wait().until(lambda d: "2026年5月9日" in app.text("screening-next-due"),
                     message=f"the next round did not move: {app.text('screening-next-due')!r}")
    assert "还剩 3 天" in app.text("screening-next-due")

    # What the ledger holds.
    page = call(app, "screening_list", {})
    assert len(page["rounds"]) == 1
    r = page["rounds"][0]
    assert r["round"]["nothing_found"] is True and r["round"]["held_on"] == "2026-05-06" and r["findings"] == []
    assert page["next_due"]["due_on"] == "2026-05-09"
    # The round is done: 工作台 no longer asks for one.
    assert not any("村级矛盾纠纷排查" in t for t in today_items(app)), today_items(app)


def test_a_dispute_found_in_a_round_becomes_a_case(app):
    started(app)
    app.click("nav-screening")
    app.find("screening-submit")
    before = len(app.all("screening-round"))

    app.click("screening-add-finding")
    app.choose("finding-category-0", "邻里纠纷")
    app.type("finding-summary-0", DISPUTE)
    app.type("finding-parties-0", "刘某、陈某")
    app.type("screening-by", "李某")
    app.click("screening-submit")
    app.wait().until(lambda d: len(app.all("screening-round")) == before + 1, message="the round was not listed")
    rnd = app.all("screening-round")[0]
    assert DISPUTE in item_text(rnd) and "刘某、陈某" in item_text(rnd), item_text(rnd)
    assert app.text("finding-status") == "正在化解"

    app.click("finding-to-case")
    assert app.find("to-case-request").get_attribute("value") == DISPUTE
    app.type("to-case-name", "刘某")
    app.type("to-case-received-by", "李某")
    app.set_picker(app.driver.find_element(By.CSS_SELECTOR, '[data-testid="to-case-received-at"] input'), "2026年5月6日 08:30")
    app.click("to-case-submit")

    app.wait().until(lambda d: app.all("case-number") and CASE_NUMBER.search(app.text("case-number")),
                     message="the new case did not open")
    number = app.text("case-number")
    assert DISPUTE in app.text("case-request")
    assert "刘某" in app.text("case-petitioners")

    app.click("nav-screening")
    app.wait().until(lambda d: app.all("finding-status") and app.text("finding-status") == "已转为信访事项",
                     message="the finding does not show 已转为信访事项")
    assert not app.all("finding-to-case")
    check_screenshot(app, "screening.png")

    # What the ledger holds: a door-to-door case, and the finding pointing at it.
    found = call(app, "case_list", {"text": "宅基地边界"})
    assert found["total"] == 1 and found["items"][0]["number"] == number
    assert found["items"][0]["channel"] == "door_to_door" and found["items"][0]["category"] == "邻里纠纷"
    f = call(app, "screening_list", {})["rounds"][0]["findings"][0]
    assert f["status"] == "became_case" and f["case_id"] == found["items"][0]["id"]


def test_ledger_only_overdue_shows_exactly_the_overdue_case(app):
    started(app)
    app.click("nav-ledger")
    app.type("ledger-search", "")
    app.wait().until(lambda d: total(app) == 4, message=f"the ledger shows {app.text('ledger-total')!r}")
    overdue_no = seeded["overdue"]["case_number"]
    tagged = [row_text(r) for r in app.all("ledger-row") if r.find_elements(By.CSS_SELECTOR, '[data-testid="ledger-overdue-tag"]')]
    assert len(tagged) == 1 and overdue_no in tagged[0], tagged

    app.click("ledger-filter-overdue")
    app.wait().until(lambda d: total(app) == 1 and len(app.all("ledger-row")) == 1,
                     message=f"只看逾期 shows {app.text('ledger-total')!r}")
    row = row_text(app.all("ledger-row")[0])
    assert overdue_no in row and "王某某" in row and "逾期" in row, row
    check_screenshot(app, "ledger.png")

    # And back: every case again, newest first by default, oldest first on request.
    app.click("ledger-filter-overdue")
    app.wait().until(lambda d: total(app) == 4)
    app.choose("ledger-sort", "登记时间（旧→新）")
    app.wait().until(lambda d: overdue_no in row_text(app.all("ledger-row")[0]),
                     message="oldest first does not start with the case of 2 March")
    assert re.search(r"共\s*4\s*件", app.text("ledger-total"))
