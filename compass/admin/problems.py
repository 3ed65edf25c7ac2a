"""Validator problems in the editor's language, located and linked to where they are fixed.

The validator (`compass.questionsets.validate`) is shared with the file format and the CLI; its
problems carry a code that `compass.problemtext` renders in the user's language. This module
places each problem in the draft ("Påstående 3, parti C") and links it to its editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from .. import problemtext
from ..questionsets import Problem, QuestionSetDef, lint

_PATH = re.compile(
    r"^(?P<kind>statements|parties|sources|codings)\[(?P<index>\d+)\](?P<rest>.*)$")
_POSITION = re.compile(r"^\.positions\.(?P<party>[^.]+)")

@dataclass(frozen=True)
class DescribedProblem:
    """A problem with where it is (in words), what is wrong and a link to fix it."""

    where: str
    message: str
    url: str | None
    statement: str | None = None
    party: str | None = None


def describe(problems: list[Problem], qs: QuestionSetDef) -> list[DescribedProblem]:
    """Place each problem in the draft and link it to its editor."""
    return [_describe(p, qs) for p in problems]


def warnings(qs: QuestionSetDef) -> list[DescribedProblem]:
    """Return the coding lints of a draft, placed and linked like its problems."""
    return describe(lint(qs, f"{qs.slug}-v{qs.version}"), qs)


def _describe(problem: Problem, qs: QuestionSetDef) -> DescribedProblem:
    message = problemtext.message(problem)
    version_url = url_for("admin_sets.version", slug=qs.slug, version=qs.version)
    found = _PATH.match(problem.path)
    if not found:
        return DescribedProblem(_("Frågeomgången"), message, version_url)
    kind, index, rest = found["kind"], int(found["index"]), found["rest"]
    args = {"slug": qs.slug, "version": qs.version}
    if kind == "statements" and index < len(qs.statements):
        st = qs.statements[index]
        where = _("Påstående %(n)d (%(key)s)", n=index + 1, key=st.key)
        cell = _POSITION.match(rest)
        if cell:
            party = cell["party"]
            return DescribedProblem(
                _("%(where)s, parti %(party)s", where=where, party=party), message,
                url_for("admin_positions.cell", statement=st.key, party=party, **args),
                statement=st.key, party=party)
        return DescribedProblem(where, message,
                                url_for("admin_statements.edit", key=st.key, **args),
                                statement=st.key)
    if kind == "parties" and index < len(qs.parties):
        party = qs.parties[index]
        return DescribedProblem(_("Parti %(name)s", name=party.short_name), message,
                                url_for("admin_parties.edit", key=party.key, **args))
    if kind == "codings" and index < len(qs.codings):
        return DescribedProblem(
            _("Kodning %(n)d (%(coder)s)", n=index + 1, coder=qs.codings[index].coder), message,
            url_for("admin_codings.agreement_page", **args))
    if kind == "sources" and index < len(qs.sources):
        source = qs.sources[index]
        return DescribedProblem(_("Källa %(title)s", title=source.title), message,
                                url_for("admin_sources.edit", key=source.key, **args))
    return DescribedProblem(_("Frågeomgången"), message, version_url)


def file_problems(problems: list[Problem]) -> list[str]:
    """Format problems of an uploaded file, one line each, in the user's language."""
    return [problemtext.line(p) for p in problems]
