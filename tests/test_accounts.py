"""Accounts: scrypt password hashes, the length rule, the user service and create-admin."""

from __future__ import annotations

import pytest
from test_admin_support import PASSWORD, make_user

from compass import accounts
from compass.db import get_session


def test_password_hash_is_scrypt_and_verifies():
    hashed = accounts.hash_password("tolv tecken!")
    assert hashed.startswith("scrypt:32768:8:1$")
    assert accounts.verify_password(hashed, "tolv tecken!")
    assert not accounts.verify_password(hashed, "tolv tecken?")
    assert not accounts.verify_password(hashed, "")
    # Same password, new salt: hashes differ.
    assert accounts.hash_password("tolv tecken!") != hashed


@pytest.mark.parametrize("password", ["", "elva tecken", "x" * 11, "x" * 1025])
def test_passwords_outside_the_length_rule_are_refused(password):
    with pytest.raises(accounts.AccountError):
        accounts.check_password_rules(password)


def test_twelve_characters_is_enough():
    accounts.check_password_rules("x" * 12)


def test_user_service(app):
    with app.test_request_context():
        session = get_session()
        user = accounts.create_user(session, "  Ann@Example.ORG ", PASSWORD, "editor")
        assert user.email == "ann@example.org"
        assert user.password_hash.startswith("scrypt:")
        with pytest.raises(accounts.AccountError, match="redan"):
            accounts.create_user(session, "ann@example.org", PASSWORD, "admin")
        with pytest.raises(accounts.AccountError):
            accounts.create_user(session, "bob@example.org", PASSWORD, "superuser")
        with pytest.raises(accounts.AccountError):
            accounts.create_user(session, "inte-en-adress", PASSWORD, "editor")
        assert accounts.authenticate(session, "ANN@example.org", PASSWORD).id == user.id
        assert accounts.authenticate(session, "ann@example.org", "fel lösenord här") is None
        assert accounts.authenticate(session, "okand@example.org", PASSWORD) is None
        # The last active admin can be neither demoted nor switched off.
        admin = accounts.create_user(session, "admin@example.org", PASSWORD, "admin")
        with pytest.raises(accounts.AccountError, match="administratör"):
            accounts.update_user(session, admin, "editor", True)
        with pytest.raises(accounts.AccountError):
            accounts.update_user(session, admin, "admin", False)
        accounts.update_user(session, user, "editor", False)
        assert accounts.authenticate(session, "ann@example.org", PASSWORD) is None
        assert accounts.load_user(accounts.session_id(user.id, 2)) is None  # deactivated
        loaded = accounts.load_user(accounts.session_id(admin.id, 1))
        assert (loaded.email, loaded.is_admin) == ("admin@example.org", True)
        assert accounts.load_user("x") is None
        assert accounts.load_user(str(admin.id)) is None  # an id without a session version
        assert accounts.load_user(accounts.session_id(admin.id, 2)) is None


def test_create_admin_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(args=["create-admin", "Chef@Example.org", "--password-stdin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = accounts.find_user(get_session(), "chef@example.org")
        assert user.role == "admin"
        assert accounts.verify_password(user.password_hash, PASSWORD)
    again = runner.invoke(args=["create-admin", "chef@example.org", "--password-stdin"],
                          input=PASSWORD + "\n")
    assert again.exit_code == 1
    assert "redan" in again.output


def test_create_admin_prompts_twice_and_checks_the_length(app, runner):
    mismatch = runner.invoke(args=["create-admin", "a@example.org"],
                             input=f"{PASSWORD}\nannat lösenord!!\n{PASSWORD}\n{PASSWORD}\n")
    assert mismatch.exit_code == 0, mismatch.output
    assert "do not match" in mismatch.output
    short = runner.invoke(args=["create-admin", "b@example.org", "--password-stdin"],
                          input="kort\n")
    assert short.exit_code == 1
    assert "12" in short.output
    make_user(app, "c@example.org")  # the helper's users verify too
    with app.app_context():
        assert accounts.verify_password(
            accounts.find_user(get_session(), "c@example.org").password_hash, PASSWORD)
