"""The statement page of a plain answer, from the answer code alone.

Almost every statement page a voter without JavaScript asks for is the form of the page
before, sent as it is: `?s=<code>&nr=<n>&svar=<answer>&vikt=<weight>` and nothing else.
Such a page is its shape's page (`statement_page`) with the new code written in: in the
hidden field, in every link (`…?s=<code>`) and, one character changed, in the weight step's
links. So the shape's chunks are kept once more, split at the code instead of at the links:
the code before the previous statement's character (`HEAD`), that character (`PC`), the code
after it (`TAIL`), the weight step's characters (`c0`…), the previous answer's label (`ra`)
and the language link (`lang`). A request then slices its code and joins, without building
the voter's state and page wiring (two thirds of a statement page's own work).

`read` says whether a request is such a plain answer; anything else (another parameter, a
code or answer that does not fit, a first page without answers) takes the general way,
which also answers bad input with its 400. A shape is kept from the general way's chunks and
values only after filling it with this request's values gives that request's page; the key
names everything the general way's key names (tests/test_quiz_flow.py serves pages both
ways and compares them).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from cachetools import LRUCache
from markupsafe import Markup, escape

from .. import answers as codes
from .. import labels
from ..results import MIN_ANSWERS
from ..setview import SetView
from ..templating import fill_split
from .forms import ANSWER_CHOICES, WEIGHT_CHOICES
from .service import WEIGHT_STEPS
from .skeleton import language_link

PLAIN_ANSWER = frozenset(("s", "nr", "svar", "vikt"))
# Bounded by characters, like the general way's pages (a page is about 4,000).
_pages: LRUCache = LRUCache(maxsize=8 * 1024 * 1024, getsizeof=lambda chunks: sum(map(len, chunks)))
_lock = threading.Lock()


@dataclass(frozen=True)
class PlainAnswer:
    """A plain answer request: its page's key and the code after the answer."""

    key: tuple
    code: str
    index: int  # the previous statement's character in the code (0 on the first page)
    previous: codes.Answer | None  # the previous statement's answer, if it has a value
    levels: int


@lru_cache(maxsize=16)
def _code_pattern(levels: int) -> re.Pattern:
    return re.compile(f"[{re.escape(''.join(codes.answers_by_char(levels)))}]*")


@lru_cache(maxsize=16)
def _answer_chars(levels: int) -> dict[tuple[str, str], str]:
    """(svar, vikt) as a form sends them → the code's character for that answer."""
    chars = codes.chars_by_answer(levels)
    half = (levels - 1) // 2
    table = {}
    for choice in ANSWER_CHOICES:
        for weight_text, weight in (*WEIGHT_CHOICES.items(), ("", 1.0)):
            if choice == "hoppa":
                table[choice, weight_text] = codes.SKIPPED
            elif -half <= int(choice) <= half:
                answer = codes.Answer(value=int(choice), weight=weight, answered=True)
                table[choice, weight_text] = chars[answer]
    return table


def read(view: SetView, number: int, args, script_root: str, locale: str) -> PlainAnswer | None:
    """The request as a plain answer on statement `number`, or None (the general way)."""
    if args.keys() != PLAIN_ANSWER:
        return None
    old, levels, total = args["s"], view.levels, len(view.statements)
    sent = args["nr"]
    if len(old) != total or not sent.isascii() or not sent.isdigit():
        return None
    char = _answer_chars(levels).get((args["svar"], args["vikt"]))
    at = int(sent) - 1
    if char is None or not 0 <= at < total or not _code_pattern(levels).fullmatch(old):
        return None
    code = f"{old[:at]}{char}{old[at + 1:]}"
    answers = codes.answers_by_char(levels)
    index = number - 2 if number > 1 else 0
    before = answers[code[index]] if number > 1 else None
    previous = before if before is not None and before.value is not None else None
    # What the general way's key names, said from the code: the previous answer's weight
    # (its weight step shows it), this statement's answer, and whether the result link shows
    # and how.
    shown = len(code) - code.count(codes.UNANSWERED) - code.count(codes.SKIPPED)
    key = (script_root, view.slug, view.version, view.content_hash, total, number, locale,
           None if previous is None else previous.weight, code[number - 1],
           shown >= MIN_ANSWERS, codes.UNANSWERED not in code)
    return PlainAnswer(key, code, index, previous, levels)


