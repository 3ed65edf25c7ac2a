"""Input that can never reach a view as an exception: bad bytes, huge integers, big bodies.

- `InputGuard` (WSGI middleware) looks at the raw request before Flask does: a path or query
  string that is not UTF-8 becomes a 400 and a chunked body over `MAX_CONTENT_LENGTH` a 413
  (Werkzeug would silently cut it). It only marks the request and blanks the bad query string,
  so the error page itself renders normally, in the visitor's language.
- The `int` route converter is bounded to `MAX_INT` (PostgreSQL's `integer`): `/v99999999999/`
  is a 404, never an overflow in the database or a 4,300-digit `int()`.
- `BoundedIntegerField` is the `IntegerField` every form uses: at most `MAX_INT`, and a number
  too big for a float is a form error, not an `OverflowError` in `NumberRange`.
"""

from __future__ import annotations

import io

from flask import Flask, Request, abort, current_app, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter
from wtforms import IntegerField

MAX_INT = 2**31 - 1
MAX_DIGITS = len(str(MAX_INT))
REJECTED = "compass.rejected"  # environ key: the status the guard decided on
JSON_BLUEPRINTS = ("api",)  # the only ones that take JSON bodies that are not flat forms


class BoundedIntegerConverter(IntegerConverter):
    """The `int` converter, limited to what an `integer` column holds (larger: 404)."""

    regex = rf"\d{{1,{MAX_DIGITS}}}"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class BoundedIntegerField(IntegerField):
    """An `IntegerField` that only ever holds an int between -MAX_INT and MAX_INT."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", _l("Ange ett heltal."))
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        """Parse the number; more digits than an integer column holds is an error."""
        if valuelist and len(str(valuelist[0]).strip().lstrip("+-")) > MAX_DIGITS:
            self.data = None
            raise ValueError(_l("Talet är för stort."))
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > MAX_INT:
            self.data = None
            raise ValueError(_l("Talet är för stort."))


class Arguments(ImmutableMultiDict):
    """Query and form arguments whose `get` of an absent name is a lookup, not an exception.

    Werkzeug's `get` builds a `BadRequestKeyError` for every name that is not there, and a
    statement page (the quiz's hottest path) asks for half a dozen optional ones.
    """

    def get(self, key, default=None, type=None):  # noqa: A002  (werkzeug's signature)
        return super().get(key, default, type) if key in self else default


class AppRequest(Request):
    """Flask's request with `Arguments` for `args` and `form`."""

    parameter_storage_class = Arguments


def _is_utf8(raw: str) -> bool:
    try:
        raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return False
    return True


class InputGuard:
    """WSGI middleware: mark undecodable URLs (400) and chunked bodies over the limit (413)."""

    def __init__(self, wsgi_app, max_body: int | None):
        self.wsgi_app = wsgi_app
        self.max_body = max_body

    def __call__(self, environ, start_response):
        if not (_is_utf8(environ.get("PATH_INFO", ""))
                and _is_utf8(environ.get("QUERY_STRING", ""))):
            environ[REJECTED] = 400
            environ["QUERY_STRING"] = ""  # so the locale selector and the error page can read it
        elif self._chunked_over_limit(environ):
            environ[REJECTED] = 413
        return self.wsgi_app(environ, start_response)

    def _chunked_over_limit(self, environ) -> bool:
        # A body without Content-Length (chunked) that the server de-chunks for us: read it
        # here, up to one byte over the limit, and hand Flask an ordinary sized body.
        if (self.max_body is None or environ.get("CONTENT_LENGTH")
                or not environ.get("wsgi.input_terminated")):
            return False
        stream, body = environ["wsgi.input"], bytearray()
        while len(body) <= self.max_body:  # a de-chunking stream may return one chunk a read
            piece = stream.read(self.max_body + 1 - len(body))
            if not piece:
                break
            body += piece
        environ["wsgi.input"] = io.BytesIO(bytes(body[: self.max_body]))
        environ["CONTENT_LENGTH"] = str(min(len(body), self.max_body))
        environ.pop("wsgi.input_terminated", None)
        environ.pop("HTTP_TRANSFER_ENCODING", None)  # de-chunked: Werkzeug reads the length
        return len(body) > self.max_body


def _flat(value) -> bool:
    scalar = (str, int, float, bool, type(None))
    return isinstance(value, dict) and all(
        isinstance(v, scalar) or (isinstance(v, list) and all(isinstance(i, scalar) for i in v))
        for v in value.values())


def _reject_marked_requests() -> None:
    status = request.environ.get(REJECTED)
    if status == 400:
        abort(400, _("Adressen innehåller tecken som inte kunde läsas. Kontrollera länken."))
    if status:
        abort(status)
    # Flask-WTF reads a JSON body as form data; only a flat object can be that.
    if (request.is_json and request.blueprint not in JSON_BLUEPRINTS
            and request.method not in ("GET", "HEAD", "OPTIONS")
            and not _flat(request.get_json())):
        abort(400)


def format_size(size: int) -> str:
    """Return a size in bytes for people, in the user's locale: "2 MB", "4,3 MB", "120 kB"."""
    if size < 1024 * 1024:
        return f"{format_decimal(max(1, round(size / 1024)), format='#,##0')}\u00a0kB"
    return f"{format_decimal(size / (1024 * 1024), format='#,##0.#')}\u00a0MB"


def body_limit() -> str:
    """Return the size limit of a request body (and so of an upload) for people, e.g. "3 MB"."""
    return format_size(current_app.config["MAX_CONTENT_LENGTH"])


def body_limit_hint() -> str:
    """The sentence forms with long texts or uploads show under the field."""
    return _("Högst %(size)s för hela formuläret, filen inräknad.", size=body_limit())


def init_app(app: Flask) -> None:
    """Bound the `int` converter, guard the raw request, read arguments without exceptions
    and name the body limit to templates."""
    app.jinja_env.globals.update(body_limit=body_limit, body_limit_hint=body_limit_hint)
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.request_class = AppRequest
    app.wsgi_app = InputGuard(app.wsgi_app, app.config["MAX_CONTENT_LENGTH"])  # type: ignore[method-assign]
    # First of all before-request hooks: before CSRF checks, logins or rate limits read it.
    app.before_request_funcs.setdefault(None, []).insert(0, _reject_marked_requests)
