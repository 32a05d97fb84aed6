"""A report against an official (检举、揭发) through the real app: the liaison
ticks 检举、揭发 at intake, the case page says so and its 查看记录 lists each
look, and a leader signed in to the same ledger finds it neither in the
ledger list nor by its address."""

import json

from conftest import ACCOUNT
from test_ledger import fill_visit

LEADER, LEADER_PASSPHRASE = "钱镇长", "领导的口令abcd"
REPORT = "检举村干部虚报低保名单，要求查处。"


def cli_json(app, name: str, args: dict):
    return json.loads(app.cli("call", name, "--json", json.dumps(args, ensure_ascii=False)))


def test_a_report_against_an_official_is_hidden_from_a_leader_and_each_look_is_recorded(app):
    app.cli("init", "--role", "village", "--name", "石岩哨村")
    ordinary = {"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
                "petitioners": [{"name": "张某某"}], "category": "土地承包",
                "request": "反映邻居在承包地内葬坟。", "received_by": "李某"}
    cli_json(app, "visit_add", ordinary)
    cli_json(app, "account_add", {"name": LEADER, "role": "leader", "passphrase": LEADER_PASSPHRASE})

    app.start()
    fill_visit(app, {"name": "李某举", "id_number": "", "phone": "", "village": "石岩哨村", "group": ""})
    app.type("intake-request", REPORT)
    app.click("intake-confidential")
    app.click("intake-submit")
    app.find("case-confidential-tag")
    case_id = app.driver.execute_script("return location.hash").rsplit("/", 1)[-1]
    app.click(app.find("case-view-list"))
    app.wait().until(lambda d: any(ACCOUNT in r.text for r in app.all("case-view-row")))
    app.screenshot("confidential-1-case.png")
    looks = cli_json(app, "case_views", {"id": case_id})
    assert looks and all(v["what"] == "case" for v in looks), looks
    assert ACCOUNT in {v["account_name"] for v in looks}

    app.click("nav-ledger")
    app.wait().until(lambda d: len(app.all("ledger-row")) == 2)
    assert len(app.all("ledger-confidential-tag")) == 1

    app.click("lock-button")
    app.sign_in(LEADER, LEADER_PASSPHRASE)
    assert app.text("account-name") == LEADER
    app.click("nav-ledger")
    app.wait().until(lambda d: len(app.all("ledger-row")) == 1)
    assert "低保" not in app.page_text()
    app.driver.execute_script(f"location.hash = '#/case/{case_id}'")
    app.wait().until(lambda d: "找不到信访事项" in app.page_text())
    assert "低保" not in app.page_text()
    app.screenshot("confidential-2-leader.png")
    assert len(cli_json(app, "case_views", {"id": case_id})) == len(looks), "the leader's try was not a look"
