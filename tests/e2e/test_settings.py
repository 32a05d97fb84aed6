"""The 设置 page through the real app at a township: a handling limit longer
than the law's is refused beside its field and changes nothing; a shorter one
is saved, logged under 最近修改 and is the limit the ledger now keeps."""

import json

from conftest import ACCOUNT


def cli_json(app, name: str, args: dict):
    return json.loads(app.cli("call", name, "--json", json.dumps(args, ensure_ascii=False)))


def test_a_township_shortens_a_limit_and_never_lengthens_it(app):
    app.cli("init", "--role", "township", "--name", "路居镇")
    app.start()
    app.click("nav-settings")
    app.find("settings-page")
    assert "60" in app.text("settings-limit-basis-handle_days")

    app.type("settings-limit-handle_days", "61")
    app.click("settings-save")
    app.wait().until(lambda d: any("60" in e.text for e in app.all("field-error")),
                     message="a limit beyond the law is not marked beside its field")
    assert cli_json(app, "time_limits", {})["handle_days"] == 60, "a refused change changes nothing"

    app.type("settings-limit-handle_days", "45")
    app.click("settings-save")
    app.find("settings-saved")
    app.wait().until(lambda d: app.all("settings-history-row"))
    assert ACCOUNT in app.text("settings-history")
    app.screenshot("settings-1-township.png")
    assert cli_json(app, "time_limits", {})["handle_days"] == 45
    history = cli_json(app, "settings_show", {})["history"]
    assert [h["key"] for h in history] == ["time_limits"], history
