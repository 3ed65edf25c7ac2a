"""Question sets: the list, a new set, a set's versions, a version's overview and metadata,
and the version life cycle (new draft, publish, discard)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import catalog, setview, versions
from ..codings import agreement
from ..db import get_session
from ..review import service as review
from . import access, audit, content
from .forms import ButtonForm, NewSetForm, SetForm, review_link_form
from .problems import describe, warnings

bp = access.protect(Blueprint("admin_sets", __name__, url_prefix="/admin"))

SET_FIELDS = ("title", "description", "municipality", "election", "year", "language",
              "levels", "missing", "coded_by", "title_en", "description_en", "actors",
              "framing", "framing_en")


def _form_data(form: SetForm) -> dict:
    data = {f: getattr(form, f).data for f in SET_FIELDS}
    for optional in ("election", "title_en", "description_en", "framing", "framing_en"):
        data[optional] = (data[optional] or "").strip() or None
    for text in ("title", "description", "municipality", "language", "coded_by"):
        data[text] = data[text].strip()
    for line in ("framing", "framing_en"):
        # One line on every page that ranks the actors: keep it on one line.
        data[line] = " ".join(data[line].split()) if data[line] else None
    return data


@bp.get("/")
def index():
    """Every question set with its newest version and draft."""
    return render_template("admin/index.html", sets=versions.all_sets(get_session()))


@bp.route("/ny", methods=["GET", "POST"])
def new_set():
    """Create a new, empty set as draft version 1."""
    form = NewSetForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            row = versions.create_set(session, form.slug.data, **_form_data(form))
        except versions.VersionError as exc:
            form.slug.errors.append(str(exc))
        else:
            audit.record(session, row, access.user_id(), "set.create", "set", None,
                         {"slug": row.slug, "version": row.version})
            session.commit()
            flash(_("Frågeomgången skapades som utkast, version 1."), "ok")
            return redirect(url_for(".version", slug=row.slug, version=row.version), 303)
    status = 400 if form.errors else 200
    return render_template("admin/set_form.html", form=form, view=None), status


@bp.get("/<slug>/")
def set_page(slug: str):
    """A set's versions, with the actions that fit: new draft, compare, audit log."""
    session = get_session()
    found = versions.list_versions(session, slug)
    if not found:
        abort(404)
    return render_template("admin/set.html", slug=slug, versions=found, form=ButtonForm(),
                           entries=audit.count(session, slug))


@bp.post("/<slug>/nytt-utkast")
def new_draft(slug: str):
    """Copy the newest published version into a new draft."""
    session = get_session()
    if not versions.list_versions(session, slug):
        abort(404)
    try:
        row = versions.new_draft(session, slug)
    except versions.VersionError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".set_page", slug=slug), 303)
    audit.record(session, row, access.user_id(), "version.draft", "version", None,
                 {"version": row.version, "copied_from": row.version - 1})
    session.commit()
    flash(_("Version %(v)d är skapad som utkast, kopierad från den senaste publicerade.",
            v=row.version), "ok")
    return redirect(url_for(".version", slug=slug, version=row.version), 303)


@bp.get("/<slug>/v<int:version>/")
def version(slug: str, version: int):
    """A version's overview: the validator's problems, counts and where to edit."""
    row = access.load_version(slug, version)
    view = access.load_view(slug, version)
    definition = catalog.to_definition(row)
    problems = describe(versions.problems(row), definition)
    return render_template("admin/version.html", view=view, problems=problems,
                           warnings=warnings(definition), figures=agreement(definition),
                           form=ButtonForm(), active="overview",
                           review_links=review.links(get_session(), row),
                           open_objections=review.open_objections(view),
                           review_form=review_link_form(view.parties) if view.parties else None)


@bp.route("/<slug>/v<int:version>/uppgifter", methods=["GET", "POST"])
def metadata(slug: str, version: int):
    """Edit a draft's title, municipality, year, scale and missing-position policy."""
    row = access.load_draft(slug, version)
    form = SetForm(obj=row)
    if not form.is_submitted():
        form.missing.data = row.missing_policy
    if form.validate_on_submit():
        session = get_session()
        content.update_metadata(session, row, _form_data(form), access.user_id())
        session.commit()
        flash(_("Uppgifterna är sparade."), "ok")
        return redirect(url_for(".version", slug=slug, version=version), 303)
    status = 400 if form.errors else 200
    return render_template("admin/set_form.html", form=form,
                           view=access.load_view(slug, version), active="metadata"), status


@bp.post("/<slug>/v<int:version>/publicera")
def publish(slug: str, version: int):
    """Publish a draft: refused while the validator lists problems."""
    row = access.load_draft(slug, version)
    session = get_session()
    try:
        versions.publish(session, row)
    except versions.VersionError as exc:
        session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".version", slug=slug, version=version), 303)
    audit.record(session, row, access.user_id(), "version.publish", "version",
                 {"status": "draft"}, {"status": "published"})
    session.commit()
    setview.forget_heads()  # this process shows the new version at once, others within 5 s
    flash(_("Version %(v)d är publicerad. Den ändras aldrig mer.", v=version), "ok")
    return redirect(url_for(".version", slug=slug, version=version), 303)


@bp.post("/<slug>/v<int:version>/kasta")
def discard(slug: str, version: int):
    """Delete a draft (its changes are lost; published versions stay)."""
    row = access.load_draft(slug, version)
    session = get_session()
    audit.record(session, row, access.user_id(), "version.discard", "version",
                 {"version": version}, None)
    versions.discard(session, row)
    session.commit()
    flash(_("Utkastet version %(v)d är borttaget.", v=version), "ok")
    if versions.list_versions(session, slug):
        return redirect(url_for(".set_page", slug=slug), 303)
    return redirect(url_for(".index"), 303)
