"""End to end, through the real app: set up the device, register a visit in
Chinese, find it by a two-character search, survive a restart, open the case;
and refuse a wrong ID number beside its field without touching the ledger."""

import re
import struct

from selenium.webdriver.common.by import By

PETITIONER = {
    "name": "张某某",
    "id_number": "11010519491231002X",
    "phone": "13800138000",
    "village": "石岩哨村",
    "group": "大营头组",
}
CATEGORY = "土地承包"
REQUEST = "反映承包地被他人占用葬坟，要求处理。"
RECEIVED_BY = "李某"
CASE_NUMBER = re.compile(r"信〔\d{4}〕第\s*\d+\s*号")


def set_up_device_if_asked(app) -> None:
    """The first start shows the setup wizard; later starts go straight in.
    Enrolment with the township, the wizard's last step, is left for later."""
    app.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="setup-name"]')
                     or d.find_elements(By.CSS_SELECTOR, '[data-testid="nav-ledger"]'))
    if app.all("setup-name"):
        # A liaison's account already gave the role: it is asked only when not.
        if any(e.is_displayed() for e in app.all("setup-role-village")):
            app.click("setup-role-village")
        app.type("setup-name", "石岩哨村")
        app.click("setup-submit")
        app.click(app.find("setup-skip"))
    app.find("nav-ledger")


def fill_visit(app, petitioner: dict) -> None:
    app.click("nav-intake")
    app.type("petitioner-name-0", petitioner["name"])
    app.type("petitioner-id-number-0", petitioner["id_number"])
    app.type("petitioner-phone-0", petitioner["phone"])
    app.type("petitioner-village-0", petitioner["village"])
    app.type("petitioner-group-0", petitioner["group"])
    app.choose("intake-category", CATEGORY)
    app.type("intake-request", REQUEST)
    app.type("intake-received-by", RECEIVED_BY)


def png_size(path) -> tuple[int, int]:
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


def row_text(row) -> str:
    """A row's whole text (cells may be cut short on screen with an ellipsis)."""
    return row.get_property("textContent") or ""


def search(app, text: str) -> list:
    """Types `text` into the ledger search; returns the rows once they settle."""
    app.click("nav-ledger")
    app.type("ledger-search", text)
    app.wait().until(lambda d: all(text in row_text(r) for r in app.all("ledger-row")) and app.all("ledger-row"),
                     message=f"no ledger row contains {text!r}")
    return app.all("ledger-row")


def total(app) -> int:
    """The ledger's count of cases, from ledger-total (e.g. “共 3 件”)."""
    t = app.text("ledger-total")
    digits = re.findall(r"\d+", t)
    assert digits, f"ledger-total shows no number: {t!r}"
    return int(digits[0])


def test_register_a_visit_find_it_after_restart_and_open_the_case(app):
    app.start()
    set_up_device_if_asked(app)
    fill_visit(app, PETITIONER)
    app.click("intake-submit")
    # Saved: the app opens the new case, numbered by village and year.
    number = app.text("case-number")
    assert CASE_NUMBER.search(number), f"case number looks wrong: {number!r}"
    assert not app.driver.find_elements(By.CSS_SELECTOR, ".el-form-item__error")

    rows = search(app, "葬坟")
    assert len(rows) == 1, [row_text(r) for r in rows]
    assert "张某某" in row_text(rows[0])

    # Quit and start again on the same database: the case is still there.
    app.quit()
    app.start()
    set_up_device_if_asked(app)
    assert not app.all("setup-name"), "the device setup was asked for again after a restart"
    rows = search(app, "张某")
    assert len(rows) == 1, [row_text(r) for r in rows]
    assert "葬坟" in row_text(rows[0]) or "张某某" in row_text(rows[0])

    assert number in row_text(rows[0]), (number, row_text(rows[0]))
    app.click(rows[0])
    app.wait().until(lambda d: app.text("case-number") == number)
    app.wait().until(lambda d: REQUEST in app.text("case-request"))
    assert "张某某" in app.text("case-petitioners")

    path = app.screenshot("case-page.png")
    assert png_size(path) == (1366, 768), png_size(path)
    assert "被拒绝" not in app.log(), "a command was refused:\n" + app.log()


def test_wrong_id_check_digit_is_refused_beside_the_field(app):
    if app.driver is None:
        app.start()
    set_up_device_if_asked(app)
    app.click("nav-ledger")
    app.type("ledger-search", "")
    before = total(app)

    wrong = dict(PETITIONER, name="王某", id_number="110105194912310021")
    fill_visit(app, wrong)
    app.click("intake-submit")

    id_input = app.find("petitioner-id-number-0")
    item = id_input.find_element(By.XPATH, "./ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' el-form-item ')][1]")
    app.wait().until(lambda d: "请对照身份证重新输入" in " ".join(e.text for e in item.find_elements(By.CSS_SELECTOR, ".el-form-item__error")),
                     message="no 请对照身份证 error beside the ID number field")
    # Also visible on stderr, for whoever reads the log.
    app.wait().until(lambda d: "请对照身份证重新输入" in app.log(), message="the refusal was not logged to stderr")

    app.screenshot("refused-id-number.png")

    app.click("nav-ledger")
    app.type("ledger-search", "")
    app.wait().until(lambda d: total(app) == before)
    app.type("ledger-search", "王某")
    app.wait(5).until(lambda d: not app.all("ledger-row"), message="the refused visit reached the ledger")
