"""Write a `QuestionSetDef` back to the YAML format (and its source texts to files)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from .definitions import DEFAULT_ACTORS, PositionDef, QuestionSetDef, StatementDef


class _Dumper(yaml.SafeDumper):
    """A dumper that writes multi-line text as literal blocks and indents lists."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _str_presenter(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _FlowMapping(dict):
    """A mapping written on one line: `{c-malmo: 2, l-kalmar: null}`."""


def _flow_presenter(dumper: yaml.SafeDumper, value: _FlowMapping):
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


_Dumper.add_representer(str, _str_presenter)
_Dumper.add_representer(_FlowMapping, _flow_presenter)


def to_document(qs: QuestionSetDef, source_files: dict[str, str] | None = None) -> dict:
    """Return the plain-dict form of the file; `source_files` maps source keys to paths."""
    source_files = source_files or {}
    doc: dict[str, Any] = {"slug": qs.slug, "version": qs.version, "status": qs.status,
                           "title": qs.title, "description": qs.description,
                           "municipality": qs.municipality}
    if qs.election:
        doc["election"] = qs.election
    doc.update({"year": qs.year, "language": qs.language, "levels": qs.levels,
                "missing": qs.missing, "coded_by": qs.coded_by})
    if qs.actors != DEFAULT_ACTORS:
        doc["actors"] = qs.actors
    if qs.framing:
        doc["framing"] = qs.framing
    en = _compact({"title": qs.title_en, "description": qs.description_en,
                   "framing": qs.framing_en})
    if en:
        doc["en"] = en
    doc["sources"] = [
        _compact({"key": s.key, "title": s.title, "publisher": s.publisher, "year": s.year,
                  "url": s.url, "origin": s.origin, "file": source_files.get(s.key)})
        | ({} if s.key in source_files else {"text": s.text})
        | _english({"title": s.title_en})
        for s in qs.sources]
    doc["parties"] = [{"key": p.key, "name": p.name, "short_name": p.short_name,
                       "colour": p.colour, "sources": list(p.sources)}
                      | _english({"name": p.name_en, "short_name": p.short_name_en})
                      for p in qs.parties]
    doc["statements"] = [_statement_document(st) for st in qs.statements]
    if qs.codings:
        doc["codings"] = [{"coder": c.coder, "values": {
            st: _FlowMapping(row) for st, row in c.values.items()}} for c in qs.codings]
    return doc


def _statement_document(st: StatementDef) -> dict:
    doc: dict[str, Any] = {"key": st.key, "theme": st.theme} | _compact(
        {"direction": st.direction}) | {"text": st.text} | _compact(
        {"easy_read": st.easy_read or None, "background": st.background or None})
    en = _compact({"text": st.text_en, "easy_read": st.easy_read_en,
                   "background": st.background_en, "theme": st.theme_en})
    if en:
        doc["en"] = en
    if st.accepted_lints:
        accepted: dict[str, Any] = {}
        for name, party, reason in st.accepted_lints:
            if party is None:
                accepted[name] = reason
            else:
                accepted.setdefault(name, {})[party] = reason
        doc["accepted_lints"] = accepted
    positions: dict[str, Any] = {}
    for party, pos in st.positions.items():
        if pos == PositionDef():
            positions[party] = None
        else:
            positions[party] = {"value": pos.value} | _compact(
                {"quote": pos.quote, "source": pos.source, "evidence": pos.evidence,
                 "justification": pos.justification, "answered": pos.answered,
                 "rationale": pos.rationale, "note": pos.note}) | _english(
                {"note": pos.note_en})
            if pos.party_review is not None:
                positions[party]["party_review"] = _compact(
                    dataclasses.asdict(pos.party_review))
    doc["positions"] = positions
    return doc


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _english(values: dict[str, Any]) -> dict[str, Any]:
    """An `en:` entry with the English fields that are set, or nothing."""
    en = _compact(values)
    return {"en": en} if en else {}


def dump(qs: QuestionSetDef, source_files: dict[str, str] | None = None) -> str:
    """Return the YAML text of a question set (sources inline unless `source_files` names them)."""
    return yaml.dump(to_document(qs, source_files), Dumper=_Dumper, sort_keys=False,
                     allow_unicode=True, width=100, default_flow_style=False)


def export_to_folder(qs: QuestionSetDef, folder: str | Path) -> Path:
    """Write `<slug>.yaml` and its source texts under `sources/`; return the YAML path."""
    folder = Path(folder)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    files = {}
    for source in qs.sources:
        rel = f"sources/{source.key}.txt"
        (folder / rel).write_text(source.text, encoding="utf-8")
        files[source.key] = rel
    target = folder / f"{qs.slug}.yaml"
    target.write_text(dump(qs, files), encoding="utf-8")
    return target
