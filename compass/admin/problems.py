"""Validator problems in the editor's language, located and linked to where they are fixed.

The validator (`compass.questionsets.validate`) is shared with the file format and the CLI and
speaks English; this module places each problem in the draft ("Påstående 3, parti C") and
translates the messages it knows. An unknown message is shown as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..questionsets import Problem, QuestionSetDef, lint

_PATH = re.compile(
    r"^(?P<kind>statements|parties|sources|codings)\[(?P<index>\d+)\](?P<rest>.*)$")
_POSITION = re.compile(r"^\.positions\.(?P<party>[^.]+)")

_MESSAGES: list[tuple[re.Pattern[str], object]] = [
    (re.compile(r"^(\d+) characters; at most (\d+)$"),
     _l("%(0)s tecken; högst %(1)s är tillåtet.")),
    (re.compile(r"^a question set needs at least one party$"),
     _l("En frågeomgång behöver minst ett parti.")),
    (re.compile(r"^a question set needs at least one statement$"),
     _l("En frågeomgång behöver minst ett påstående.")),
    (re.compile(r"^'(.*)' must be a colour written #rrggbb$"),
     _l("'%(0)s' måste vara en färg skriven #rrggbb.")),
    (re.compile(r"^'(.*)' has contrast ([\d.]+):1 against white; at least ([\d.]+):1 is needed$"),
     _l("Färgen '%(0)s' har kontrasten %(1)s:1 mot vitt; minst %(2)s:1 behövs.")),
    (re.compile(r"^unknown source '(.*)'$"), _l("Okänd källa '%(0)s'.")),
    (re.compile(r"^unknown party '(.*)'$"), _l("Okänt parti '%(0)s'.")),
    (re.compile(r"^no entry for party '(.*)' \(write null for no stated position\)$"),
     _l("Ingen ruta för partiet '%(0)s' (välj ”ingen uttalad ståndpunkt”).")),
    (re.compile(r"^a quote or source without a value; give the value or drop the quote$"),
     _l("Citat eller källa utan värde: ange ett värde eller ta bort citatet.")),
    (re.compile(r"^(-?\d+) is off the (\d)-level scale \((-?\d+) to (-?\d+)\)$"),
     _l("Värdet %(0)s ligger utanför skalan %(2)s…%(3)s.")),
    (re.compile(r"^a stated position needs a verbatim quote$"),
     _l("En ståndpunkt behöver ett ordagrant citat.")),
    (re.compile(r"^a stated position needs the key of its source document$"),
     _l("En ståndpunkt behöver en källa.")),
    (re.compile(r"^source '(.*)' is not among the sources of party '(.*)'; quote the party's "
                r"own text$"),
     _l("Källan '%(0)s' hör inte till partiet '%(1)s': citera partiets egen text.")),
    (re.compile(r"^quote not found in source '(.*)'$"),
     _l("Citatet finns inte ordagrant i källan '%(0)s'.")),
    (re.compile(r"^duplicate key '(.*)'$"), _l("Nyckeln '%(0)s' finns två gånger.")),
    # Codings (double coding).
    (re.compile(r"^duplicate coder '(.*)'$"), _l("Kodaren '%(0)s' finns två gånger.")),
    (re.compile(r"^unknown statement '(.*)'$"), _l("Okänt påstående '%(0)s'.")),
    (re.compile(r"^no values for statement '(.*)'$"),
     _l("Kodningen saknar värden för påståendet '%(0)s' (tillagt efter kodningen?).")),
    (re.compile(r"^no value for party '(.*)' \(write null for no stated position\)$"),
     _l("Kodningen saknar värde för partiet '%(0)s'.")),
    # Coding lints: warnings (errors only under `valkompass validate --strict`).
    (re.compile(r"^worded with a negation \('(.*)'\); word the statement as a positive "
                r"proposal$"),
     _l("Påståendet är formulerat med en negation (”%(0)s”). Formulera det som ett positivt "
        "förslag.")),
    (re.compile(r"^the same quote already backs the position of '(.*)' on '(.*)'; one quote "
                r"should back one position$"),
     _l("Samma citat används redan för %(0)s på påståendet '%(1)s'. Ett citat bör stödja en "
        "ståndpunkt.")),
    (re.compile(r"^([+-]\d+) but the quote has no proposal marker .*$"),
     _l("%(0)s, men citatet har ingen förslagsmarkör (vill, ska, bör eller en punkt under "
        "”… vill:” eller ”Förslag …:”).")),
    (re.compile(r"^the stated positions differ only in strength \(all on the same side\)$"),
     _l("Ståndpunkterna skiljer sig bara i styrka: alla ligger på samma sida.")),
    (re.compile(r"^LIX (\d+); easy-read text should be at most (\d+)$"),
     _l("Den lättlästa texten har LIX %(0)s; högst %(1)s är lättläst.")),
    (re.compile(r"^every stated actor takes the same position \(([+-]\d+)\); the statement "
                r"tells no one apart$"),
     _l("Alla som har en ståndpunkt tycker samma sak (%(0)s): påståendet skiljer ingen från "
        "någon annan.")),
]


@dataclass(frozen=True)
class DescribedProblem:
    """A problem with where it is (in words), what is wrong and a link to fix it."""

    where: str
    message: str
    url: str | None
    statement: str | None = None
    party: str | None = None


def translate(message: str) -> str:
    """Return the Swedish text of a validator message (unknown messages unchanged)."""
    for pattern, template in _MESSAGES:
        found = pattern.match(message)
        if found:
            values = {str(i): v for i, v in enumerate(found.groups())}
            return str(template) % values
    return message


def describe(problems: list[Problem], qs: QuestionSetDef) -> list[DescribedProblem]:
    """Place each problem in the draft and link it to its editor."""
    return [_describe(p, qs) for p in problems]


def warnings(qs: QuestionSetDef) -> list[DescribedProblem]:
    """Return the coding lints of a draft, placed and linked like its problems."""
    return describe(lint(qs, f"{qs.slug}-v{qs.version}"), qs)


def _describe(problem: Problem, qs: QuestionSetDef) -> DescribedProblem:
    message = translate(problem.message)
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
    """Format problems of an uploaded file: "rad N: path: message" in Swedish."""
    lines = []
    for p in problems:
        where = f"{p.path}: " if p.path else ""
        lines.append(_("rad %(line)d: %(where)s%(message)s", line=p.line, where=where,
                       message=translate(p.message)))
    return lines
