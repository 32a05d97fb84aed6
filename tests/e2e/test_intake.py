"""Intake (登记) end to end, through the real app on a fixed day:
a repeat visit pointed out while typing and linked to its case; a collective
visit with five representatives (and a sixth refused beside the field); a
draft that survives an app restart; and a resident found on file and linked,
not duplicated."""

import json
import time

from selenium.webdriver.common.by import By

from test_ledger import png_size, set_up_device_if_asked

XINFANG_NOW = "2026-05-06T09:00:00+08:00"
# The app's clock is fixed by XINFANG_NOW, the webview's is not: every visit
# is given a time before the app's "now" explicitly.
RECEIVED_AT = "2026年5月6日 08:30"

ZHANG = {
    "name": "张某某",
    "id_number": "11010519491231002X",
    "phone": "13800138000",
    "village": "石岩哨村",
    "group": "大营头组",
}
REQUEST = "反映承包地被他人占用葬坟，要求处理。"
AGAIN = "再次反映承包地被他人占用葬坟的问题，要求尽快处理。"


def cli_json(app, name: str, args: dict) -> dict:
    return json.loads(app.cli("call", name, "--json", json.dumps(args, ensure_ascii=False)))


def case_count(app) -> int:
    return cli_json(app, "case_list", {})["total"]


def value(app, testid: str) -> str:
    return app.find(testid).get_attribute("value") or ""


def set_received_at(app, text: str = RECEIVED_AT) -> None:
    app.set_picker(app.find("intake-received-at").find_element(By.CSS_SELECTOR, "input"), text)


def open_intake(app) -> None:
    app.click("nav-intake")
    app.find("petitioner-name-0")
    # The draft is loaded before the form is usable.
    app.wait().until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".intake .el-loading-mask"))


def fill_person(app, row: int, p: dict) -> None:
    app.type(f"petitioner-name-{row}", p["name"])
    for key, testid in (("id_number", "id-number"), ("phone", "phone"), ("village", "village"), ("group", "group")):
        if p.get(key):
            app.type(f"petitioner-{testid}-{row}", p[key])


def fill_matter(app, request: str, category: str | None = "土地承包") -> None:
    if category:
        app.choose("intake-category", category)
    app.type("intake-request", request)
    app.type("intake-received-by", "李某")
    set_received_at(app)


def submit_and_open_case(app) -> str:
    app.click("intake-submit")
    app.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="case-number"]'),
                     message="the case page did not open after submitting")
    return app.text("case-number")


def case_id_of(app, number: str) -> str:
    items = [c for c in cli_json(app, "case_list", {"text": number})["items"] if c["number"] == number]
    assert len(items) == 1, items
    return items[0]["id"]


def test_a_repeat_visit_is_pointed_out_and_linked_to_its_case(app):
    app.start()
    set_up_device_if_asked(app)
    open_intake(app)
    fill_person(app, 0, ZHANG)
    fill_matter(app, REQUEST)
    first = submit_and_open_case(app)
    assert case_count(app) == 1

    # A new intake: the same ID number and a reworded request.
    open_intake(app)
    assert not app.all("intake-draft-restored"), "the submitted visit came back as a draft"
    app.type("petitioner-name-0", ZHANG["name"])
    app.type("petitioner-id-number-0", ZHANG["id_number"])
    app.type("intake-request", AGAIN)
    set_received_at(app)
    panel = app.find("similar-panel")
    assert "可能是重复访" in panel.text
    app.wait().until(lambda d: any(first in c.text and "同一信访人" in c.text and "诉求相似" in c.text
                                   for c in app.all("similar-case")),
                     message=f"the panel does not point out {first} as the same person with a similar request")
    cands = app.all("similar-case")
    idx = next(i for i, c in enumerate(cands) if first in c.text)
    text = cands[idx].get_property("textContent")
    assert "张某某" in text and "葬坟" in text and "2026年5月6日" in text, text
    assert "同一信访人" in text and "诉求相似" in text and "办理中" in text, text

    app.driver.execute_script("document.querySelector('main').scrollTop = 0")
    path = app.screenshot("intake.png")
    assert png_size(path) == (1366, 768), png_size(path)

    app.click(f"similar-link-{idx}")
    assert app.text("intake-repeat-of") == f"将登记为 {first} 的重复访"
    # The earlier case's category is taken over; the rest is typed.
    app.wait().until(lambda d: value(app, "intake-category") == "土地承包")
    app.type("intake-received-by", "李某")
    assert submit_and_open_case(app) == first
    app.wait().until(lambda d: "来访记录（2 次）" in app.page_text(), message="the case does not show 2 visits")
    assert "重复来访" in app.page_text()

    assert case_count(app) == 1
    detail = cli_json(app, "case_show", {"id": case_id_of(app, first)})
    assert len(detail["visits"]) == 2
    assert [v["is_repeat"] for v in detail["visits"]] == [False, True]
    assert detail["visits"][1]["request"] == AGAIN
    assert {v["petitioners"][0]["id"] for v in detail["visits"]} == {detail["visits"][0]["petitioners"][0]["id"]}
    # The ledger list in the app agrees.
    app.click("nav-ledger")
    app.type("ledger-search", "")
    app.wait().until(lambda d: len(app.all("ledger-row")) == 1)


