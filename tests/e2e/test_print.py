"""Printing from the real app: a signed agreement is previewed page by page
(the typeset A4 pages, the fingerprint in the footer shown beside them),
saved as a PDF into a folder and sent to the printer; each is recorded on
the agreement with that fingerprint, and the PDF on disk says what the
ledger says. The printer is a stand-in for CUPS (`lpstat`, `lp`) that keeps
the file it was given; the two-way commitment prints from the case page."""

import stat
import subprocess
import tempfile
from pathlib import Path

from test_case_workflows import call, no_toasts, screenshot, started, text_of

XINFANG_NOW = "2026-05-06T09:00:00+08:00"
AGREEMENT_NUMBER = "（2026）石岩哨村人调字第1号"

SPOOL = Path(tempfile.mkdtemp(prefix="xinfang-e2e-spool-"))
SAVE_TO = SPOOL / "U盘"


def _script(name: str, body: str) -> str:
    path = SPOOL / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(path)


XINFANG_ENV = {
    "XINFANG_LPSTAT": _script("lpstat", "echo 'printer Office is idle.  enabled since Mon'\n"
                                        "echo 'printer HP_LaserJet_1020 is idle.  enabled since Mon'\n"
                                        "echo 'system default destination: HP_LaserJet_1020'\n"),
    "XINFANG_LP": _script("lp", f'echo "$@" > {SPOOL}/job.args\nfor f; do :; done\ncp "$f" {SPOOL}/job.pdf\n'
                                "echo 'request id is HP_LaserJet_1020-7 (1 file(s))'\n"),
}


def pdf_text(path: Path) -> str:
    r = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return "".join(r.stdout.split())


def signed_agreement(app) -> tuple[str, str]:
    """A burial dispute settled on the spot and its agreement signed, through the CLI."""
    added = call(app, "visit_add", {
        "channel": "visit", "received_at": "2026-05-02T09:30:00+08:00",
        "petitioners": [{"name": "王玥", "village": "石岩哨村", "group": "大营头组"}], "headcount": 1,
        "category": "坟地/丧葬", "request": "反映张堃家在我家承包地内葬坟，要求迁走。", "received_by": "李某"})
    case_id = added["case_id"]
    call(app, "case_transition", {"id": case_id, "transition": {"action": "settle_on_spot"}, "on": "2026-05-03",
                                  "actor": "李某"})
    wang = call(app, "case_show", {"id": case_id})["people"][0]["id"]
    zhang = call(app, "person_add", {"name": "张堃", "village": "石岩哨村"})["id"]
    draft = call(app, "agreement_draft", {"case_id": case_id, "form": "written", "actor": "李某", "content": {
        "party_ids": [wang, zhang], "facts": "张堃家未经同意在王玥家承包地内安葬亲属，双方发生争议。",
        "responsibilities": "张堃家未经同意占用他人承包地。",
        "terms": ["张堃家一次性补偿王玥家土地款2600元。", "张堃家今后不得再在该地安葬。"],
        "performance": "签订协议之日当场付清。", "copies": 3, "mediators": ["刘䶮"], "recorder": "李某"}})
    agreement_id = draft["agreement"]["id"]
    call(app, "agreement_sign", {"id": agreement_id, "signed_on": "2026-05-04", "actor": "李某"})
    return case_id, agreement_id


