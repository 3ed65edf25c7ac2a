"""The JSON API's data side: read and check a match request, turn set views into JSON data.

Functions take plain values (dicts, lists, set views) or a `session`, and return plain data;
the views only fetch the set version and wrap the data in a response. Bad input raises
`ApiError` with an English message that names the offending field or key.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral
from typing import Any

from sqlalchemy.orm import Session

from ..answers import Answer
from ..catalog import SetSummary, published_sets
from ..results import METRICS, MatchReport, compute
from ..setview import PositionView, SetView, get_view

API_WEIGHTS = (0, 0.5, 1, 2)
MAX_VERSION = 2**31 - 1  # the database column is a 32-bit integer
DEFAULT_METRIC = "agreement"
MATCH_FIELDS = ("answers", "weights", "metric", "parties", "version")
SLUG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


class ApiError(ValueError):
    """A request the API cannot answer as asked: the message says why (HTTP 400)."""


@dataclass(frozen=True)
class MatchRequest:
    """A checked match request: one answer per statement, chosen party indices, metric."""

    answers: tuple[Answer, ...]
    chosen: list[int]
    metric: str


# --------------------------------------------------------------------------------------------
# Reading a match request
# --------------------------------------------------------------------------------------------


def _reject_constant(name: str):
    raise ApiError(f"the body is not valid JSON: {name} is not a JSON number")


def parse_json(data: bytes) -> Any:
    """Parse a request body as strict JSON (no NaN or Infinity)."""
    if not data.strip():
        raise ApiError("the body is empty; send a JSON object")
    try:
        return json.loads(data, parse_constant=_reject_constant)
    except ApiError:
        raise
    except UnicodeDecodeError:
        raise ApiError("the body is not valid JSON: it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ApiError(f"the body is not valid JSON: {exc.msg} at line {exc.lineno} "
                       f"column {exc.colno}") from None
    except (ValueError, RecursionError):  # integers too long to read, nesting too deep
        raise ApiError("the body is not valid JSON that the API can read") from None


def _is_int(value: Any) -> bool:
    # JSON true/false arrive as bool, a subclass of int; they are not numbers here.
    return isinstance(value, Integral) and not isinstance(value, bool)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _show(value: Any) -> str:
    text = json.dumps(value, allow_nan=True)
    return text if len(text) <= 40 else text[:37] + "..."


def match_fields(body: Any) -> dict[str, Any]:
    """Check a match body's shape: an object with known fields and an `answers` object."""
    if not isinstance(body, dict):
        raise ApiError(f"the body must be a JSON object, got {_type_name(body)}")
    unknown = [key for key in body if key not in MATCH_FIELDS]
    if unknown:
        raise ApiError(f"unknown field '{unknown[0]}'; expected {', '.join(MATCH_FIELDS)}")
    if "answers" not in body:
        raise ApiError("missing field 'answers' (an object of statement key → answer)")
    for name in ("answers", "weights"):
        if name in body and not isinstance(body[name], dict):
            raise ApiError(f"'{name}' must be an object keyed by statement key, "
                           f"got {_type_name(body[name])}")
    return body


def requested_version(body: dict[str, Any]) -> int | None:
    """Return the `version` a match body asks for (a positive JSON integer), or None."""
    value = body.get("version")
    if value is None:
        return None
    if not _is_int(value) or not 1 <= value <= MAX_VERSION:
        raise ApiError(f"'version' must be an integer from 1 to {MAX_VERSION}, "
                       f"got {_show(value)}")
    return int(value)


def query_version(text: str | None) -> int | None:
    """Return the version named by a `?version=` query argument, or None for the newest."""
    if text is None:
        return None
    # The length check keeps int() away from huge digit strings, which it refuses to read.
    if (not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_VERSION))
            or not 1 <= int(text) <= MAX_VERSION):
        raise ApiError(f"version must be an integer from 1 to {MAX_VERSION}, "
                       f"got {_show(text)}")
    return int(text)


