"""Never lose what an editor typed: a form that could not be saved comes back filled.

Three things stop a save before any view can keep the input: the login or the form's CSRF
token has expired, the version was published meanwhile, or the body is over the request
limit. In each case the posted fields (never passwords, never files) are stored server-side
(`KeptForm`), the browser's session remembers the token, and the next GET of the same form
page (after logging in again, or in a new draft) shows them in the form again with a note
saying why nothing was saved. The editor then saves once more, explicitly: nothing is ever
replayed.

The restore needs no code in the views: just before a page renders, the kept values are put
into the admin forms of its context, after the view has filled them from the database.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from urllib.parse import urlsplit

from flask import (
    Flask,
    before_render_template,
    current_app,
    flash,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from flask_wtf.file import FileField
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from wtforms import BooleanField, PasswordField, SelectMultipleField, ValidationError

from .. import errors
from ..db import get_session
from ..inputs import REJECTED, format_size
from ..models import KeptForm
from ..questionsets import limits
from .forms import AdminForm

KEPT = "kept_forms"  # session key: the tokens of this browser's kept forms, newest last
MAX_KEPT = 5  # per browser: one form per open tab is plenty
KEEP_FOR = dt.timedelta(hours=24)
LOGIN_ENDPOINT = "admin_auth.login"
_SECRET = re.compile(r"password|confirm|csrf_token")
# Fields that name one row of one version: a form moved to a draft takes the draft's own.
# (`base` is the signed base of the field-level merge, when the edit forms carry one.)
_PER_ROW = ("row_version", "base")
_IN_VERSION = re.compile(r"^/admin/(?P<slug>[a-z0-9-]+)/v(?P<version>\d+)/(?P<rest>.*)$")


def _form_page() -> bool:
    # A POST to a page that also answers GET is a form the editor filled in; POST-only
    # routes are buttons (publish, move, delete) with nothing typed to keep. Only a form sent
    # from one of our own pages is kept: another site must not plant text in an editor's form.
    rule = request.url_rule
    sender = request.headers.get("Origin") or request.referrer or ""
    return (request.method == "POST" and rule is not None and "GET" in (rule.methods or ())
            and urlsplit(sender).netloc == request.host)


def _user_id() -> int | None:
    return int(current_user.id) if current_user.is_authenticated else None


def stash(reason: str, form: MultiDict | None = None, **details) -> bool:
    """Keep the posted fields of this form page for its GET; False if nothing was typed."""
    if not _form_page():
        return False
    posted = request.form if form is None else form
    fields = [(k, v) for k, v in posted.items(multi=True) if not _SECRET.search(k)]
    if not fields:
        return False
    secrets_left_out = any(_SECRET.search(k) and k != "csrf_token" and v
                           for k, v in posted.items(multi=True))
    files_left_out = any(getattr(f, "filename", "") for f in request.files.values())
    database = get_session()
    database.rollback()
    now = dt.datetime.now(dt.UTC)
    database.execute(delete(KeptForm).where(KeptForm.created_at < now - KEEP_FOR))
    # One kept form per page (a newer one replaces it); other tabs' forms wait beside it.
    known = _tokens()
    same_page = _tokens_for(request.path)
    tokens = [t for t in known if t not in same_page][-(MAX_KEPT - 1):]
    if set(known) - set(tokens):
        database.execute(delete(KeptForm).where(KeptForm.token.in_(set(known) - set(tokens))))
    token = secrets.token_urlsafe(32)
    database.add(KeptForm(token=token, user_id=_user_id(), path=request.path, created_at=now,
                          data=json.dumps({"fields": fields, "reason": reason,
                                           "passwords": secrets_left_out,
                                           "files": files_left_out, **details},
                                          ensure_ascii=False)))
    database.commit()
    session[KEPT] = [*tokens, token]
    return True


def _tokens() -> list[str]:
    tokens = session.get(KEPT)
    return [t for t in tokens if isinstance(t, str)] if isinstance(tokens, list) else []


def _tokens_for(path: str) -> set[str]:
    tokens = _tokens()
    if not tokens:
        return set()
    return set(get_session().scalars(select(KeptForm.token).where(
        KeptForm.token.in_(tokens), KeptForm.path == path)))


def waiting(path: str | None = None, token: str | None = None) -> KeptForm | None:
    """Return this browser's newest kept form for `path` (or with `token`) that the signed-in
    user may see, or None."""
    tokens = _tokens()
    if token is not None:
        tokens = [token] if token in tokens else []
    if not tokens:
        return None
    query = select(KeptForm).where(KeptForm.token.in_(tokens))
    if path is not None:
        query = query.where(KeptForm.path == path)
    user = _user_id()
    rows = [r for r in get_session().scalars(query.order_by(KeptForm.id.desc()))
            if r.user_id is None or r.user_id == user]
    return rows[0] if rows else None


def any_waiting() -> bool:
    """Whether this browser has kept forms (the login page says they come back)."""
    return bool(_tokens())


def details(row: KeptForm) -> dict:
    """Return the kept form's data: fields, reason and what was left out."""
    return json.loads(row.data)


def carry_over(tokens) -> None:
    """Keep the kept forms' tokens in a session that was just renewed (after signing in)."""
    if tokens:
        session[KEPT] = tokens


def rebase(row: KeptForm, version: int, draft: int, fresh: bool) -> None:
    """Move a form kept on a published version to the same page of draft `draft`."""
    found = _IN_VERSION.match(row.path)
    assert found is not None  # callers check `version_of` first
    data = details(row)
    # The draft's rows have their own ids and row versions: the page fills them in.
    data["fields"] = [(k, v) for k, v in data["fields"] if k not in _PER_ROW]
    data.update(reason="published", published=version, draft=draft, fresh=fresh)
    row.path = f"/admin/{found['slug']}/v{draft}/{found['rest']}"
    row.data = json.dumps(data, ensure_ascii=False)
    row.user_id = _user_id()


