"""Signing in (登录) through the real app: the first account set up on a new
ledger (a mismatch and a short passphrase refused, nothing created), the
ledger file on disk unreadable to plain SQLite, then locking with 锁定, a
wrong passphrase refused and the right one back to the same page."""

import sqlite3

import pytest

from conftest import ACCOUNT, PASSPHRASE
from test_ledger import set_up_device_if_asked


def keyring(app):
    return app.db.with_name(app.db.name + ".keys")


def test_first_account_encrypted_file_lock_and_sign_in_again(app):
    app.start(sign_in=False)
    app.find("account-setup-form")
    app.type("account-setup-name", ACCOUNT)
    app.click(app.find("account-setup-role-liaison"))
    app.type("account-setup-passphrase", PASSPHRASE)
    app.type("account-setup-passphrase-again", PASSPHRASE + "x")
    app.click("account-setup-submit")
    assert "两次输入的口令不一样" in app.text("account-setup-error")
    app.type("account-setup-passphrase", "1234567")
    app.type("account-setup-passphrase-again", "1234567")
    app.click("account-setup-submit")
    app.wait().until(lambda d: "至少 8 个字符" in app.text("account-setup-error"))
    assert not keyring(app).exists() and not app.db.exists()
    app.screenshot("sign-in-1-set-up.png")

    app.type("account-setup-passphrase", PASSPHRASE)
    app.type("account-setup-passphrase-again", PASSPHRASE)
    app.click("account-setup-submit")
    set_up_device_if_asked(app)
    assert app.text("account-name") == ACCOUNT
    assert keyring(app).is_file()
    assert app.db.read_bytes()[:16] != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(app.db).execute("SELECT count(*) FROM sqlite_master").fetchone()

    app.click("nav-ledger")
    app.find("ledger-total")
    app.click("lock-button")
    app.find("signin-form")
    app.type("signin-passphrase", "不是这个口令")
    app.click("signin-submit")
    app.wait().until(lambda d: "口令" in app.text("signin-error"))
    app.screenshot("sign-in-2-wrong-passphrase.png")
    app.type("signin-passphrase", PASSPHRASE)
    app.click("signin-submit")
    app.wait().until(lambda d: not app.driver.find_elements("css selector", '[data-testid="signin-view"]'))
    assert "/ledger" in app.driver.current_url
    assert "命令 session_sign_in 被拒绝" in app.log()