def test_an_agreement_is_previewed_saved_and_printed_and_each_is_recorded(app):
    started(app)
    case_id, agreement_id = signed_agreement(app)
    fingerprint = call(app, "agreement_show", {"id": agreement_id})["fingerprint"]
    SAVE_TO.mkdir()

    app.driver.execute_script(f"location.hash = '#/agreement/{agreement_id}'")
    app.wait().until(lambda d: app.text("agreement-number") == AGREEMENT_NUMBER)
    assert app.text("agreement-fingerprint") == fingerprint
    assert "本版本还没有打印过" in app.page_text()

    app.click("agreement-print")
    app.wait().until(lambda d: app.all("print-page") and app.all("print-printer"))
    # The preview is the typeset page itself: an A4-shaped image, really drawn.
    size = app.driver.execute_script(
        "const i = document.querySelector('[data-testid=print-page]');"
        "return i.complete ? [i.naturalWidth, i.naturalHeight] : null;")
    assert size and abs(size[1] / size[0] - 297 / 210) < 0.01, size
    assert app.text("print-fingerprint") == fingerprint
    assert app.text("print-page-count") == "共 1 页，A4"
    # The default printer is offered first.
    assert "HP_LaserJet_1020（默认）" in app.page_text()
    app.type("print-actor", "李某")
    no_toasts(app)
    app.screenshot("print-preview.png")

    # 另存为 PDF into the stick's folder.
    app.type("print-folder", str(SAVE_TO))
    # The whole panel fits the 1366×768 window: the buttons are in view without scrolling.
    bottom = app.driver.execute_script(
        "return document.querySelector('[data-testid=print-save]').getBoundingClientRect().bottom")
    assert bottom <= 768, bottom
    app.click("print-save")
    app.wait().until(lambda d: app.all("print-done") and "已保存" in app.text("print-done"))
    saved = SAVE_TO / f"人民调解协议书{AGREEMENT_NUMBER}.pdf"
    assert saved.is_file(), list(SAVE_TO.iterdir())
    text = pdf_text(saved)
    for s in (AGREEMENT_NUMBER, "当事人一：王玥", "当事人二：张堃", "2600元（大写：贰仟陆佰元整）", f"内容指纹{fingerprint}"):
        assert s in text, (s, text)

    # 打印 on the default printer.
    app.click("print-send")
    app.wait().until(lambda d: "任务 HP_LaserJet_1020-7" in (app.all("print-done") and app.text("print-done")))
    assert (SPOOL / "job.args").read_text(encoding="utf-8").startswith("-d HP_LaserJet_1020 -n 1 -t 人民调解协议书")
    assert f"内容指纹{fingerprint}" in pdf_text(SPOOL / "job.pdf")
    # Our copy for the spooler does not linger with residents' details.
    leftovers = Path(tempfile.gettempdir(), "xinfang-print")
    assert not (leftovers.is_dir() and list(leftovers.glob("*.pdf")))

    # Both are on the agreement's print record, as the ledger says.
    app.driver.find_element("css selector", ".print-dialog .el-dialog__headerbtn").click()
    app.wait().until(lambda d: len(app.all("agreement-print-row")) == 2)
    rows = [text_of(r) for r in app.all("agreement-print-row")]
    assert "另存 PDF" in rows[0] and "李某" in rows[0] and fingerprint in rows[0], rows
    assert "打印" in rows[1] and AGREEMENT_NUMBER in rows[1], rows
    prints = call(app, "agreement_show", {"id": agreement_id})["prints"]
    assert [(p["medium"], p["fingerprint"], p["printed_by"]) for p in prints] == [
        ("pdf", fingerprint, "李某"), ("paper", fingerprint, "李某")]
    screenshot(app, "print-record.png")

    # The two-way commitment prints from the case page.
    app.driver.execute_script(f"location.hash = '#/case/{case_id}'")
    app.click("case-print-commitment")
    app.wait().until(lambda d: app.all("print-page"))
    assert not app.all("print-fingerprint"), "only an agreement carries a fingerprint"
    assert "群众信访双向承诺书" in app.page_text()

    # And the reception register of this month from the ledger page.
    app.driver.find_element("css selector", ".print-dialog .el-dialog__headerbtn").click()
    app.driver.execute_script("location.hash = '#/ledger'")
    app.click("ledger-print-register")
    app.wait().until(lambda d: app.all("print-page") and "信访事项受理登记表2026-05-01至2026-05-06" in app.page_text())
