"""Looking at versions: differences between two, the audit log, a quiz preview of a draft
and the balance audit."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from .. import balance, catalog, labels, results, versions
from ..answers import Answer
from ..db import get_session
from ..questionsets import scale_values
from . import access, balance_page, diffpage, logpage
from .forms import ButtonForm

bp = access.protect(Blueprint("admin_versions", __name__, url_prefix="/admin"))


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    if raw == "":
        return None
    if not raw.isdigit() or len(raw) > 6:
        abort(400, _("Ogiltigt versionsnummer."))
    return int(raw)


@bp.get("/<slug>/jamfor")
def diff(slug: str):
    """What changed between two versions (default: the newest and the one before)."""
    session = get_session()
    found = versions.list_versions(session, slug)
    if not found:
        abort(404)
    numbers = [v.version for v in found]
    new = _int_arg("till") or numbers[0]
    old = _int_arg("fran") or next((n for n in numbers if n < new), new)
    if old not in numbers or new not in numbers:
        abort(404)
    rows = {n: catalog.get_set(session, slug, n, published_only=False) for n in (old, new)}
    definitions = {n: catalog.to_definition(rows[n]) for n in (old, new)}
    changes = versions.diff(definitions[old], definitions[new])
    draft = next((v.version for v in found if v.status == "draft"), None)
    problems = None
    if draft is not None:
        draft_row = rows.get(draft) or catalog.get_set(session, slug, draft, published_only=False)
        problems = len(versions.problems(draft_row))
    return render_template("admin/diff.html", slug=slug, versions=found, diff=changes,
                           old=old, new=new, names=diffpage.names(definitions[old],
                                                                  definitions[new]),
                           draft=draft, problems=problems, form=ButtonForm())


@bp.get("/<slug>/logg")
def log(slug: str):
    """The set's audit log, newest first."""
    session = get_session()
    if not versions.list_versions(session, slug):
        abort(404)
    page = _int_arg("sida") or 1
    entries, more = logpage.page(session, slug, page)
    return render_template("admin/log.html", slug=slug, entries=entries, page=page, more=more)


def _preview_answers(view) -> tuple[Answer, ...]:
    allowed = {str(v) for v in scale_values(view.levels)}
    answers = []
    for st in view.statements:
        raw = request.args.get(f"s{st.index}", "")
        if raw == "":
            answers.append(Answer())
        elif raw == "hoppa":
            answers.append(Answer(value=None, answered=True))
        elif raw in allowed:
            answers.append(Answer(value=int(raw), answered=True))
        else:
            abort(400, _("Svaret på påstående %(n)d kunde inte läsas.", n=st.index + 1))
    return tuple(answers)


@bp.get("/<slug>/v<int:version>/forhandsvisning")
def preview(slug: str, version: int):
    """The quiz as a voter would take it, for any version, with the result for the answers
    given in the URL (computed exactly as the voter's result page computes it)."""
    view = access.load_view(slug, version)
    answers = _preview_answers(view)
    report, off_scale = None, False
    if any(a.answered for a in answers) and view.parties:
        try:
            report = results.compute(view, answers, list(range(len(view.parties))),
                                     with_extras=False)
        except ValueError:  # a position off the set's scale: the validator lists it
            off_scale = True
    choices = [(str(v), labels.answer_label(v, view.levels)) for v in scale_values(view.levels)]
    chosen = {st.index: request.args.get(f"s{st.index}", "") for st in view.statements}
    return render_template("admin/preview.html", view=view, report=report, choices=choices,
                           chosen=chosen, off_scale=off_scale, active="preview")


@bp.get("/<slug>/v<int:version>/balans")
def balance_audit(slug: str, version: int):
    """Themes, directions, coverage, maximum reachable scores, weak statements, twins."""
    view = access.load_view(slug, version)
    return render_template("admin/balance.html", view=view, page=balance_page.build(view),
                           similar_at=balance.SIMILAR_AT, min_common=balance.MIN_COMMON,
                           metrics=balance.METRICS, active="balance")
