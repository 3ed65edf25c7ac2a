"""Every kind of validator problem: a stable code with its English text and named parameters.

The pure validator speaks English (the CLI's language); the web layer renders the same code
and parameters in the user's language (`compass.problemtext`), so no message is ever matched
by its wording.
"""

from __future__ import annotations

from typing import Any

EN: dict[str, str] = {
    # file and YAML
    "unreadable_file": "cannot read file: %(error)s",
    "empty_file": "the file is empty",
    "yaml_syntax": "YAML syntax error: %(detail)s",
    "refused": "refused: %(detail)s",
    # .zip bundles
    "zip_unreadable": "not a readable .zip file",
    "zip_too_many": "the .zip holds more than %(limit)d files",
    "zip_too_large": "the .zip unpacks to more than %(limit)d MB",
    "zip_bad_path": "the .zip holds '%(name)s', a path outside its folder or a link",
    "zip_one_set": ("the .zip must hold exactly one question-set file (.yaml) at its top; "
                    "found %(found)d"),
    # shapes
    "not_mapping": "must be a mapping",
    "not_list": "must be a list",
    "not_scalar": "must be a single value, not a list or mapping",
    "duplicate_key": "duplicate key '%(key)s'",
    "unknown_key": "unknown key '%(key)s' (allowed: %(allowed)s)",
    "required_key": "required key is missing",
    "empty_text": "must be non-empty text",
    "not_text": "must be text, not %(what)s (put it in quotes)",
    "not_integer": "must be a whole number, not %(what)s",
    "not_allowed": "%(value)s is not allowed (allowed: %(allowed)s)",
    "bad_key": ("'%(value)s' is not a key: use lower-case letters a–z, digits 0–9 and hyphens, "
                "at most %(limit)d characters, starting and ending with a letter or digit"),
    "too_long": "%(length)d characters; at most %(limit)d",
    "version_below_one": "must be 1 or more",
    "implausible_year": "%(year)d is not a plausible election year",
    # sources
    "not_web_url": "'%(url)s' must be a web address starting with https:// or http://",
    "file_or_text": "give exactly one of 'file' (a path) or 'text' (the document inline)",
    "file_not_here": "'file' cannot be used here; give the document as 'text'",
    "file_outside": "'%(name)s' must be a path inside the folder of the set file",
    "file_not_found": "source file '%(name)s' not found",
    "file_unreadable": "cannot read source file '%(name)s': %(error)s",
    "file_empty": "source file '%(name)s' is empty",
    "not_source_key": "must be a source key",
    # positions
    "positions_not_mapping": "must be a mapping of party key to position",
    "blank_position": "blank position: write null for no stated position (blank is not neutral)",
    "position_shape": ("must be null (no stated position) or a mapping with value, quote and "
                       "source"),
    "value_missing": "required key is missing (use value: null for no stated position)",
    "blank_value": "blank value: write null for no stated position (blank is not neutral)",
    "value_not_integer": "must be a whole number from %(low)d to %(high)d or null, not %(what)s",
    "off_scale": "%(value)d is off the %(levels)d-level scale (%(low)d to %(high)d)",
    # whole-set rules
    "no_parties": "a question set needs at least one party",
    "no_statements": "a question set needs at least one statement",
    "bad_colour": "'%(colour)s' must be a colour written #rrggbb",
    "unknown_source": "unknown source '%(key)s'",
    "unknown_party": "unknown party '%(key)s'",
    "no_entry": "no entry for party '%(party)s' (write null for no stated position)",
    "quote_without_value": "a quote or source without a value; give the value or drop the quote",
    "quote_missing": "a stated position needs a verbatim quote",
    "source_missing": "a stated position needs the key of its source document",
    "foreign_source": ("source '%(source)s' is not among the sources of party '%(party)s'; "
                       "quote the party's own text"),
    "evidence_without_value": ("an evidence kind without a value; give the value or drop the "
                               "evidence kind"),
    "strong_needs_proposal": ("%(value)s needs evidence 'proposal' or 'questionnaire' (this is "
                              "'%(evidence)s'); code it as %(weaker)s or quote a concrete "
                              "proposal"),
    "review_needs_comment": "status '%(status)s' needs the party's comment",
    "review_needs_answer": "status 'resolved' needs the editors' public answer",
    "review_answer_only_resolved": "only a resolved review has an answer",
    "review_counter_only_objection": "only an objection has a counter-quote",
    "review_comment_unexpected": "status '%(status)s' has no comment from the party",
    "no_evidence": "no evidence kind",
    "questionnaire_only": "'%(field)s' belongs to a questionnaire answer (evidence: questionnaire)",
    "bad_date": "'%(value)s' is not a day written YYYY-MM-DD",
    # coding lints (warnings; errors under `validate --strict`)
    "lint_negation": ("worded with a negation ('%(word)s'); word the statement as a positive "
                      "proposal"),
    "lint_shared_quote": ("the same quote already backs the position of '%(party)s' on "
                          "'%(statement)s'; one quote should back one position"),
    "lint_no_marker": ("%(value)s but the quote has no proposal marker (vill, ska, bör, or a "
                       "list item under '… vill:' or 'Förslag …:')"),
    "lint_strength_only": "the stated positions differ only in strength (all on the same side)",
    "lint_lix": "LIX %(score)d; easy-read text should be at most %(limit)d",
    "lint_all_agree": ("every stated actor takes the same position (%(value)s); the statement "
                       "tells no one apart"),
    "lint_long_statement": ("%(length)d characters; statements over %(limit)d are hard to read on "
                            "a phone"),
    "lint_similar_colours": ("hard to tell apart from the colour of %(party)s (ΔE %(distance)s); "
                             "names and bordered swatches still tell them apart"),
    # codings
    "not_keyed_mapping": "must be a mapping of keys to values",
    "coded_not_integer": "must be a whole number on the scale or null, not %(what)s",
    "duplicate_coder": "duplicate coder '%(coder)s'",
    "unknown_statement": "unknown statement '%(key)s'",
    "coding_no_statement": "no values for statement '%(key)s'",
    "coding_no_party": "no value for party '%(party)s' (write null for no stated position)",
    "quote_not_found": ("quote not found in source '%(source)s' (compared verbatim apart from "
                        "spaces, Unicode form and typographic quotes and dashes)"),
}


def message(code: str, params: dict[str, Any]) -> str:
    """Return the English text of a problem (a code not listed is taken as literal text)."""
    template = EN.get(code)
    return template % params if template is not None else code
