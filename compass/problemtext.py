"""Validator problems in the user's language: the message and where it is, in words.

The pure validator (`compass.questionsets`) gives each problem a code and named values; this
module renders them with Flask-Babel (Swedish msgids, English in the catalogue) and turns a path
such as ``statements[2].positions.c.quote`` into "påstående 3, parti c, citat" — 1-based, as
the editor counts.
"""

from __future__ import annotations

import re

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .questionsets import Problem

TEXTS = {
    "unreadable_file": _l("Filen går inte att läsa: %(error)s"),
    "empty_file": _l("Filen är tom."),
    "yaml_syntax": _l("YAML-fel: %(detail)s"),
    "refused": _l("Filen vägras: %(detail)s"),
    "zip_unreadable": _l("Filen är inte en läsbar .zip-fil."),
    "zip_too_many": _l(".zip-filen innehåller fler än %(limit)d filer."),
    "zip_too_large": _l(".zip-filen blir större än %(limit)d MB uppackad."),
    "zip_bad_path": _l(".zip-filen innehåller '%(name)s', en sökväg utanför mappen eller en "
                       "länk."),
    "zip_one_set": _l(".zip-filen ska innehålla exakt en frågeomgångsfil (.yaml) överst; den "
                      "innehåller %(found)d."),
    "not_mapping": _l("Här ska det stå nycklar med värden (en mappning)."),
    "not_list": _l("Här ska det stå en lista."),
    "not_scalar": _l("Här ska det stå ett enda värde, inte en lista eller mappning."),
    "duplicate_key": _l("Nyckeln '%(key)s' finns två gånger."),
    "unknown_key": _l("Okänd nyckel '%(key)s' (tillåtna: %(allowed)s)."),
    "required_key": _l("Nyckeln saknas men måste finnas."),
    "empty_text": _l("Texten får inte vara tom."),
    "not_text": _l("Här ska det stå text, inte %(what)s (sätt citattecken runt värdet)."),
    "not_integer": _l("Här ska det stå ett heltal, inte %(what)s."),
    "not_allowed": _l("%(value)s är inte tillåtet (tillåtet: %(allowed)s)."),
    "bad_key": _l("'%(value)s' går inte som nyckel: använd små bokstäver a–z, siffror 0–9 och "
                  "bindestreck, högst %(limit)d tecken, och börja och sluta med en bokstav "
                  "eller siffra."),
    "too_long": _l("%(length)d tecken; högst %(limit)d är tillåtet."),
    "version_below_one": _l("Versionen måste vara 1 eller högre."),
    "implausible_year": _l("%(year)d är inte ett rimligt valår."),
    "not_web_url": _l("'%(url)s' måste vara en webbadress som börjar med https:// eller "
                      "http://."),
    "file_or_text": _l("Ange antingen 'file' (en sökväg) eller 'text' (dokumentet direkt), "
                       "inte båda och inte ingen."),
    "file_not_here": _l("'file' kan inte användas här; ge dokumentet som 'text' eller ladda "
                        "upp en .zip med filen och dess källor."),
    "file_outside": _l("'%(name)s' måste ligga i frågeomgångsfilens mapp."),
    "file_not_found": _l("Källfilen '%(name)s' finns inte."),
    "file_unreadable": _l("Källfilen '%(name)s' går inte att läsa: %(error)s"),
    "file_empty": _l("Källfilen '%(name)s' är tom."),
    "not_source_key": _l("Här ska det stå nyckeln till en källa."),
    "positions_not_mapping": _l("Ståndpunkterna ska vara en mappning från partinyckel till "
                                "ståndpunkt."),
    "blank_position": _l("Tom ståndpunkt: skriv null för ingen uttalad ståndpunkt (tomt är "
                         "inte neutralt)."),
    "position_shape": _l("Ska vara null (ingen uttalad ståndpunkt) eller en mappning med "
                         "value, quote och source."),
    "value_missing": _l("Värdet saknas (skriv value: null för ingen uttalad ståndpunkt)."),
    "blank_value": _l("Tomt värde: skriv null för ingen uttalad ståndpunkt (tomt är inte "
                      "neutralt)."),
    "value_not_integer": _l("Värdet ska vara ett heltal från %(low)d till %(high)d eller null, "
                            "inte %(what)s."),
    "off_scale": _l("Värdet %(value)d ligger utanför skalan %(low)d…%(high)d."),
    "no_parties": _l("En frågeomgång behöver minst ett parti."),
    "no_statements": _l("En frågeomgång behöver minst ett påstående."),
    "bad_colour": _l("'%(colour)s' måste vara en färg skriven #rrggbb."),
    "unknown_source": _l("Okänd källa '%(key)s'."),
    "unknown_party": _l("Okänt parti '%(key)s'."),
    "no_entry": _l("Ingen ruta för partiet '%(party)s' (skriv null för ingen uttalad "
                   "ståndpunkt)."),
    "quote_without_value": _l("Citat eller källa utan värde: ange ett värde eller ta bort "
                              "citatet."),
    "quote_missing": _l("En ståndpunkt behöver ett ordagrant citat."),
    "source_missing": _l("En ståndpunkt behöver en källa."),
    "foreign_source": _l("Källan '%(source)s' hör inte till partiet '%(party)s': citera "
                         "partiets egen text."),
    "evidence_without_value": _l("Typ av belägg utan värde: ange ett värde eller ta bort typen "
                                 "av belägg."),
    "strong_needs_proposal": _l("%(value)s kräver att belägget är ett förslag eller ett "
                                "enkätsvar (här: %(evidence)s). Koda %(weaker)s eller citera ett "
                                "konkret förslag."),
    "review_needs_comment": _l("En invändning behöver partiets kommentar."),
    "review_needs_answer": _l("En besvarad invändning behöver redaktionens offentliga svar."),
    "review_answer_only_resolved": _l("Redaktionens svar hör bara till en besvarad invändning."),
    "review_counter_only_objection": _l("Ett motcitat hör bara till en invändning."),
    "review_comment_unexpected": _l("Partiet har inte lämnat någon kommentar i den här "
                                    "statusen."),
    "no_evidence": _l("Ståndpunkten saknar typ av belägg."),
    "questionnaire_only": _l("'%(field)s' hör till ett enkätsvar (evidence: questionnaire)."),
    "bad_date": _l("'%(value)s' är inte en dag skriven ÅÅÅÅ-MM-DD."),
    "lint_negation": _l("Påståendet är formulerat med en negation (”%(word)s”). Formulera det "
                        "som ett positivt förslag."),
    "lint_shared_quote": _l("Samma citat används redan för %(party)s på påståendet "
                            "'%(statement)s'. Ett citat bör stödja en ståndpunkt."),
    "lint_no_marker": _l("%(value)s, men citatet har ingen förslagsmarkör (vill, ska, bör eller "
                         "en punkt under ”… vill:” eller ”Förslag …:”)."),
    "lint_strength_only": _l("Ståndpunkterna skiljer sig bara i styrka: alla ligger på samma "
                             "sida."),
    "lint_lix": _l("Den lättlästa texten har LIX %(score)d; högst %(limit)d är lättläst."),
    "lint_all_agree": _l("Alla som har en ståndpunkt tycker samma sak (%(value)s): påståendet "
                         "skiljer ingen från någon annan."),
    "lint_long_statement": _l("%(length)d tecken: påståenden över %(limit)d tecken är svåra att "
                              "läsa på en mobil."),
    "lint_similar_colours": _l("Färgen är svår att skilja från %(party)s färg (ΔE %(distance)s). "
                               "Namnen och rutornas kanter skiljer dem ändå åt."),
    "not_keyed_mapping": _l("Här ska det stå nycklar med värden (en mappning)."),
    "coded_not_integer": _l("Värdet ska vara ett heltal på skalan eller null, inte %(what)s."),
    "duplicate_coder": _l("Kodaren '%(coder)s' finns två gånger."),
    "unknown_statement": _l("Okänt påstående '%(key)s'."),
    "coding_no_statement": _l("Kodningen saknar värden för påståendet '%(key)s' (tillagt "
                              "efter kodningen?)."),
    "coding_no_party": _l("Kodningen saknar värde för partiet '%(party)s'."),
    "quote_not_found": _l("Citatet finns inte ordagrant i källan '%(source)s' (jämförs ordagrant "
                          "bortsett från mellanslag, Unicode-form och typografiska citattecken "
                          "och streck)."),
}

