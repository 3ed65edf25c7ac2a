"""The OpenAPI 3.1 document of the JSON API, served at /api/v1/openapi.json."""

from __future__ import annotations

import copy
from typing import Any

from ..questionsets import EVIDENCE_KINDS, REVIEW_STATUSES
from ..results import METRICS
from ..scoring import MISSING_POLICIES
from .service import API_WEIGHTS, MATCH_FIELDS, MAX_VERSION

_NULLABLE_STRING = {"type": ["string", "null"]}
_PARTY_KEY = {"type": "string", "description": "A party key of the set."}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], required: list[str] | None = None,
            description: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "required": list(properties) if required is None else required}
    if description:
        schema["description"] = description
    return schema


def _json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": _json_content(_ref("Error"))}


_SCHEMAS: dict[str, Any] = {
    "Error": _object({"error": {"type": "string", "description": "What was wrong, in English; "
                                "names the offending field or key."}}),
    "SetSummary": _object({
        "slug": {"type": "string"},
        "version": {"type": "integer", "minimum": 1},
        "title": {"type": "string"},
        "title_en": _NULLABLE_STRING,
        "municipality": {"type": "string"},
        "election": _NULLABLE_STRING,
        "year": {"type": "integer"},
        "levels": {"type": "integer", "enum": [3, 5]},
        "missing": {"type": "string", "enum": list(MISSING_POLICIES)},
        "statements": {"type": "integer", "description": "Number of statements."},
        "parties": {"type": "integer", "description": "Number of parties."},
        "url": {"type": "string", "format": "uri",
                "description": "The JSON of this version (GET /api/v1/sets/{slug})."},
    }),
    "SetList": _object({"sets": {"type": "array", "items": _ref("SetSummary")}}),
    "Statement": _object({
        "key": {"type": "string"},
        "text": {"type": "string"},
        "theme": {"type": "string"},
        "direction": {"type": ["string", "null"], "enum": ["more", "less", None],
                      "description": "What agreeing means, where the set says: more or fewer "
                                     "measures; null where it does not."},
        "easy_read": {"type": "string", "description": "Easy-to-read Swedish (lättläst)."},
        "background": {"type": "string"},
        "text_en": _NULLABLE_STRING,
        "easy_read_en": _NULLABLE_STRING,
        "background_en": _NULLABLE_STRING,
        "theme_en": _NULLABLE_STRING,
    }),
    "Party": _object({
        "key": {"type": "string"},
        "name": {"type": "string"},
        "short_name": {"type": "string"},
        "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
        "sources": {"type": "array", "items": {"type": "string"},
                    "description": "Keys of the party's own source documents."},
        "name_en": _NULLABLE_STRING,
        "short_name_en": _NULLABLE_STRING,
    }),
    "Source": _object({
        "key": {"type": "string"},
        "title": {"type": "string"},
        "publisher": {"type": "string"},
        "year": {"type": ["integer", "null"]},
        "url": {"type": ["string", "null"]},
        "title_en": _NULLABLE_STRING,
    }),
    "Position": _object({
        "value": {"type": ["integer", "null"],
                  "description": "On the set's scale; null = no stated position."},
        "quote": _NULLABLE_STRING,
        "source": {"type": ["string", "null"], "description": "Key of the quoted source."},
        "note": _NULLABLE_STRING,
        "note_en": _NULLABLE_STRING,
        "evidence": {"type": ["string", "null"], "enum": [*EVIDENCE_KINDS, None],
                     "description": "What backs the value: proposal (the text proposes the "
                                    "measure), goal (supports the direction, no commitment), "
                                    "description (describes a situation), questionnaire (the "
                                    "party's own answer). A value of ±2 is only coded from a "
                                    "proposal or a questionnaire. null = not recorded."},
        "justification": {"type": ["string", "null"],
                          "description": "A questionnaire answer's justification: the party's "
                                         "own words (evidence questionnaire only)."},
        "answered": {"type": ["string", "null"], "format": "date",
                     "description": "The day the party gave its questionnaire answer."},
        "party_review": _ref("PartyReview"),
    }),
    "PartyReview": _object({
        "status": {"type": "string", "enum": list(REVIEW_STATUSES),
                   "description": "not_asked / pending (asked, no answer yet): not reviewed; "
                                  "confirmed by the party; objected (comment, optional "
                                  "counter_quote); resolved (with the editors' answer)."},
        "comment": {**_NULLABLE_STRING, "description": "The party's objection."},
        "counter_quote": {**_NULLABLE_STRING,
                          "description": "A quote from the party's own source, if given."},
        "answer": {**_NULLABLE_STRING, "description": "The editors' public answer."},
    }, description="What the party said in the review round about this position."),
    "Set": _object({
        "slug": {"type": "string"},
        "version": {"type": "integer", "minimum": 1},
        "title": {"type": "string"},
        "title_en": _NULLABLE_STRING,
        "description": {"type": "string"},
        "description_en": _NULLABLE_STRING,
        "municipality": {"type": "string"},
        "election": _NULLABLE_STRING,
        "year": {"type": "integer"},
        "levels": {"type": "integer", "enum": [3, 5],
                   "description": "5: answers -2 … 2; 3: answers -1 … 1."},
        "missing": {"type": "string", "enum": list(MISSING_POLICIES),
                    "description": "How a missing party position is scored."},
        "coded_by": {"type": "string"},
        "actors": {"type": "string", "enum": ["partier", "aktörer"],
                   "description": "How pages name the ranked actors."},
        "framing": {"type": ["string", "null"],
                    "description": "What the ranked actors are (shown wherever they are "
                                   "ranked); null = no such line."},
        "framing_en": _NULLABLE_STRING,
        "statements": {"type": "array", "items": _ref("Statement")},
        "parties": {"type": "array", "items": _ref("Party")},
        "sources": {"type": "array", "items": _ref("Source")},
        "positions": {
            "type": "object",
            "description": "Party key → statement key → position.",
            "additionalProperties": {"type": "object",
                                     "additionalProperties": _ref("Position")},
        },
    }),
    "MatchRequest": {
        **_object({
            "answers": {
                "type": "object",
                "description": "Statement key → answer on the set's scale; null or left out "
                               "= skipped.",
                "additionalProperties": {"type": ["integer", "null"], "minimum": -2,
                                         "maximum": 2},
            },
            "weights": {
                "type": "object",
                "description": "Statement key → weight (default 1; 0 ignores the statement).",
                "additionalProperties": {"type": "number", "enum": list(API_WEIGHTS)},
            },
            "metric": {"type": "string", "enum": list(METRICS), "default": "agreement"},
            "parties": {"type": "array", "items": _PARTY_KEY, "minItems": 1,
                        "uniqueItems": True,
                        "description": "Parties to compare with; all when left out."},
            "version": {"type": "integer", "minimum": 1, "maximum": MAX_VERSION,
                        "description": "A published version; the newest when left out."},
        }, required=["answers"]),
        "additionalProperties": False,
    },
    "PartyResult": _object({
        "party": _PARTY_KEY,
        "score": {"type": ["number", "null"], "minimum": 0, "maximum": 100,
                  "description": "Unrounded match 0 … 100; null when nothing was counted."},
        "coverage": {"type": "integer", "minimum": 0,
                     "description": "Statements counted for this party."},
        "rank": {"type": ["integer", "null"], "minimum": 1,
                 "description": "Competition rank (1, 1, 3, …); null without a score."},
        "tied_with": {"type": "array", "items": _PARTY_KEY},
    }),
    "ComparisonCell": _object({
        "value": {"type": ["integer", "null"]},
        "agreement": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
        "counted": {"type": "boolean"},
        "evidence": {"type": ["string", "null"], "enum": [*EVIDENCE_KINDS, None],
                     "description": "Kind of evidence behind the position (see Position)."},
        "review": {"type": "string", "enum": list(REVIEW_STATUSES),
                   "description": "The party review status of the position (see PartyReview); "
                                  "not_asked when the party was never asked."},
    }),
    "ComparisonRow": _object({
        "answer": {"type": ["integer", "null"]},
        "weight": {"type": "number", "enum": list(API_WEIGHTS)},
        "positions": {"type": "object", "description": "Party key → cell.",
                      "additionalProperties": _ref("ComparisonCell")},
    }),
    "Robustness": _object({
        "verdict": {"type": "string"},
        "top": {"type": ["string", "null"]},
        "top_share": {"type": "number", "minimum": 0, "maximum": 1},
        "runner_up": {"type": ["string", "null"]},
        "runner_up_share": {"type": "number", "minimum": 0, "maximum": 1},
        "top_by_metric": {"type": "object",
                          "additionalProperties": {"type": ["string", "null"]}},
        "resamples": {"type": "integer", "minimum": 0},
    }),
    "MatchResponse": _object({
        "slug": {"type": "string"},
        "version": {"type": "integer", "minimum": 1},
        "metric": {"type": "string", "enum": list(METRICS)},
        "answered": {"type": "integer", "minimum": 0,
                     "description": "Statements with an answer value."},
        "results": {"type": "array", "items": _ref("PartyResult"),
                    "description": "The chosen parties, best match first."},
        "comparison": {"type": "object", "description": "Statement key → row.",
                       "additionalProperties": _ref("ComparisonRow")},
        "robustness": {"oneOf": [_ref("Robustness"), {"type": "null"}],
                       "description": "null with fewer than 3 answers."},
    }),
}