def _values(plain: PlainAnswer, locale: str) -> dict[str, str]:
    code, index = plain.code, plain.index
    values = {"HEAD": code[:index], "PC": code[index], "TAIL": code[index + 1:],
              "lang": language_link(locale)}
    if plain.previous is not None:
        at = plain.previous.value + (plain.levels - 1) // 2
        for i, (_weight, _text, alphabet) in enumerate(WEIGHT_STEPS):
            values[f"c{i}"] = alphabet[at]
        values["ra"] = escape(labels.answer_label(plain.previous.value, plain.levels))
    return values


def page(plain: PlainAnswer, locale: str) -> Markup | None:
    """The page of a kept shape, or None."""
    with _lock:
        chunks = _pages.get(plain.key)
    return None if chunks is None else fill_split(chunks, _values(plain, locale))


def remember(plain: PlainAnswer, locale: str, chunks: tuple[str, ...], values: dict[str, str],
             served: str) -> None:
    """Keep the shape of `served` (the general way's `chunks` filled with `values`) split at
    the code, if its holes are the expected ones and the result fills back to `served`."""
    if "lang" not in chunks[1::2]:  # the language link (this request's address) is text
        return
    pieces = _code_holes(plain, chunks, values)
    if pieces is None:
        return
    kept = split(pieces)
    if fill_split(kept, _values(plain, locale)) == served:
        with _lock:
            _pages[plain.key] = kept


_CODE = ("HEAD", "PC", "TAIL")


def _code_holes(plain: PlainAnswer, chunks: tuple[str, ...], values: dict[str, str]
                ) -> list[tuple[bool, str]] | None:
    """The general way's chunks with each hole's value written out around the code's holes,
    as (is a hole, text) pieces; None when a hole is not one this module knows."""
    code = plain.code
    pieces: list[tuple[bool, str]] = []
    for i, text in enumerate(chunks):
        if i % 2 == 0:
            pieces.append((False, text))
            continue
        value = str(values[text])  # Markup: joined to text it would escape the text
        if text in ("lang", "ra"):
            pieces.append((True, text))
        elif text == "rn":
            pieces.append((False, value))
        elif text == "h0" and value == code:
            pieces.extend((True, name) for name in _CODE)
        elif text.startswith("w") and plain.previous is not None:
            # `…?s=<HEAD><c_k><TAIL>`: the weight step's link for weight k.
            start, _, rest = value.partition("?s=")
            head, tail = code[:plain.index], code[plain.index + 1:]
            if not rest.startswith(head) or rest[len(head) + 1:len(code)] != tail:
                return None
            pieces += [(False, f"{start}?s="), (True, "HEAD"), (True, f"c{text[1:]}"),
                       (True, "TAIL"), (False, rest[len(code):])]
        elif text in ("prevurl", "nexturl", "resulturl", "easyswitchurl"):
            start, _, rest = value.partition("?s=")
            if not rest.startswith(code):
                return None
            pieces += [(False, f"{start}?s="), *((True, name) for name in _CODE),
                       (False, rest[len(code):])]
        else:
            return None
    return pieces


def split(pieces: list[tuple[bool, str]]) -> tuple[str, ...]:
    """(is a hole, text) pieces as `split_holes` gives them: text first and last, holes'
    names between."""
    out = [""]
    for is_hole, text in pieces:
        if is_hole:
            out += [text, ""]
        else:
            out[-1] += text
    return tuple(out)
