"""Who may do what under /admin: login, logout, roles, CSRF and the login rate limit."""

from __future__ import annotations

import re

from test_admin_support import (
    PASSWORD,
    csrf,
    editor_client,
    load_exempel,
    login,
    make_user,
    post,
    token_from,
)

ADMIN_ONLY = ("admin_users.",)
DUMMY = {"slug": "exempel", "version": 1, "key": "x", "statement": "x", "party": "x",
         "line": 1, "user_id": 1, "link_id": 1, "order": 0, "entry_id": 1}


def _admin_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/admin") and rule.endpoint != "admin_auth.login":
            url = rule.rule
            for name in rule.arguments:
                url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(DUMMY[name]), url)
            yield rule, url


def test_every_admin_url_sends_anonymous_users_to_the_login_page(app):
    client = app.test_client()
    token = csrf(client)  # anonymous, but with a valid form token: the check is the login
    walked = 0
    for rule, url in _admin_rules(app):
        for method in sorted(rule.methods & {"GET", "POST"}):
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data={"csrf_token": token})
            assert response.status_code == 302, (method, url, response.status_code)
            assert response.headers["Location"].startswith("/admin/login"), url
            walked += 1
    assert walked > 40


def test_editors_get_403_on_user_management_and_in_everywhere_else(app):
    load_exempel(app)
    client = editor_client(app)
    token = token_from(client.get("/admin/").get_data(as_text=True))
    admin_only = 0
    for rule, url in _admin_rules(app):
        if not rule.endpoint.startswith(ADMIN_ONLY):
            continue
        assert client.get(url).status_code == 403, url
        if "POST" in rule.methods:
            assert client.post(url, data={"csrf_token": token}).status_code == 403, url
        admin_only += 1
    assert admin_only >= 2
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/exempel/v1/matris").status_code == 200
    assert "Konton" not in client.get("/admin/").get_data(as_text=True)


def test_admin_pages_are_never_cached(app):
    client = editor_client(app)
    assert client.get("/admin/").headers["Cache-Control"] == "no-store"


def test_login_logout_and_the_generic_error(app):
    make_user(app, "ann@example.org")
    make_user(app, "avstangd@example.org", active=False)
    client = app.test_client()
    page = client.get("/admin/login")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'autocomplete="current-password"' in html
    for email, password in (("ann@example.org", "fel lösenord igen"),
                            ("okand@example.org", PASSWORD),
                            ("avstangd@example.org", PASSWORD)):
        wrong = login(client, email, password)
        assert wrong.status_code == 401
        assert "Fel e-post eller lösenord." in wrong.get_data(as_text=True)
    ok = login(client, "Ann@Example.org")
    assert ok.status_code == 303 and ok.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert post(client, "/admin/logout").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_login_follows_only_local_next_links(app):
    make_user(app, "ann@example.org")
    client = app.test_client()
    token = csrf(client)
    evil = client.post("/admin/login?next=https://evil.example/", data={
        "csrf_token": token, "email": "ann@example.org", "password": PASSWORD})
    assert evil.headers["Location"] == "/admin/"
    client = app.test_client()
    token = csrf(client)
    local = client.post("/admin/login?next=/admin/anvandare", data={
        "csrf_token": token, "email": "ann@example.org", "password": PASSWORD})
    assert local.headers["Location"] == "/admin/anvandare"


def test_post_without_csrf_token_is_400(app):
    make_user(app, "ann@example.org")
    client = app.test_client()
    response = client.post("/admin/login", data={"email": "ann@example.org",
                                                 "password": PASSWORD})
    assert response.status_code == 400
    signed_in = editor_client(app, "admin")
    assert signed_in.post("/admin/ny", data={"slug": "ny-omgang"}).status_code == 400
    assert signed_in.post("/admin/logout").status_code == 400
    assert signed_in.get("/admin/").status_code == 200  # still signed in


def test_login_is_rate_limited_per_address(app):
    client = app.test_client()
    token = csrf(client)
    codes = [client.post("/admin/login", data={"csrf_token": token, "email": "x@example.org",
                                                "password": "fel lösenord igen"}).status_code
             for _ in range(6)]
    assert codes == [401] * 5 + [429]
    assert client.get("/admin/login").status_code == 200  # only POSTs count


BAD_USERS = [
    ({"email": "ny@example.org", "role": "editor", "password": "kort", "confirm": "kort"},
     "Lösenordet måste ha 12–1024 tecken."),
    ({"email": "ny@example.org", "role": "editor", "password": PASSWORD, "confirm": "annat"},
     "Lösenorden är inte lika."),
    ({"email": "inte en adress", "role": "editor", "password": PASSWORD,
      "confirm": PASSWORD}, "Ange en giltig e-postadress."),
    ({"email": "ny@example.org", "role": "kung", "password": PASSWORD, "confirm": PASSWORD},
     "Inte ett giltigt val"),
]


def test_user_management_refuses_bad_input(app):
    client = editor_client(app, "admin")
    for data, message in BAD_USERS:
        response = post(client, "/admin/anvandare", data)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True), message
    assert "ny@example.org" not in client.get("/admin/anvandare").get_data(as_text=True)


def test_admin_creates_edits_and_switches_off_an_editor(app):
    client = editor_client(app, "admin")
    created = post(client, "/admin/anvandare", {"email": "Ny@Example.org", "role": "editor",
                                                 "password": PASSWORD, "confirm": PASSWORD})
    assert created.status_code == 303
    html = client.get("/admin/anvandare").get_data(as_text=True)
    user_id = re.search(r'href="/admin/anvandare/(\d+)">ny@example.org', html).group(1)
    assert post(client, f"/admin/anvandare/{user_id}", {"role": "editor"}).status_code == 303
    refused = login(app.test_client(), "ny@example.org")
    assert refused.status_code == 401  # switched off: active unchecked
    me = re.search(r'href="/admin/anvandare/(\d+)">admin@example.org', html).group(1)
    last = post(client, f"/admin/anvandare/{me}", {"role": "editor", "active": "y"})
    assert last.status_code == 400
    assert "minst en aktiv administratör" in last.get_data(as_text=True)
    assert client.get("/admin/anvandare/999999").status_code == 404


def test_the_limiters_idle_hook_is_off_and_the_decorated_limits_still_count(app):
    """No default, application or blueprint limits: the before-request check is dropped
    (it cost every request), and the login limit, a decorator, still counts."""
    from compass.extensions import limiter

    assert limiter._check_request_limit not in app.before_request_funcs.get(None, [])
    test_login_is_rate_limited_per_address(app)


def test_a_configured_default_limit_keeps_the_limiters_hook(database_url):
    """Whoever configures a default limit gets it enforced, on every page it covers."""
    from compass import create_app
    from compass.extensions import limiter

    try:
        limited = create_app({"TESTING": True, "DATABASE_URL": database_url,
                              "SECRET_KEY": "test-secret-key", "RATELIMIT_DEFAULT": "2/minute"})
        assert limiter._check_request_limit in limited.before_request_funcs[None]
        client = limited.test_client()
        assert [client.get("/admin/login").status_code for _ in range(3)] == [200, 200, 429]
    finally:  # the limiter is one object for every app of this process
        limiter.limit_manager.set_default_limits([])
        limited.extensions["db_engine"].dispose()
