"""Sessions end: logout, a new password, a new role and deactivation invalidate old cookies."""

from __future__ import annotations

from test_admin_support import PASSWORD, editor_client, login, make_user, post


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _with_cookie(app, value: str):
    client = app.test_client()
    client.set_cookie("session", value)
    return client


def test_a_copied_cookie_stops_working_after_logout(app):
    make_user(app, "ann@example.org")
    client = app.test_client()
    assert login(client, "ann@example.org").status_code == 303
    stolen = _cookie(client)
    assert _with_cookie(app, stolen).get("/admin/").status_code == 200
    assert post(client, "/admin/logout").status_code == 302
    assert client.get("/admin/").status_code == 302
    assert _with_cookie(app, stolen).get("/admin/").status_code == 302  # ended for good
    again = app.test_client()
    assert login(again, "ann@example.org").status_code == 303  # a new login works
    assert again.get("/admin/").status_code == 200


def _user_id(app, email):
    import sqlalchemy as sa

    from compass.models import User

    with app.extensions["db_engine"].connect() as conn:
        return conn.execute(sa.select(User.id).where(User.email == email)).scalar_one()


def test_admin_changes_end_the_editors_sessions(app):
    admin = editor_client(app, "admin")
    make_user(app, "ann@example.org")
    ann = _user_id(app, "ann@example.org")
    changes = [
        {"role": "editor", "active": "y", "password": PASSWORD + "x",
         "confirm": PASSWORD + "x"},                               # new password
        {"role": "admin", "active": "y"},                          # new role
        {"role": "admin"},                                         # deactivated
    ]
    password = PASSWORD
    for change in changes:
        editor = app.test_client()
        post(admin, f"/admin/anvandare/{ann}", {"role": "editor", "active": "y"})
        assert login(editor, "ann@example.org", password).status_code == 303
        assert editor.get("/admin/").status_code == 200
        assert post(admin, f"/admin/anvandare/{ann}", change).status_code == 303
        assert editor.get("/admin/").status_code == 302, change
        password = change.get("password", password)


def test_saving_an_unchanged_account_keeps_its_sessions(app):
    admin = editor_client(app, "admin")
    make_user(app, "ann@example.org")
    ann = _user_id(app, "ann@example.org")
    editor = app.test_client()
    assert login(editor, "ann@example.org").status_code == 303
    assert post(admin, f"/admin/anvandare/{ann}", {"role": "editor", "active": "y"}
                ).status_code == 303
    assert editor.get("/admin/").status_code == 200


def test_an_admin_who_changes_their_own_password_stays_signed_in(app):
    admin = editor_client(app, "admin")
    me = _user_id(app, "admin@example.org")
    changed = post(admin, f"/admin/anvandare/{me}", {
        "role": "admin", "active": "y", "password": PASSWORD + "y", "confirm": PASSWORD + "y"})
    assert changed.status_code == 303
    assert admin.get("/admin/").status_code == 200
