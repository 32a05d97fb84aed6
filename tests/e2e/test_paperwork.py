"""The papers the law asks for (issue 24), walked on the real app.

A resident's letter (recorded through the CLI, as the township's letters
come in) is 16 days old: the agenda asks for the 15-day notice. On the case
page the clerk records the 受理告知书 delivered and prints it, and the agenda
item goes. The dispute is mediated: the application (人民调解申请书), the
rights-and-duties notice both parties signed, an investigation record and a
mediation record are typed in their forms, each checked field by field and
printed. The agreement, naming both parties with their full identity, is
signed and printed; the parties' joint application for judicial confirmation
is recorded and printed; the court's confirmation is recorded; and the 卷宗
prints complete.

Each PDF is saved through the print dialog, its text read with pdftotext and
checked (what each check holds is said beside it), and its first page kept as
a PNG in tests/artifacts/paperwork/ (pdftoppm) for a person to look at."""

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS
from test_case_workflows import call, no_toasts, set_date, started, text_of

XINFANG_NOW = "2026-05-06T09:00:00+08:00"
TODAY = "2026-05-06"
PICKED = "2026-05-06"

WANG = {"name": "王玥", "id_number": "53012119680822302X", "phone": "13812345678", "village": "石岩哨村",
        "group": "大营头组", "address": "石岩哨村大营头组12号", "ethnicity": "彝族", "occupation": "农民"}
ZHANG = {"name": "张堃", "id_number": "530121197203153019", "phone": "13987654321", "village": "石岩哨村",
         "group": "小营组", "address": "石岩哨村小营组3号", "ethnicity": "汉族", "occupation": "个体运输"}

OUT = Path(tempfile.mkdtemp(prefix="xinfang-paperwork-"))
PICTURES = ARTIFACTS / "paperwork"


def masked(id_number: str) -> str:
    return id_number[:6] + "*" * 8 + id_number[-4:]


def pdf_text(path: Path) -> str:
    """The PDF's text in the order it was typeset (-raw: a table cell's text
    stays together, not interleaved with the label beside it), every blank
    removed (Chinese is not split by spaces; lines break where the page does)."""
    r = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return "".join(r.stdout.split())


def pages_of(path: Path) -> int:
    r = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return int(re.search(r"Pages:\s+(\d+)", r.stdout).group(1))


def close_print(app) -> None:
    for b in app.driver.find_elements(By.CSS_SELECTOR, ".print-dialog .el-dialog__headerbtn"):
        if b.is_displayed():
            b.click()
    app.wait().until(lambda d: not any(e.is_displayed() for e in app.all("print-save")),
                     message="the print dialog stayed open")


def save_print(app, name: str) -> tuple[Path, str]:
    """Saves the document the open print dialog previews into a folder of its
    own, keeps page 1 as tests/artifacts/paperwork/NAME.png, closes the dialog;
    returns the PDF and its text."""
    app.find("print-page")
    folder = OUT / name
    folder.mkdir()
    app.type("print-actor", "李某")
    app.type("print-folder", str(folder))
    app.click("print-save")
    app.wait().until(lambda d: "已保存" in app.text("print-done"), message=f"{name}: not saved")
    pdfs = list(folder.glob("*.pdf"))
    assert len(pdfs) == 1, pdfs
    PICTURES.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "80", "-png", "-singlefile", str(pdfs[0]),
                        str(PICTURES / name)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert (PICTURES / f"{name}.png").stat().st_size > 10_000, "page 1 drawn"
    close_print(app)
    no_toasts(app)
    return pdfs[0], pdf_text(pdfs[0])


def open_case(app, case_id: str) -> None:
    app.driver.execute_script(f"location.hash = '#/case/{case_id}'")
    app.find("case-number")
    app.wait().until(lambda d: app.all("paper-records"), message="the case papers did not show")


def papers_listed(app) -> list[str]:
    return [text_of(r) for r in app.all("case-paper")]


def accept_items(app, number: str) -> list[str]:
    """The agenda's 受理告知 items of the case, as the 工作台 lists them."""
    # From another page, so the agenda is read afresh (the CLI wrote the letter).
    app.click("nav-ledger")
    app.wait().until(lambda d: not app.all("today-page"), message="still on the agenda")
    app.click("nav-today")
    app.find("today-overdue-count")  # shown once the agenda has loaded
    return [text_of(i) for i in app.all("today-item")
            if number in text_of(i) and "受理告知期限" in text_of(i)]


def check_people(app, *names: str) -> None:
    for n in names:
        app.click(app.find(f"record-person-{n}"))


def submit_record(app, title: str, before: int) -> None:
    """登记并打印: the record is on the case's list and its print preview opens."""
    app.click("record-submit-print")
    app.wait().until(lambda d: len(app.all("case-paper")) == before + 1, message=f"{title} not recorded")
    assert any(title in p for p in papers_listed(app)), papers_listed(app)
    app.find("print-page")