def version_of(row: KeptForm) -> tuple[str, int] | None:
    """Return the set and version a kept form's page belongs to, or None."""
    found = _IN_VERSION.match(row.path)
    return (found["slug"], int(found["version"])) if found else None


def _notice(data: dict) -> str:
    reason = data["reason"]
    again = _("Det du skrev är ifyllt igen: kontrollera det och spara.")
    if reason == "login":
        text = _("Du hade blivit utloggad, så ingenting sparades.")
    elif reason == "published" and data.get("fresh"):
        text = _("Version %(old)d publicerades medan du skrev, så ingenting sparades där. "
                 "Utkastet version %(new)d är skapat från den.",
                 old=data["published"], new=data["draft"])
    elif reason == "published":
        text = _("Version %(old)d publicerades medan du skrev, så ingenting sparades där. "
                 "Utkastet version %(new)d fanns redan och kan ha ändrats sedan version "
                 "%(old)d: jämför versionerna innan du sparar.",
                 old=data["published"], new=data["draft"])
    elif reason == "concurrent":
        text = _("Någon annan sparade samma sak i samma ögonblick, så ingenting sparades.")
    elif reason == "too_large" and data.get("files"):
        text = _("Formuläret var %(size)s med filen, mer än de %(limit)s som kan tas emot, så "
                 "ingenting sparades. Spara dokumentet som text (.txt) eller dela upp det, och "
                 "välj filen igen; eller klistra in texten (högst %(text)s).",
                 size=format_size(data["size"]),
                 limit=format_size(current_app.config["MAX_CONTENT_LENGTH"]),
                 text=format_size(limits.SOURCE_TEXT))
        data = {**data, "files": False}  # said already
    elif reason == "too_large":
        text = _("Formuläret var %(size)s, mer än de %(limit)s som kan tas emot, så ingenting "
                 "sparades. En källtext får vara högst %(text)s: korta texten, dela upp den i "
                 "flera källdokument eller ladda upp dokumentet som fil.",
                 size=format_size(data["size"]),
                 limit=format_size(current_app.config["MAX_CONTENT_LENGTH"]),
                 text=format_size(limits.SOURCE_TEXT))
    else:
        text = _("Formuläret hade gått ut (sidan var öppen länge, eller du loggade ut och in "
                 "i en annan flik), så ingenting sparades.")
    parts = [text, again]
    if data.get("passwords"):
        parts.append(_("Lösenord fylls aldrig i igen: skriv dem på nytt."))
    if data.get("files"):
        parts.append(_("En vald fil kan inte fyllas i igen: välj den på nytt."))
    return " ".join(parts)


def _fill(form: AdminForm, posted: MultiDict, data: dict) -> None:
    for field in form:
        if (field.name == "csrf_token" or isinstance(field, (FileField, PasswordField))
                or (field.name in _PER_ROW and data["reason"] == "published")):
            continue
        if field.name in posted or isinstance(field, (BooleanField, SelectMultipleField)):
            # A checkbox that was not ticked is not posted at all: absent means unticked.
            field.process(posted)


def _restore(_app: Flask, template, context: dict, **_extra) -> None:
    """Put a kept form's values into the page's admin forms (before it renders)."""
    # Only admin pages: a public page must not touch the session (it would vary by cookie).
    if (request.method != "GET" or not (request.blueprint or "").startswith("admin_")
            or KEPT not in session):
        return
    forms = [v for v in context.values() if isinstance(v, AdminForm)]
    if not forms:
        return
    row = waiting(request.path)
    if row is None:
        return
    data = details(row)
    posted = MultiDict(data["fields"])
    matching = [f for f in forms if any(field.name in posted for field in f
                                        if field.name != "csrf_token")]
    if not matching:
        return
    for form in matching:
        _fill(form, posted, data)
    flash(_notice(data), "warning")
    database = get_session()
    database.delete(row)
    database.commit()
    session[KEPT] = [t for t in _tokens() if t != row.token]


def on_csrf_error(exc: Exception):
    """A form whose token expired: keep it and show it again (after signing in, if needed)."""
    signed_in = current_user.is_authenticated
    if not stash("csrf" if signed_in else "login"):
        return errors.handle_csrf_error(exc)
    if signed_in:
        return redirect(request.path, 303)
    return to_login()


def to_login():
    """Send a visitor whose login ended to the login page, and back to the kept form after."""
    flash(_("Du hade blivit utloggad. Det du skrev är sparat: logga in igen, så kommer du "
            "tillbaka till formuläret med allt ifyllt."), "warning")
    return redirect(url_for(LOGIN_ENDPOINT, next=request.path), 303)


def on_too_large(exc: HTTPException):
    """A form over the body limit: read it anyway (up to KEEP_MAX_BODY) and show it again."""
    keep_max = current_app.config["KEEP_MAX_BODY"]
    size = request.content_length
    if (request.environ.get(REJECTED) or not _form_page() or size is None or size > keep_max
            or not current_user.is_authenticated):
        return errors.handle_http_error(exc)
    request.max_content_length = keep_max
    request.max_form_memory_size = keep_max
    try:
        posted = request.form
        validate_csrf(posted.get("csrf_token"))
    except (RequestEntityTooLarge, ValidationError):
        return errors.handle_http_error(exc)
    if not stash("too_large", posted, size=size):
        return errors.handle_http_error(exc)
    return redirect(request.path, 303)


def init_app(app: Flask) -> None:
    """Restore kept forms into the admin pages as they render."""
    before_render_template.connect(_restore, app)