_FIELDS = {
    "text": _l("text"), "quote": _l("citat"), "value": _l("värde"), "source": _l("källa"),
    "colour": _l("färg"), "key": _l("nyckel"), "theme": _l("tema"), "name": _l("namn"),
    "short_name": _l("kortnamn"), "title": _l("titel"), "publisher": _l("utgivare"),
    "url": _l("webbadress"), "file": _l("fil"), "note": _l("anteckning"),
    "easy_read": _l("lättläst text"), "background": _l("bakgrund"), "direction": _l("riktning"),
    "sources": _l("källor"), "positions": _l("ståndpunkter"), "language": _l("språk"),
}
_PART = re.compile(r"^(?P<kind>statements|parties|sources)\[(?P<index>\d+)\]")
_NAMES = {"statements": _l("påstående %(n)d"), "parties": _l("parti %(n)d"),
          "sources": _l("källa %(n)d")}


def text(code: str, params: dict) -> str:
    """Return the message with `code` and its values in the current language (decimal
    numbers as the language writes them: 3,2 in Swedish)."""
    shown = {k: format_decimal(v, format="0.0##") if isinstance(v, float) else v
             for k, v in params.items()}
    return str(TEXTS[code]) % shown


def message(problem: Problem) -> str:
    """Return a problem's message in the current language (literal messages as they are)."""
    if problem.code not in TEXTS:
        return problem.message
    return text(problem.code, dict(problem.params))


def location(path: str) -> str:
    """Return where a path points, in words and counted from 1 ("påstående 3, parti c, citat")."""
    words: list[str] = []
    rest = path
    found = _PART.match(rest)
    if found:
        words.append(str(_NAMES[found["kind"]]) % {"n": int(found["index"]) + 1})
        rest = rest[found.end():]
    for part in filter(None, re.split(r"\.", rest)):
        sub = re.match(r"^(?P<name>[^\[]+)(?:\[(?P<index>\d+)\])?$", part)
        name = sub["name"] if sub else part
        if words and words[-1] == str(_FIELDS["positions"]):
            words[-1] = _("parti %(key)s", key=name)
            continue
        if name == "en":
            words.append(_("engelska"))
            continue
        label = str(_FIELDS.get(name, name))
        if sub and sub["index"] is not None:
            label = f"{label} {int(sub['index']) + 1}"
        words.append(label)
    return ", ".join(words)


def line(problem: Problem) -> str:
    """One problem of a file as a line: "rad 41, påstående 1, parti a: message"."""
    where = location(problem.path)
    if where:
        return _("rad %(line)d, %(where)s: %(message)s", line=problem.line, where=where,
                 message=message(problem))
    return _("rad %(line)d: %(message)s", line=problem.line, message=message(problem))
