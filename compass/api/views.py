"""The JSON API (/api/v1) for news sites and apps."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request, url_for

from ..db import get_session
from ..setview import SetView, get_view, newest_version
from . import openapi
from .service import (
    ApiError,
    dumps,
    is_slug,
    match_data,
    match_fields,
    match_report,
    parse_json,
    parse_match,
    query_version,
    requested_version,
    set_data,
    set_list_data,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Open to every site (no cookies are involved): news sites call these from their own pages.
CORS_RESOURCES = {r"/api/v1/*": {
    "origins": "*", "send_wildcard": True, "methods": ["GET", "POST", "OPTIONS"],
    "allow_headers": ["Content-Type"], "supports_credentials": False, "max_age": 86400}}
SET_MAX_AGE = 300


def _json(data, status: int = 200) -> Response:
    return current_app.response_class(dumps(data), status=status, mimetype="application/json")


def load_set(slug: str, version: int | None = None) -> SetView:
    """Return a published set version or answer 404 JSON that says what is missing."""
    session = get_session()
    # Never query with what cannot be a slug: PostgreSQL refuses e.g. a NUL character.
    view = get_view(session, slug, version) if is_slug(slug) else None
    if view is not None:
        return view
    if version is None or not is_slug(slug) or newest_version(session, slug) is None:
        abort(404, description=f"no published question set '{slug}'")
    abort(404, description=f"question set '{slug}' has no published version {version}")


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of this API."""
    return _json(openapi.document())


@bp.get("/sets")
def sets():
    """The newest published version of every question set."""
    return _json(set_list_data(
        get_session(),
        lambda slug, version: url_for("api.set_detail", slug=slug, version=version,
                                      _external=True)))


@bp.get("/sets/<slug>")
def set_detail(slug: str):
    """A set version with statements, parties, sources and positions (cacheable)."""
    try:
        version = query_version(request.args.get("version"))
    except ApiError as exc:
        abort(400, description=str(exc))
    response = _json(set_data(load_set(slug, version)))
    response.cache_control.public = True
    response.cache_control.max_age = SET_MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


@bp.post("/sets/<slug>/match")
def match(slug: str):
    """Score answers against a set version's parties; scores are unrounded."""
    try:
        body = match_fields(parse_json(request.get_data(cache=False)))
        view = load_set(slug, requested_version(body))
        report = match_report(view, parse_match(body, view))
    except ApiError as exc:
        abort(400, description=str(exc))
    return _json(match_data(view, report))