_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
         "description": "The question set's slug."}
_CORS = "Open to every origin (CORS), without credentials."

_PATHS: dict[str, Any] = {
    "/api/v1/openapi.json": {"get": {
        "operationId": "getOpenApi",
        "summary": "This document.",
        "responses": {"200": {"description": "The OpenAPI document.",
                              "content": _json_content({"type": "object"})}},
    }},
    "/api/v1/sets": {"get": {
        "operationId": "listSets",
        "summary": "The newest published version of every question set.",
        "description": _CORS,
        "responses": {"200": {"description": "The published sets.",
                              "content": _json_content(_ref("SetList"))}},
    }},
    "/api/v1/sets/{slug}": {"get": {
        "operationId": "getSet",
        "summary": "A question-set version: statements, parties, sources and positions.",
        "description": _CORS + " Cacheable for 5 minutes; send If-None-Match for a 304.",
        "parameters": [_SLUG, {
            "name": "version", "in": "query", "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_VERSION},
            "description": "A published version; the newest when left out."}],
        "responses": {
            "200": {"description": "The set version.",
                    "headers": {"ETag": {"schema": {"type": "string"}},
                                "Cache-Control": {"schema": {"type": "string"}}},
                    "content": _json_content(_ref("Set"))},
            "304": {"description": "Not modified (If-None-Match matched the ETag)."},
            "400": _error("The version is not an integer from 1 to 2147483647."),
            "404": _error("No such published set or version."),
        },
    }},
    "/api/v1/sets/{slug}/match": {"post": {
        "operationId": "matchSet",
        "summary": "Match answers against a set's parties.",
        "description": _CORS + " Scores are compass.scoring.match with the set's scale and "
                       "missing-position policy, unrounded. The body is read as JSON whatever "
                       "its Content-Type. Fields: " + ", ".join(MATCH_FIELDS) + ".",
        "parameters": [_SLUG],
        "requestBody": {"required": True, "content": _json_content(_ref("MatchRequest"))},
        "responses": {
            "200": {"description": "The ranking, the comparison and the robustness check.",
                    "content": _json_content(_ref("MatchResponse"))},
            "400": _error("Malformed JSON, a body that is not an object, an unknown field, "
                          "statement, party or metric, a wrong type, an answer off the scale "
                          "or not an integer, a weight not in 0, 0.5, 1, 2, or an empty "
                          "party list."),
            "404": _error("No such published set or version."),
            "413": _error("The body is too large."),
        },
    }},
}


def document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of the API."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Valkompass API",
            "version": "1.0.0",
            "description": "Question sets of Valkompass, a Swedish election compass, and "
                           "matching of a voter's answers against the parties' positions. "
                           "Every position carries a verbatim quote and its source.",
            "license": {"name": "AGPL-3.0-or-later",
                        "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": "/"}],
        "paths": copy.deepcopy(_PATHS),
        "components": {"schemas": copy.deepcopy(_SCHEMAS)},
    }
