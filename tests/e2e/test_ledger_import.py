"""Last year's Excel ledger in, on the real app (issue 25): a village's 2010
dispute ledger as its clerk keeps it (a title row, a two-row header, days
written 1月12日 under a title naming the year, its own categories, a head
count of 30余人, a merged cell, a totals row) goes through 导入 Excel 台账 at
the township: the preview shows the rows and the rows left out; the mapping
step maps one category to the list's and adds the other to the township's
own list; the rows land as cases; the new category is offered at intake;
and a second import adds nothing.

The workbook is the one `sheets/tests/ledgers_as_kept.rs` writes and
imports through the CLI (tests/fixtures/ledgers/)."""

import json
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector

from test_case_workflows import no_toasts, text_of
from test_ledger import png_size

XINFANG_NOW = "2013-03-01T09:00:00+08:00"
ROOT = Path(__file__).resolve().parents[2]
WORKBOOK = ROOT / "tests" / "fixtures" / "ledgers" / "石岩哨村矛盾纠纷调处台账.xlsx"
ACTOR = "镇信访办刘专干"


def town_call(app, name: str, args: dict):
    return json.loads(app.cli("call", name, "--json", json.dumps(args, ensure_ascii=False)))


def rows_shown(app) -> list[str]:
    return [text_of(r) for r in app.driver.find_elements(
        By.CSS_SELECTOR, '[data-testid="import-rows"] .el-table__body-wrapper tbody tr')]


def pick(app, testid: str, label: str) -> None:
    """Opens the mapping select `testid` and clicks its option `label` (a
    click, not a typed filter: the list must not move under the pointer)."""
    app.click(testid)
    xpath = f"//*[contains(@class,'el-select-dropdown__item')][normalize-space(.)='{label}']"
    option = app.wait().until(lambda d: next((o for o in d.find_elements(By.XPATH, xpath) if o.is_displayed()), None),
                              message=f"{testid}: no option {label!r}")
    app.driver.execute_script("arguments[0].click();", option)
    app.wait().until(lambda d: label in (app.find(testid).get_attribute("value") or text_of(app.find(testid))),
                     message=f"{testid}: {label!r} not chosen")


def test_a_villages_ledger_comes_in_with_one_mapping_step_and_a_second_import_adds_nothing(app):
    assert WORKBOOK.is_file(), WORKBOOK
    app.cli("init", "--role", "township", "--name", "路居镇")
    app.start()
    # The workbook's path is typed as text, not uploaded as a file by WebDriver.
    app.driver.file_detector = UselessFileDetector()
    app.click("nav-report")
    app.click("report-import")
    app.type("import-path", str(WORKBOOK))
    app.type("import-actor", ACTOR)
    app.click("import-preview")
    app.find("import-mapping")

    # The preview: the sheet read from its title and two-row header, the
    # totals row left out and said so, the two words to decide, nothing importable yet.
    assert "表“2010年” 4 行" in app.text("import-columns"), app.text("import-columns")
    assert "合计" in app.text("import-left-out")
    words = [text_of(r) for r in app.all("import-map-row")]
    assert len(words) == 2 and "类别“坟地纠纷”" in words[0] and "类别“饮水”" in words[1], words
    assert not app.find("import-run").is_enabled()
    app.screenshot("ledger-import-preview.png")

    # One step: 饮水 to the list's 环境/水源; 坟地纠纷 added to the township's list.
    pick(app, "import-map-category-饮水", "环境/水源")
    pick(app, "import-map-category-坟地纠纷", "新增矛盾纠纷类“坟地纠纷”")
    app.find("import-map-added")
    path = app.screenshot("ledger-import-mapping.png")
    assert png_size(path) == (1366, 768), png_size(path)
    app.click("import-remap")
    app.wait().until(lambda d: app.all("import-summary") and not app.all("import-mapping"),
                     message="the mapped preview did not come back clean")
    assert "将登记 4 件" in app.text("import-summary"), app.text("import-summary")
    shown = rows_shown(app)
    assert len(shown) == 4, shown
    # Each row as it will be recorded: its year from the title, its own category.
    assert "2010-02-03" in shown[1] and "坟地纠纷" in shown[1] and "化解" in shown[1], shown[1]
    assert "环境/水源" in shown[2] and "按至少 30 人计" in shown[2], shown[2]
    app.screenshot("ledger-import-mapped.png")

    app.click("import-run")
    app.wait().until(lambda d: "已登记 4 件信访事项" in app.text("import-done"), message="not imported")
    no_toasts(app)

    # The rows landed, with what the file says.
    cases = town_call(app, "case_list", {"status": "all"})["items"]
    assert len(cases) == 4, cases
    assert {c["category"] for c in cases} == {"邻里纠纷", "坟地纠纷", "环境/水源", "婚姻家庭"}, cases
    water = next(c for c in cases if c["category"] == "环境/水源")
    detail = town_call(app, "case_show", {"id": water["id"]})
    assert detail["visits"][0]["headcount"] == 30 and detail["case"]["outcome"] == "in_progress", detail["case"]
    # The township's list now has 坟地纠纷, and the intake offers it.
    assert "坟地纠纷" in town_call(app, "categories", {})["disputes"]
    app.driver.find_element(By.CSS_SELECTOR, '[data-testid="ledger-import-dialog"] .el-dialog__headerbtn').click()
    app.click("nav-intake")
    app.choose("intake-category", "坟地纠纷")

    # A second import of the same file adds nothing: every row is named as in
    # the ledger already, and importing is not offered.
    app.click("nav-report")
    app.click("report-import")
    app.type("import-path", str(WORKBOOK) + " ")
    app.type("import-path", str(WORKBOOK))
    app.type("import-actor", ACTOR)
    app.click("import-preview")
    app.wait().until(lambda d: app.all("import-summary"), message="the second preview did not show")
    assert "将登记 0 件，4 行已在台账中，将跳过" in app.text("import-summary"), app.text("import-summary")
    assert not app.all("import-mapping"), "the mapping was remembered and 坟地纠纷 is on the list"
    assert all("已在台账中" in r for r in rows_shown(app)), rows_shown(app)
    assert not app.find("import-run").is_enabled()
    app.screenshot("ledger-import-again.png")
    assert len(town_call(app, "case_list", {"status": "all"})["items"]) == 4
