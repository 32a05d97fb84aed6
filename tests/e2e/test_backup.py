"""End to end: a liaison backs the ledger up to a USB stick from the 备份 page,
records another case, and restores the backup through the page.

The folder is typed (WebDriver cannot drive the system's chooser). After the
restore the ledger holds the one case of the backup again, and the ledger it
replaced is kept in the folder as a 恢复前 copy. Then, with this device's
backups gone from the stick, the next start makes the automatic backup and
says where it went."""

import json
import shutil
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from test_ledger import set_up_device_if_asked
from test_sync_page import content

XINFANG_NOW = "2026-05-06T09:00:00+08:00"


def call(app, name: str, args: dict):
    return json.loads(app.cli("call", name, "--json", json.dumps(args, ensure_ascii=False)))


def add_case(app, request: str) -> None:
    call(app, "visit_add", {
        "channel": "visit", "received_at": "2026-05-04T09:30:00+08:00",
        "petitioners": [{"name": "张某某", "village": "石岩哨村"}], "category": "坟地/丧葬",
        "request": request, "received_by": "李某"})


def total_cases(app) -> int:
    return json.loads(app.cli("case", "list", "--json"))["total"]


def visible(app, css: str):
    def find(d):
        return next((e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), False)
    return app.wait().until(find, message=f"nothing visible matches {css}")


def test_a_backup_made_on_the_page_is_restored_through_the_page(app):
    stick = Path(tempfile.mkdtemp(prefix="xinfang-backup-e2e-")) / "U盘 台账备份"
    stick.mkdir()
    try:
        run(app, stick)
    finally:
        shutil.rmtree(stick.parent, ignore_errors=True)


def run(app, stick: Path) -> None:
    app.cli("init", "--role", "village", "--name", "石岩哨村")
    add_case(app, "邻户在承包地内葬坟，要求迁出")
    assert total_cases(app) == 1

    app.start()
    set_up_device_if_asked(app)
    app.click("nav-backup")
    assert "还没有选择备份文件夹" in app.text("backup-current-folder")
    assert "备份请放在 U 盘或另一块硬盘" in content(app.find("backup-note"))

    # The folder, typed; then a backup now.
    app.type("backup-folder", str(stick))
    app.click("backup-settings-save")
    app.wait().until(lambda d: str(stick) in app.text("backup-current-folder"),
                     message="the folder was not saved")
    app.click("backup-make")
    made = Path(app.text("backup-made-file"))
    assert made.parent == stick and made.is_file(), made
    assert made.name == "信访台账备份-石岩哨村-20260506-090000.sqlite3", made.name
    rows = app.all("backup-file")
    assert len(rows) == 1
    assert content(rows[0].find_element(By.CSS_SELECTOR, '[data-testid="backup-file-time"]')) == "2026年5月6日 09:00"

    # 检查 says what it holds.
    app.click("backup-check")
    assert "石岩哨村的台账：1 件信访事项" in app.text("backup-info")

    # A second case after the backup.
    add_case(app, "村道硬化占用承包地，要求补偿")
    assert total_cases(app) == 2

    # 恢复: the question says a 恢复前 copy is kept and asks who restores.
    app.click("backup-restore")
    question = visible(app, ".backup-restore-box")
    assert "恢复前" in content(question) and "1 件信访事项" in content(question), content(question)
    actor = question.find_element(By.CSS_SELECTOR, ".el-message-box__input input")
    app.clear(actor)
    actor.send_keys("李某")
    app.scroll_to(question)
    app.click(question.find_element(By.CSS_SELECTOR, ".el-message-box__btns .el-button--primary"))
    safety = Path(app.text("backup-safety-copy"))
    assert "经办人：李某" in content(app.find("backup-restored"))
    app.screenshot("backup-page.png")

    assert total_cases(app) == 1
    assert safety.parent == stick and safety.is_file(), safety
    assert safety.name.startswith("信访台账恢复前-石岩哨村-"), safety.name
    # The copy is the ledger as it was: both cases.
    assert call(app, "backup_verify", {"path": str(safety)})["cases"] == 2
    # The ledger page shows the one case.
    app.click("nav-ledger")
    app.wait().until(lambda d: app.text("ledger-total") == "共 1 件", message="the ledger does not show one case")

    # The next start backs up on its own when the stick holds no backup of this device.
    app.quit()
    made.unlink()
    app.start()
    app.find("nav-backup")
    notice = visible(app, ".el-notification")
    app.wait().until(lambda d: "已自动备份到" in content(notice), message="no automatic backup was said")
    auto = sorted(stick.glob("信访台账备份-石岩哨村-*.sqlite3"))
    assert len(auto) == 1 and str(auto[0]) in content(notice), (auto, content(notice))
    assert not app.all("ledger-damaged")
