"""The demo ledger (演示台账) end to end, through the real app: opened from the
setup screen, its made-up cases on 台账 under the banner, left through
退出演示 back to a real ledger still not set up, with the demo's file gone and
nothing of it in the real ledger; opened again from 帮助 and left behind by
closing the app, it is deleted at the next start."""

import json

from selenium.webdriver.common.by import By

from test_ledger import row_text, set_up_device_if_asked

XINFANG_NOW = "2026-05-06T09:00:00+08:00"


def cli_json(app, name: str, args: dict) -> dict:
    return json.loads(app.cli("call", name, "--json", json.dumps(args, ensure_ascii=False)))


def demo_files(app) -> list[str]:
    return sorted(p.name for p in app.db.parent.glob("demo-ledger*"))


def confirm(app, button: str) -> None:
    def found(d):
        for b in d.find_elements(By.CSS_SELECTOR, ".el-message-box__btns button"):
            if b.is_displayed() and b.text.strip() == button:
                return b
        return False

    app.click(app.wait().until(found))


def test_the_demo_is_used_and_removed_without_touching_the_real_ledger(app):
    app.start()
    app.click("setup-demo")
    app.find("demo-banner")
    assert "正在使用演示台账（培训用，内容都是虚构的）" in app.text("demo-banner")
    assert app.text("device-name") == "演示村"
    # 工作台 shows the demo's matter left past its acceptance limit.
    app.wait().until(lambda d: app.text("today-overdue-count") == "已逾期 1 件")
    assert demo_files(app), "the demo is a file beside the real ledger"
    # The real ledger, read by the CLI meanwhile, is still not set up.
    assert cli_json(app, "device_show", {})["device"] is None

    app.click("nav-ledger")
    app.wait().until(lambda d: app.text("ledger-total") == "共 10 件")
    rows = [row_text(r) for r in app.all("ledger-row")]
    assert len(rows) == 10
    assert any("张三" in r and "演示村" in r for r in rows), rows
    app.screenshot("demo-ledger.png")

    app.click("demo-end")
    confirm(app, "退出演示")
    app.find("setup-name")
    assert not app.all("demo-banner")
    assert demo_files(app) == []

    set_up_device_if_asked(app)
    app.wait().until(lambda d: app.text("ledger-total") == "共 0 件")
    assert cli_json(app, "device_show", {})["device"]["name"] == "石岩哨村"
    assert cli_json(app, "case_list", {})["total"] == 0
    assert cli_json(app, "case_list", {"text": "演示村"})["total"] == 0
    app.quit()


def test_a_demo_left_open_when_the_app_closes_is_gone_at_the_next_start(app):
    app.start()
    app.find("nav-help")
    app.click("nav-help")
    app.click("help-demo")
    confirm(app, "打开演示台账")
    app.find("demo-banner")
    assert app.text("device-name") == "演示村"
    app.quit()
    assert demo_files(app), "closed during training: the file is still there"

    app.start()
    app.find("nav-ledger")
    assert app.text("device-name") == "石岩哨村"
    assert not app.all("demo-banner")
    assert demo_files(app) == []
    app.quit()