def test_b_a_collective_visit_with_five_representatives(app):
    if app.driver is None:
        app.start()
    set_up_device_if_asked(app)
    before = case_count(app)
    open_intake(app)
    app.type("intake-headcount", "32")
    notice = app.find("intake-collective")
    assert "共 32 人来访" in notice.text and "集体访" in notice.text, notice.text
    names = ["赵甲", "钱乙", "孙丙", "李丁", "周戊", "吴己"]
    for i, name in enumerate(names):
        if i:
            app.click("intake-add-petitioner")
        app.type(f"petitioner-name-{i}", name)
        app.click(f"petitioner-representative-{i}")
    app.wait().until(lambda d: "已勾选 6 人" in app.text("intake-collective"))
    fill_matter(app, "反映修路占用各户承包地未给补偿，要求按标准补偿。")

    # Six representatives: the core refuses, beside the petitioners.
    app.click("intake-submit")
    app.wait().until(lambda d: any("代表不超过 5 人" in e.text for e in app.all("field-error")),
                     message="no refusal of the sixth representative beside the field")
    err = next(e for e in app.all("field-error") if "代表不超过 5 人" in e.text)
    assert "现为 6 人" in err.text, err.text
    # Beside the field: directly under the collective-visit notice, above the petitioners.
    assert app.driver.execute_script(
        "return arguments[0].nextElementSibling === arguments[1]", app.find("intake-collective"), err)
    assert case_count(app) == before, "a refused visit reached the ledger"

    # The sixth person stays in the crowd: five representatives are saved.
    app.click("petitioner-remove-5")
    app.wait().until(lambda d: "已勾选 5 人" in app.text("intake-collective"))
    number = submit_and_open_case(app)
    assert case_count(app) == before + 1
    visit = cli_json(app, "case_show", {"id": case_id_of(app, number)})["visits"][0]
    assert visit["headcount"] == 32
    assert [p["name"] for p in visit["petitioners"]] == names[:5]
    assert all(p["representative"] for p in visit["petitioners"])


def test_c_a_draft_survives_an_app_restart(app):
    if app.driver is None:
        app.start()
    set_up_device_if_asked(app)
    open_intake(app)
    assert not app.all("intake-draft-restored")
    app.type("petitioner-name-0", "冯某")
    app.type("petitioner-phone-0", "13912345678")
    app.type("intake-request", "反映组里水渠堵塞，")
    app.click("intake-urgency-pressing")
    time.sleep(1.2)  # the draft is saved 0.4 s after the last change

    app.quit()
    app.start()
    set_up_device_if_asked(app)
    open_intake(app)
    restored = app.find("intake-draft-restored")
    assert "已恢复上次未提交的登记（保存于 2026年5月6日 09:00）" in restored.text, restored.text
    assert value(app, "petitioner-name-0") == "冯某"
    assert value(app, "petitioner-phone-0") == "13912345678"
    assert value(app, "intake-request") == "反映组里水渠堵塞，"
    assert "is-active" in app.find("intake-urgency-pressing").get_attribute("class")
    assert cli_json(app, "draft_load", {"key": "intake"})["value"]["request"] == "反映组里水渠堵塞，"

    # 清空重填 forgets it, in the form and in the ledger.
    app.click("intake-draft-discard")
    app.wait().until(lambda d: value(app, "petitioner-name-0") == "" and value(app, "intake-request") == "")
    assert not app.all("intake-draft-restored")
    app.wait().until(lambda d: cli_json(app, "draft_load", {"key": "intake"})["value"] is None,
                     message="the discarded draft is still in the ledger")


def test_d_a_resident_found_on_file_is_the_same_person(app):
    if app.driver is None:
        app.start()
    set_up_device_if_asked(app)
    first = cli_json(app, "case_list", {"text": "葬坟"})["items"]
    assert len(first) == 1, first
    person_id = cli_json(app, "case_show", {"id": first[0]["id"]})["visits"][0]["petitioners"][0]["id"]

    open_intake(app)
    app.type("petitioner-find-0", "张某")
    option = app.find("person-option")
    assert "张某某" in option.text and "110105********002X" in option.text, option.text
    assert ZHANG["id_number"] not in app.page_text()
    app.click(option)
    picked = app.find("petitioner-picked-0")
    assert "张某某" in picked.text and "110105********002X" in picked.text and "138****8000" in picked.text, picked.text
    assert value(app, "petitioner-name-0") == "张某某"
    assert value(app, "petitioner-group-0") == "大营头组"

    # Unpicking makes the row a new resident again; pick once more.
    app.click("petitioner-unpick-0")
    app.wait().until(lambda d: value(app, "petitioner-name-0") == "")
    app.type("petitioner-find-0", "张某")
    app.click(app.find("person-option"))
    app.find("petitioner-picked-0")

    fill_matter(app, "反映邻居新建房屋挡住采光，要求调解。", category="邻里纠纷")
    number = submit_and_open_case(app)
    assert number != first[0]["number"]
    detail = cli_json(app, "case_show", {"id": case_id_of(app, number)})
    assert detail["visits"][0]["is_repeat"] is False
    assert detail["visits"][0]["petitioners"][0]["id"] == person_id
    people = cli_json(app, "person_find", {"text": "张某某"})
    assert len(people) == 1, people
