"""End to end: a village laptop whose CMOS battery died. The ledger holds
records of December 2026; the computer's clock now reads 1 January 2009.

Every screen says the clock is wrong, in the core's words, until it is
corrected; the date the liaison types is written as typed, not refused as
"later than now"."""

import json

from test_ledger import png_size

XINFANG_NOW = "2009-01-01T08:00:00+08:00"
BEFORE = "2026-12-05T09:00:00+08:00"


def test_a_clock_reset_to_2009_is_pointed_out_on_every_screen_and_real_dates_go_in(app):
    app.cli("init", "--role", "village", "--name", "石岩哨村", now=BEFORE)
    app.cli("call", "visit_add", "--json", json.dumps({
        "channel": "visit", "received_at": "2026-12-04T09:30:00+08:00", "category": "邻里纠纷",
        "request": "邻居占道堆放柴草", "received_by": "李某",
        "petitioners": [{"name": "赵某某", "village": "石岩哨村"}]}, ensure_ascii=False), now=BEFORE)

    app.start()
    app.find("nav-ledger")
    warning = app.text("clock-warning")
    assert warning.startswith("本机时间可能不对：电脑显示 2009年1月1日，早于台账中最新一条记录的时间（2026年12月5日）"), warning
    assert "请先校正电脑时间" in warning, warning
    path = app.screenshot("clock-warning-2009.png")
    assert png_size(path) == (1366, 768), png_size(path)
    for page in ("nav-ledger", "nav-sync", "nav-intake"):
        app.click(page)
        assert app.text("clock-warning") == warning, page

    # The liaison types the real date: written as typed.
    done = json.loads(app.cli("call", "visit_add", "--json", json.dumps({
        "channel": "visit", "received_at": "2026-12-06T10:00:00+08:00", "category": "邻里纠纷",
        "request": "再次反映占道", "received_by": "李某",
        "petitioners": [{"name": "赵某某", "village": "石岩哨村"}]}, ensure_ascii=False)))
    shown = json.loads(app.cli("call", "case_show", "--json", json.dumps({"id": done["case_id"]})))
    assert shown["case"]["received_at"] == "2026-12-06T10:00:00+08:00"