def is_slug(text: str) -> bool:
    """Whether `text` can be a set's slug ([a-z0-9-]); anything else cannot exist."""
    return bool(text) and all(c in SLUG_CHARACTERS for c in text)


def _answer_value(key: str, value: Any, levels: int) -> int | None:
    if value is None:
        return None
    half = (levels - 1) // 2
    if not _is_int(value):
        raise ApiError(f"answer for '{key}' must be an integer from {-half} to {half} or null, "
                       f"got {_show(value)}")
    if not -half <= value <= half:
        raise ApiError(f"answer for '{key}' is off the {levels}-level scale: {_show(value)} is "
                       f"not between {-half} and {half}")
    return int(value)


def _weight(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ApiError(f"weight for '{key}' must be a number (0, 0.5, 1 or 2), "
                       f"got {_type_name(value)}")
    if value < 0:
        raise ApiError(f"weight for '{key}' must not be negative, got {_show(value)}")
    if value not in API_WEIGHTS:
        raise ApiError(f"weight for '{key}' must be 0, 0.5, 1 or 2, got {_show(value)}")
    return float(value)


def _chosen(view: SetView, parties: Any) -> list[int]:
    if parties is None:
        return [p.index for p in view.parties]
    if not isinstance(parties, list):
        raise ApiError(f"'parties' must be an array of party keys, got {_type_name(parties)}")
    if not parties:
        raise ApiError("'parties' is empty; leave it out to compare with every party")
    known = {p.key: p.index for p in view.parties}
    seen: set[str] = set()
    for key in parties:
        if not isinstance(key, str):
            raise ApiError(f"'parties' must hold party keys (strings), got {_show(key)}")
        if key not in known:
            raise ApiError(f"unknown party '{key}'; expected one of {', '.join(known)}")
        if key in seen:
            raise ApiError(f"party '{key}' is listed twice in 'parties'")
        seen.add(key)
    return sorted(known[key] for key in parties)


def parse_match(body: dict[str, Any], view: SetView) -> MatchRequest:
    """Check a match body (already through `match_fields`) against a set version."""
    keys = {st.key for st in view.statements}
    answers, weights = body["answers"], body.get("weights", {})
    for name, given in (("answers", answers), ("weights", weights)):
        unknown = [key for key in given if key not in keys]
        if unknown:
            raise ApiError(f"unknown statement '{unknown[0]}' in '{name}'")
    values = {key: _answer_value(key, value, view.levels) for key, value in answers.items()}
    weight_of = {key: _weight(key, value) for key, value in weights.items()}
    metric = body.get("metric", DEFAULT_METRIC)
    if not isinstance(metric, str) or metric not in METRICS:
        raise ApiError(f"unknown metric {_show(metric)}; expected one of {', '.join(METRICS)}")
    chosen = _chosen(view, body.get("parties"))
    # Statements left out of "answers" count as skipped, like a null answer.
    return MatchRequest(
        answers=tuple(Answer(value=values.get(st.key), weight=weight_of.get(st.key, 1.0),
                             answered=st.key in values) for st in view.statements),
        chosen=chosen, metric=metric)


# --------------------------------------------------------------------------------------------
# Computing and writing JSON data
# --------------------------------------------------------------------------------------------


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def match_report(view: SetView, request: MatchRequest) -> MatchReport:
    """Score a checked match request with the set's scale and missing-position policy."""
    return compute(view, request.answers, request.chosen, request.metric)


def match_data(view: SetView, report: MatchReport) -> dict[str, Any]:
    """The JSON data of a match: ranked results, comparison per statement, robustness."""
    robustness = report.robustness
    return {
        "slug": view.slug,
        "version": view.version,
        "metric": report.metric,
        "answered": report.answered,
        "results": [{"party": r.party.key, "score": _finite(r.score), "coverage": r.coverage,
                     "rank": r.rank, "tied_with": list(r.tied_with)}
                    for r in report.results],
        "comparison": {
            row.statement.key: {
                "answer": row.answer.value,
                "weight": row.answer.weight,
                "positions": {cell.party.key: {"value": cell.position.value,
                                               "agreement": _finite(cell.agreement),
                                               "counted": cell.counted,
                                               "evidence": cell.position.evidence,
                                               "review": cell.position.review_status}
                              for cell in row.cells},
            }
            for row in report.comparison},
        "robustness": None if robustness is None else {
            "verdict": robustness.verdict,
            "top": robustness.top.key if robustness.top else None,
            "top_share": robustness.top_share,
            "runner_up": robustness.runner_up.key if robustness.runner_up else None,
            "runner_up_share": robustness.runner_up_share,
            "top_by_metric": dict(robustness.top_by_metric),
            "resamples": robustness.resamples,
        },
    }


def summary_data(summary: SetSummary, view: SetView, url: str) -> dict[str, Any]:
    """One entry of the set list: the newest published version of a set."""
    return {
        "slug": summary.slug, "version": summary.version, "title": summary.title,
        "title_en": summary.title_en, "municipality": summary.municipality,
        "election": summary.election, "year": summary.year, "levels": view.levels,
        "missing": view.missing, "statements": summary.statements, "parties": summary.parties,
        "url": url,
    }


def set_list_data(session: Session, url_of: Callable[[str, int], str]) -> dict[str, Any]:
    """The newest published version of every set, each with the URL of its JSON."""
    entries = []
    for summary in published_sets(session):
        view = get_view(session, summary.slug, summary.version)
        if view is not None:  # None only if the version was removed meanwhile
            entries.append(summary_data(summary, view, url_of(summary.slug, summary.version)))
    return {"sets": entries}


def set_data(view: SetView) -> dict[str, Any]:
    """A whole set version as JSON data: statements, parties, sources, every position."""
    return {
        "slug": view.slug, "version": view.version, "title": view.title,
        "title_en": view.title_en, "description": view.description,
        "description_en": view.description_en, "municipality": view.municipality,
        "election": view.election, "year": view.year, "levels": view.levels,
        "missing": view.missing, "coded_by": view.coded_by,
        "actors": view.actors, "framing": view.framing, "framing_en": view.framing_en,
        "statements": [{"key": st.key, "text": st.text, "theme": st.theme,
                        "direction": st.direction, "easy_read": st.easy_read,
                        "background": st.background, "text_en": st.text_en,
                        "easy_read_en": st.easy_read_en, "background_en": st.background_en,
                        "theme_en": st.theme_en}
                       for st in view.statements],
        "parties": [{"key": p.key, "name": p.name, "short_name": p.short_name,
                     "colour": p.colour, "sources": list(p.sources), "name_en": p.name_en,
                     "short_name_en": p.short_name_en} for p in view.parties],
        "sources": [{"key": s.key, "title": s.title, "publisher": s.publisher, "year": s.year,
                     "url": s.url, "title_en": s.title_en} for s in view.sources],
        "positions": {
            p.key: {st.key: position_data(st.positions[p.index]) for st in view.statements}
            for p in view.parties},
    }


def position_data(pos: PositionView) -> dict[str, Any]:
    """One position as JSON: value, quote, source, note, evidence kind and the party review.

    The coder's rationale is internal and never leaves the editors' pages.
    """
    review = pos.review
    return {"value": pos.value, "quote": pos.quote, "source": pos.source, "note": pos.note,
            "note_en": pos.note_en, "evidence": pos.evidence, "justification": pos.justification,
            "answered": pos.answered,
            "party_review": {"status": pos.review_status,
                             "comment": review.comment if review else None,
                             "counter_quote": review.counter_quote if review else None,
                             "answer": review.answer if review else None}}


def dumps(data: Any) -> str:
    """Write API data as JSON in the order built; NaN can never slip out."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
