"""Source documents: list, add (paste or upload), view with quotes marked, edit, delete;
the evidence finder; proposal lists that become statements."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import evidence
from ..db import get_session
from . import access, conflicts, content, editing, sources
from .editing import EditConflict, EditError, StaleEdit
from .formchecks import source_text_error
from .forms import ButtonForm, EvidenceForm, SourceForm, options
from .merge import MergeConflict

bp = access.protect(Blueprint("admin_sources", __name__, url_prefix="/admin"))


def _form(view, key: str | None = None, obj=None) -> SourceForm:
    form = SourceForm(obj=obj)
    form.parties.choices = options((p.key, p.name) for p in view.parties)
    if key is not None and not form.is_submitted():
        form.parties.data = [p.key for p in sources.owners(view, key)]
    return form


def _data(form: SourceForm) -> dict | None:
    """The form's values with the text from the paste box or the upload; None on an error."""
    text, origin = form.text.data or "", "pasted"
    upload = form.upload.data
    if upload is not None and getattr(upload, "filename", ""):
        origin = sources.upload_origin(upload.filename)
        try:
            text = sources.decode_upload(upload.filename, upload.read())
        except EditError as exc:
            form.upload.errors.append(str(exc))
            return None
        if error := source_text_error(text):
            form.upload.errors.append(error)
            return None
    if not text.strip():
        form.text.errors.append(_("Klistra in texten eller ladda upp en textfil."))
        return None
    return {"key": (form.key.data or "").strip(), "title": form.title.data.strip(),
            "publisher": form.publisher.data.strip(), "year": form.year.data,
            "url": (form.url.data or "").strip() or None, "text": text, "origin": origin,
            "title_en": (form.title_en.data or "").strip() or None}


@bp.get("/<slug>/v<int:version>/kallor")
def index(slug: str, version: int):
    """Every source document, with its owners and how many quotes it gives."""
    view = access.load_view(slug, version)
    uses = {s.key: len(sources.quote_uses(view, s.key)) for s in view.sources}
    owners = {s.key: sources.owners(view, s.key) for s in view.sources}
    return render_template("admin/sources.html", view=view, uses=uses, owners=owners,
                           active="sources")


@bp.route("/<slug>/v<int:version>/kallor/ny", methods=["GET", "POST"])
def new(slug: str, version: int):
    """Add a source document (pasted text or an uploaded .txt/.md file)."""
    row = access.load_draft(slug, version)
    view = access.load_view(slug, version)
    form = _form(view)
    if not form.is_submitted() and request.args.get("parti") in {p.key for p in view.parties}:
        form.parties.data = [request.args["parti"]]
    if form.validate_on_submit() and (data := _data(form)) is not None:
        session = get_session()
        try:
            _row, key = sources.add_source(session, row, data, form.parties.data or [],
                                           access.user_id())
        except EditError as exc:
            session.rollback()
            form.key.errors.append(str(exc))
        else:
            session.commit()
            flash(_("Källdokumentet är tillagt."), "ok")
            return redirect(url_for(".show", slug=slug, version=version, key=key), 303)
    return render_template("admin/source_form.html", view=view, form=form, key=None,
                           conflict=None, active="sources"), 400 if form.errors else 200


@bp.get("/<slug>/v<int:version>/kallor/<key>")
def show(slug: str, version: int, key: str):
    """A source document with the quotes in use marked, and the cells that use them."""
    view = access.load_view(slug, version)
    document = view.source(key) or abort(404)
    uses = sources.quote_uses(view, key)
    paragraphs = evidence.highlight(document.text, [u.quote for u in uses])
    return render_template("admin/source.html", view=view, document=document, uses=uses,
                           paragraphs=paragraphs, owners=sources.owners(view, key),
                           active="sources")


@bp.route("/<slug>/v<int:version>/kallor/<key>/andra", methods=["GET", "POST"])
def edit(slug: str, version: int, key: str):
    """Edit a source document; a change saved meanwhile by someone else is merged field by
    field, and only a field both changed differently is asked about (409, input kept)."""
    row = access.load_draft(slug, version)
    document = editing.source(row, key)
    view = access.load_view(slug, version)
    form = _form(view, key if document else None, document)
    if document is None and not (form.is_submitted() and conflicts.opened_on(form, key)):
        abort(404)
    if not form.is_submitted():
        conflicts.open_form(form, document.id, sources.source_base(row, document))
    conflict, status, opened = None, 200, conflicts.opened(form)
    if form.validate_on_submit() and (data := _data(form)) is not None:
        data.pop("key")
        session = get_session()
        try:
            _row, merged = sources.update_source(session, row, key, data,
                                                 form.parties.data or [], opened,
                                                 access.user_id())
        except MergeConflict as exc:
            session.rollback()
            conflict, status = conflicts.box(exc.merge, view, opened), 409
            form.text.data = data["text"]  # an uploaded text stays, in the paste box
            conflicts.show_theirs(form, exc.merge)
        except StaleEdit:
            session.rollback()
            flash(_("Någon annan sparade källdokumentet i samma ögonblick. Det du skrev står "
                    "kvar: spara igen."), "error")
            form.text.data = data["text"]
            status = 409
        except EditConflict:
            session.rollback()
            form.text.data = data["text"]
            return _recreate(view, key, form)
        else:
            session.commit()
            conflicts.flash_saved(_("Källdokumentet är sparat."), merged)
            return redirect(url_for(".show", slug=slug, version=version, key=key), 303)
    elif form.is_submitted() and document is None:
        return _recreate(view, key, form)
    if form.errors:
        status = 400
    return render_template("admin/source_form.html", view=view, form=form, key=key,
                           conflict=conflict, delete_form=ButtonForm(), active="sources"), status