def test_the_papers_of_a_mediated_letter_from_notice_to_case_file(app):
    started(app)
    shutil.rmtree(PICTURES, ignore_errors=True)
    # ---- the letter, 16 days ago, and the neighbour it is about
    added = call(app, "visit_add", {
        "channel": "letter", "received_at": "2026-04-20T10:00:00+08:00", "petitioners": [WANG], "headcount": 1,
        "category": "坟地/丧葬", "request": "来信反映张堃家在我家承包地内葬坟，要求迁走。", "received_by": "李某"})
    case_id, number = added["case_id"], added["case_number"]
    zhang = call(app, "person_add", ZHANG)["id"]
    wang = call(app, "case_show", {"id": case_id})["people"][0]["id"]

    # ---- the 15-day notice: due on the agenda, recorded and printed, then gone
    due = accept_items(app, number)
    assert len(due) == 1 and "应交：书面告知：受理告知书" in due[0], due
    open_case(app, case_id)
    app.click("paper-add-notice")
    set_date(app, "paper-dated-on", PICKED)
    app.click("paper-submit")
    app.wait().until(lambda d: any("信访事项受理告知书" in p for p in papers_listed(app)), message="notice not listed")
    no_toasts(app)
    app.click(app.all("case-paper-print")[0])
    notice, text = save_print(app, "01-受理告知书")
    # The notice names the case and the resident, tells how it is dealt with,
    # and prints the ID number masked (numbers print whole only on binding papers).
    for s in ("信访事项受理告知书", number, "王玥"):
        assert s in text, (s, text)
    assert WANG["id_number"] not in text, "a notice masks the ID number"
    assert accept_items(app, number) == [], "the agenda item goes once the notice is recorded"

    # ---- mediation: the agreement drafted between both parties (the agreement
    # form is the agreement page's), so both are on the case for the records
    draft = call(app, "agreement_draft", {"case_id": case_id, "form": "written", "actor": "李某", "content": {
        "party_ids": [wang, zhang], "facts": "张堃家未经同意在王玥家承包地内安葬亲属，双方发生争议。",
        "responsibilities": "张堃家未经同意占用他人承包地。",
        "terms": ["张堃家一次性补偿王玥家土地款2600元。", "张堃家今后不得再在该地安葬。"],
        "performance": "签订协议之日当场付清。", "copies": 3, "mediators": ["刘䶮"], "recorder": "李某"}})
    agreement_id = draft["agreement"]["id"]
    open_case(app, case_id)
    count = len(app.all("case-paper"))

    # The application: every problem is marked beside its field at once.
    app.click("paper-record-application")
    app.find("record-request")
    app.type("record-actor", "")
    app.click("record-submit")
    app.wait().until(lambda d: len([e for e in d.find_elements(
        By.CSS_SELECTOR, '.record-form [data-testid="field-error"]') if e.is_displayed()]) >= 4,
        message="the form did not mark every field")
    marked = [text_of(e) for e in app.driver.find_elements(By.CSS_SELECTOR, '.record-form [data-testid="field-error"]')]
    assert any("申请人" in m for m in marked) and any("申请事项" in m for m in marked), marked
    assert any("事实和理由" in m for m in marked) and any("经办人" in m for m in marked), marked
    app.screenshot("paperwork-application-checked.png")
    assert len(app.all("case-paper")) == count, "nothing recorded while a field is wrong"
    check_people(app, "王玥")
    app.type("record-request", "请求调解张堃家在本人承包地内葬坟的纠纷，要求迁坟或给予补偿。")
    app.type("record-facts", "2026年4月初，张堃家未经同意在本人承包地内安葬亲属，占地约10平方米。")
    app.type("record-actor", "李某")
    submit_record(app, "人民调解申请书", count)
    _, text = save_print(app, "02-人民调解申请书")
    # The application names the applicant and what is asked, masked.
    for s in ("人民调解申请书", "王玥", "请求调解张堃家", "占地约10平方米"):
        assert s in text, (s, text)
    assert WANG["id_number"] not in text

    app.click("paper-record-rights_notice")
    check_people(app, "王玥", "张堃")
    app.type("record-actor", "李某")
    submit_record(app, "人民调解当事人权利义务告知书", count + 1)
    _, text = save_print(app, "03-权利义务告知书")
    # The notice of rights and duties, signed by both parties.
    for s in ("当事人权利义务告知书", "王玥", "张堃"):
        assert s in text, (s, text)

    app.click("paper-record-investigation")
    app.type("record-place", "王玥家承包地（大营头组东坡）")
    app.type("record-names", "刘䶮、李某")
    app.type("record-interviewee", "张堃")
    app.type("record-record", "问：坟是何时安葬的？答：4月3日。问：是否征得王玥家同意？答：没有。")
    app.type("record-actor", "李某")
    submit_record(app, "调查记录", count + 2)
    _, text = save_print(app, "04-调查记录")
    # Where, by whom, of whom, and the questions and answers.
    for s in ("调查记录", "大营头组东坡", "刘䶮", "张堃", "是否征得王玥家同意"):
        assert s in text, (s, text)

    app.click("paper-record-mediation_record")
    app.type("record-place", "石岩哨村调委会调解室")
    app.type("record-names", "刘䶮")
    check_people(app, "王玥", "张堃")
    app.type("record-record", "王玥：要求迁坟。张堃：迁坟不吉，愿意补偿。调解员释明承包经营权受法律保护。")
    app.type("record-result", "双方同意由张堃家一次性补偿2600元，不再在该地安葬。")
    app.type("record-actor", "李某")
    submit_record(app, "调解记录", count + 3)
    _, text = save_print(app, "05-调解记录")
    # Who mediated whom, what each said, and what was agreed.
    for s in ("调解记录", "石岩哨村调委会调解室", "刘䶮", "王玥：要求迁坟", "补偿2600元"):
        assert s in text, (s, text)

    # ---- the agreement signed on its page, printed with both parties whole
    app.driver.execute_script(f"location.hash = '#/agreement/{agreement_id}'")
    app.type("agreement-actor", "李某")
    app.click("agreement-sign")
    app.wait().until(lambda d: "人调字" in app.text("agreement-number"), message="the agreement was not signed")
    agreement_number = app.text("agreement-number")
    no_toasts(app)
    app.click("agreement-print")
    _, text = save_print(app, "06-人民调解协议书")
    # Both parties identified whole and alike: every ID number and phone in
    # full, ethnicity and occupation, and the amount with its capitals.
    for s in (agreement_number, "当事人一：王玥", "当事人二：张堃", WANG["id_number"], ZHANG["id_number"],
              WANG["phone"], ZHANG["phone"], "彝族", "个体运输", "2600元（大写：贰仟陆佰元整）"):
        assert s in text, (s, text)
    assert "*" not in text, "nothing masked on the agreement"

    # ---- judicial confirmation: applied, printed, decided
    app.find("agreement-confirmation-form")
    app.type("confirmation-court", "石林彝族自治县人民法院")
    set_date(app, "confirmation-date", PICKED)
    app.click("confirmation-submit")
    app.wait().until(lambda d: "石林彝族自治县人民法院" in app.text("agreement-confirmation"),
                     message="the application was not recorded")
    no_toasts(app)
    app.click("agreement-print-confirmation")
    _, text = save_print(app, "07-司法确认申请书")
    # The joint application names the court, the agreement, and both applicants whole.
    for s in ("司法确认申请书", "石林彝族自治县人民法院", agreement_number, WANG["id_number"], ZHANG["id_number"]):
        assert s in text, (s, text)
    set_date(app, "confirmation-date", PICKED)
    app.click("confirmation-submit")
    app.wait().until(lambda d: "裁定日期" in app.text("agreement-confirmation"), message="the decision was not recorded")
    assert "人民法院已确认有效" in app.text("agreement-confirmation")
    shown = call(app, "agreement_show", {"id": agreement_id})["confirmation"]
    assert (shown["applied_on"], shown["decided_on"]) == (TODAY, TODAY), shown

    # ---- the 卷宗, complete, from one button
    open_case(app, case_id)
    app.click("case-print-file")
    case_file, text = save_print(app, "08-卷宗")
    pages = pages_of(case_file)
    # Cover, then the contents (卷宗目录) listing every paper of the case in the
    # Ministry's order, each printed whole after it, and the back cover (卷内备考表);
    # the pages are numbered through the whole file.
    assert text.find("卷宗") < text.find("卷宗目录") < text.find("卷内备考表"), text[:400]
    contents = text[text.find("卷宗目录"):]
    order = ["受理登记表（来信）", "人民调解申请书", "信访事项受理告知书", "当事人权利义务告知书", "调查记录",
             "调解记录", "人民调解协议书（已签订）", "司法确认申请书", "司法确认结果（确认有效）"]
    listed = [contents.find(s) for s in order]
    assert all(p >= 0 for p in listed) and listed == sorted(listed), dict(zip(order, listed))
    assert f"第{pages}页共{pages}页" in text, "the last page is numbered through the file"
    assert pages >= 9, pages
    assert WANG["id_number"] in text, "the agreement inside the file identifies the parties whole"

    (PICTURES / "README.txt").write_text(
        "Page 1 of each PDF the walk printed (test_paperwork.py); the checks on each PDF's text are in the test.\n",
        encoding="utf-8")
    (PICTURES / "pdf-pages.json").write_text(json.dumps({"case_file_pages": pages}), encoding="utf-8")
