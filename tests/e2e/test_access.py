"""Roles and the record of who saw a whole number, through the real app: the
liaison shows a resident's whole ID number for a stated reason, the case's
查阅记录 lists it and its 修改记录 names who made each change; a viewer (added from the command line) signs in to the same
ledger, sees the number masked, has no 显示完整号码 button, and is refused
when trying to record a visit."""

import json

from conftest import ACCOUNT
from test_ledger import fill_visit

ID = "11010519491231002X"
VIEWER, VIEWER_PASSPHRASE = "赵某", "查看的口令abcd"


def cli_json(app, name: str, args: dict):
    return json.loads(app.cli("call", name, "--json", json.dumps(args, ensure_ascii=False)))


def test_a_whole_number_shown_for_a_reason_is_recorded_and_a_viewer_sees_none(app):
    app.cli("init", "--role", "village", "--name", "石岩哨村")
    visit = {"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
             "petitioners": [{"name": "张某某", "id_number": ID, "phone": "13800138000"}],
             "category": "土地承包", "request": "反映邻居在承包地内葬坟。", "received_by": "李某"}
    case_id = cli_json(app, "visit_add", visit)["case_id"]
    cli_json(app, "account_add", {"name": VIEWER, "role": "viewer", "passphrase": VIEWER_PASSPHRASE})

    app.start()
    assert app.text("account-name") == ACCOUNT
    app.driver.execute_script(f"location.hash = '#/case/{case_id}'")
    assert ID not in app.page_text()
    app.click("reveal-person")
    app.type("reveal-reason", "核对身份后调解")
    app.click("reveal-submit")
    app.wait().until(lambda d: app.text("revealed-id-number") == ID)
    app.screenshot("access-1-revealed.png")
    app.driver.find_element("css selector", ".el-dialog__headerbtn").click()
    app.wait().until(lambda d: ID not in app.page_text())
    app.click(app.find("access-list"))
    app.wait().until(lambda d: any("核对身份后调解" in r.text and ACCOUNT in r.text for r in app.all("access-row")))
    # 修改记录 names who made each change: the visit (recorded from the command
    # line as the same account) and the reveal.
    app.click(app.find("change-list"))
    app.wait().until(lambda d: any(ACCOUNT in r.text and "显示完整号码" in r.text for r in app.all("change-row")))
    assert all(ACCOUNT in r.text for r in app.all("change-row"))
    record = cli_json(app, "access_list", {"id": case_id})
    assert [(r["account_name"], r["reason"]) for r in record] == [(ACCOUNT, "核对身份后调解")]

    app.click("lock-button")
    app.sign_in(VIEWER, VIEWER_PASSPHRASE)
    assert app.text("account-name") == VIEWER
    app.driver.execute_script(f"location.hash = '#/case/{case_id}'")
    app.find("access-list")
    assert not app.all("reveal-person")
    assert ID not in app.page_text() and "110105" in app.page_text()
    app.screenshot("access-2-viewer.png")
    # The core refuses what the role may not do, whatever the page offers.
    fill_visit(app, {"name": "孙某", "id_number": "", "phone": "", "village": "石岩哨村", "group": ""})
    app.click("intake-submit")
    app.wait().until(lambda d: "您的账号（查看）不能" in app.page_text())
    assert "visit_add 被拒绝（forbidden）" in app.log()
    assert len(cli_json(app, "case_list", {})["items"]) == 1