def _recreate(view, key: str, form: SourceForm):
    """The document was deleted meanwhile: offer to add it again from the editor's input."""
    if not (form.key.data or "").strip():
        form.key.data = key
    return render_template("admin/source_form.html", view=view, form=form, key=None,
                           conflict=None, gone=True, active="sources",
                           action=url_for(".new", slug=view.slug, version=view.version)), 409


@bp.post("/<slug>/v<int:version>/kallor/<key>/radera")
def delete(slug: str, version: int, key: str):
    """Delete a source document that no cell quotes."""
    row = access.load_draft(slug, version)
    if editing.source(row, key) is None:
        abort(404)
    session = get_session()
    try:
        sources.delete_source(session, row, key, access.user_id())
    except EditError as exc:
        session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".edit", slug=slug, version=version, key=key), 303)
    session.commit()
    flash(_("Källdokumentet är borttaget."), "ok")
    return redirect(url_for(".index", slug=slug, version=version), 303)


@bp.get("/<slug>/v<int:version>/kallor/<key>/forslag")
def proposals(slug: str, version: int, key: str):
    """The document's bullet points and "… vill:" lines, as candidate statements."""
    view = access.load_view(slug, version)
    document = view.source(key) or abort(404)
    existing = {st.text for st in view.statements}
    return render_template("admin/proposals.html", view=view, document=document,
                           proposals=evidence.proposals(document.text), existing=existing,
                           form=ButtonForm(), active="sources")


@bp.post("/<slug>/v<int:version>/kallor/<key>/forslag/<int:line>")
def use_proposal(slug: str, version: int, key: str, line: int):
    """Turn one proposal into a statement draft pre-filled with its text."""
    row = access.load_draft(slug, version)
    view = access.load_view(slug, version)
    document = view.source(key) or abort(404)
    found = next((p for p in evidence.proposals(document.text) if p.line == line), None)
    if found is None:
        abort(404)
    data = {"text": found.text[:400], "theme": _("Att sortera"), "direction": "more",
            "easy_read": found.text, "background": _("Förslag ur %(title)s (%(publisher)s).",
                                                    title=document.title,
                                                    publisher=document.publisher)}
    session = get_session()
    _row, new_key = content.create_statement(session, row, data, access.user_id())
    session.commit()
    flash(_("Ett nytt påstående är skapat av förslaget. Skriv om det till ett påstående, "
            "välj tema och riktning, och skriv lättläst text och bakgrund."), "ok")
    return redirect(url_for("admin_statements.edit", slug=slug, version=version, key=new_key),
                    303)


@bp.get("/<slug>/v<int:version>/bevis")
def finder(slug: str, version: int):
    """Search the set's documents with Swedish stemming; matching sentences per party."""
    view = access.load_view(slug, version)
    form = EvidenceForm(request.args)
    form.pastaende.choices = options([("", _("– inget valt –"))] + [
        (st.key, f"{st.index + 1}. {st.text}") for st in view.statements])
    terms, groups, searched = (), [], "q" in request.args
    if searched and form.validate():
        terms, groups = sources.find(view, form.q.data)
        if not terms:
            form.q.errors.append(_("Skriv minst ett ord med bokstäver eller siffror."))
    target = form.pastaende.data if not form.pastaende.errors else ""
    status = 400 if form.errors else 200
    # A blind coder searches without links into the cell editor (it shows the coding).
    blind = request.args.get("blind") == "1"
    return render_template("admin/evidence.html", view=view, form=form, terms=terms,
                           groups=groups, target=target, searched=searched, blind=blind,
                           blind_mode=blind, active="evidence"), status


@bp.get("/<slug>/v<int:version>/bevis/anvand")
def use_quote(slug: str, version: int):
    """Open the cell editor with a found sentence as the quote (nothing is saved yet)."""
    view = access.load_view(slug, version)
    statement, party = request.args.get("pastaende", ""), request.args.get("parti", "")
    quote, source = request.args.get("citat", ""), request.args.get("kalla", "")
    if not any(st.key == statement for st in view.statements) or view.party(party) is None:
        flash(_("Välj vilket påstående citatet ska användas för."), "error")
        return redirect(url_for(".finder", slug=slug, version=version,
                                q=request.args.get("q", "")), 303)
    if not quote or view.source(source) is None:
        abort(400)
    query = {"q": request.args["q"][:200]} if request.args.get("q") else {}
    return redirect(url_for("admin_positions.cell", slug=slug, version=version,
                            statement=statement, party=party, citat=quote, kalla=source,
                            **query), 303)
