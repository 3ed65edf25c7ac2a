"""Logs never carry answer codes, join codes or tokens: the app's, the dev server's, any."""

from __future__ import annotations

import logging
import urllib.request

import pytest
from helpers import DEFAULT_SET, make_loaded_app
from test_classroom import make_class

from compass.logmask import mask


@pytest.fixture
def loaded(app):
    return make_loaded_app(app, DEFAULT_SET)


@pytest.mark.parametrize(("line", "masked"), [
    ("Exception on /klassrum/q8Zx-_9a/live [GET]", "Exception on /klassrum/***/live [GET]"),
    ('"GET /omgang/trygghet/v1/resultat?p=1&s=ebdae HTTP/1.1" 200',
     '"GET /omgang/trygghet/v1/resultat?p=1&s=*** HTTP/1.1" 200'),
    ("GET /klass/KMP4F3/pastaende/3", "GET /klass/***/pastaende/3"),
    ("POST /klass?kod=KMP4F3", "POST /klass?kod=***"),
    ("GET /granska/abc123/", "GET /granska/***/"),
    ("GET /klassrum/ny and /klassrum/raderat", "GET /klassrum/ny and /klassrum/raderat"),
])
def test_mask(line, masked):
    assert mask(line) == masked


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_crash_in_a_teacher_view_logs_no_token(loaded, app, caplog):
    code, token = make_class(app)
    app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    def boom(token):
        raise RuntimeError(f"failed for /klassrum/{token}/live in /klass/{code}")

    app.view_functions["class_teacher.live"] = boom
    with caplog.at_level(logging.ERROR):
        assert app.test_client().get(f"/klassrum/{token}/live").status_code == 500
    assert "Exception on /klassrum/***/live" in caplog.text
    assert token not in caplog.text and code not in caplog.text
    assert "RuntimeError" in caplog.text  # the traceback is still there, masked


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_development_server_request_log_has_no_answer_codes(loaded, app, live_server,
                                                                caplog):
    code, token = make_class(app)
    answers = "ebdaecdbaecdabecdbeacdbeab"
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        for path in (f"/omgang/trygghet/v1/resultat?s={answers}", f"/klass/{code}",
                     f"/klassrum/{token}/"):
            with urllib.request.urlopen(live_server + path) as response:
                assert response.status in (200, 302)
    requests = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert len(requests) >= 3
    for secret in (answers, code, token):
        assert secret not in caplog.text
    assert any("s=***" in line for line in requests)


def test_other_loggers_with_mapping_arguments_are_masked(caplog):
    with caplog.at_level(logging.INFO, logger="gunicorn.access"):
        logging.getLogger("gunicorn.access").info('%(r)s %(s)s', {
            "r": "GET /klass/ABC123 HTTP/1.1", "s": "200"})
    assert caplog.records[-1].getMessage() == "GET /klass/*** HTTP/1.1 200"
