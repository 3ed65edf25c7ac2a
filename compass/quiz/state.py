"""The voter's state as it travels in the URL: answers, chosen parties, metric, easy-read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from flask import url_for

from .. import answers as codes
from ..setview import SetView

METRICS = ("agreement", "euclidean", "hybrid")
DEFAULT_METRIC = "agreement"
EASY_READ = "lattlast"  # the whole-quiz easy-read switch: `lattlast=1`


@dataclass(frozen=True)
class QuizState:
    """Answers, party choice (None = all parties), metric and easy-read switch of one voter."""

    answers: tuple[codes.Answer, ...]
    levels: int
    parties: tuple[str, ...] | None = None
    metric: str = DEFAULT_METRIC
    all_parties: tuple[str, ...] = ()  # the set's party keys in order (for the `p` code)
    easy_read: bool = False

    @cached_property
    def code(self) -> str:
        """The compact answer string (computed once: every link of a page carries it)."""
        return codes.encode(self.answers, self.levels)

    @property
    def answered_count(self) -> int:
        """Statements with an answer value (skips do not count), counted in the code."""
        code = self.code
        return len(code) - code.count(codes.UNANSWERED) - code.count(codes.SKIPPED)

    @property
    def reached_all(self) -> bool:
        """Whether every statement was answered or skipped."""
        return codes.UNANSWERED not in self.code

    def answered(self, index: int, choice: str, weight: float) -> QuizState:
        """Return the state with statement `index` answered (`choice` "hoppa" = skip)."""
        if choice == "hoppa":
            new = codes.Answer(answered=True)
        else:
            value = int(choice)
            half = (self.levels - 1) // 2
            if not -half <= value <= half:
                raise codes.AnswerCodeError(f"{value} is off the {self.levels}-level scale")
            new = codes.Answer(value=value, weight=weight, answered=True)
        state = replace(self, answers=codes.with_answer(self.answers, index, new))
        known = self.__dict__.get("code")
        if known is None:
            return state
        changed = codes.encode((new,), self.levels)
        return state.knowing_code(f"{known[:index]}{changed}{known[index + 1:]}")

    def with_parties(self, parties: tuple[str, ...] | None) -> QuizState:
        """The state with another party choice (and the same answers, so the same code)."""
        return replace(self, parties=parties).knowing_code(self.code)

    def knowing_code(self, code: str) -> QuizState:
        """This state with `code` (which must be `codes.encode(self.answers, …)`) as its
        code: encoding the answers anew hashes every one of them."""
        self.__dict__["code"] = code  # what the cached property stores
        return self

    def reweighted(self, index: int, weight: float) -> QuizState:
        """Return the state with the weight of statement `index`'s answer changed."""
        old = self.answers[index]
        return replace(self, answers=codes.with_answer(self.answers, index,
                                                       replace(old, weight=weight)))

    def chosen(self, view: SetView) -> list[int]:
        """Indices of the parties the voter compares with."""
        if self.parties is None:
            return [p.index for p in view.parties]
        wanted = set(self.parties)
        return [p.index for p in view.parties if p.key in wanted]

    def query(self, **extra) -> dict[str, str]:
        """The URL parameters that carry this state (canonical: defaults left out)."""
        params: dict[str, str] = {}
        if any(a.answered for a in self.answers):
            params["s"] = self.code
        if self.parties is not None:
            params["p"] = party_code(self.parties, self.all_parties)
        if self.metric != DEFAULT_METRIC:
            params["m"] = self.metric
        if self.easy_read:
            params[EASY_READ] = "1"
        params.update({k: v for k, v in extra.items() if v is not None})
        return params

    def query_string(self) -> str:
        """`urlencode(self.query())` (see `joined_query`)."""
        return joined_query(self.query())

    def url(self, endpoint: str, view: SetView, **extra) -> str:
        """A URL of this set version that carries the state."""
        path_args = {k: extra.pop(k) for k in ("number", "key") if k in extra}
        return url_for(endpoint, slug=view.slug, version=view.version, **path_args,
                       **self.query(**extra))


def joined_query(params: dict[str, str]) -> str:
    """`urlencode(params)` for a state's own parameters (`QuizState.query`), joined as they
    are: every name and value is URL-safe (the answer code by `answers.URL_SAFE_CODE`, the
    party code hex, a metric's name, "1")."""
    return "&".join([f"{name}={value}" for name, value in params.items()])


def party_code(chosen: tuple[str, ...], keys: tuple[str, ...]) -> str:
    """The party choice as hex digits, one bit per party in set order (bit 0 = first party).

    Forty parties take ten characters instead of hundreds for the keys themselves.
    """
    wanted = set(chosen)
    digits = []
    for start in range(0, len(keys), 4):
        digits.append(sum(1 << bit for bit, key in enumerate(keys[start:start + 4])
                          if key in wanted))
    return "".join(f"{d:x}" for d in digits) or "0"


def parse_party_code(code: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The party keys a `p` code chooses; raise AnswerCodeError if it does not fit the set."""
    if len(code) != max(1, (len(keys) + 3) // 4) or any(c not in "0123456789abcdef" for c in code):
        raise codes.AnswerCodeError(f"party code '{code[:20]}' does not fit {len(keys)} parties")
    chosen = [key for i, key in enumerate(keys) if int(code[i // 4], 16) >> (i % 4) & 1]
    if sum(bin(int(c, 16)).count("1") for c in code) != len(chosen):
        raise codes.AnswerCodeError("party code chooses parties the set does not have")
    return tuple(chosen)


def read_state(view: SetView, args: Mapping) -> QuizState:
    """Parse `s`, `p` (or the older `valda`), `m` and `lattlast`; raise AnswerCodeError if off."""
    answers = codes.decode(args.get("s", ""), len(view.statements), view.levels)
    metric = args.get("m", DEFAULT_METRIC)
    if metric not in METRICS:
        raise codes.AnswerCodeError(f"unknown metric '{metric}'")
    keys = tuple(p.key for p in view.parties)
    parties: tuple[str, ...] | None = None
    if "p" in args:
        chosen = parse_party_code(args.get("p", ""), keys)
        parties = None if len(chosen) == len(keys) else chosen
    elif "valda" in args:  # links made before the compact code
        raw = args.getlist("valda") if hasattr(args, "getlist") else [args["valda"]]
        wanted = [k for value in raw for k in value.split(".") if k]
        unknown = [k for k in wanted if k not in keys]
        if unknown:
            raise codes.AnswerCodeError(f"unknown party '{unknown[0]}'")
        ordered = tuple(k for k in keys if k in set(wanted))
        parties = None if len(ordered) == len(view.parties) else ordered
    state = QuizState(answers=answers, levels=view.levels, parties=parties, metric=metric,
                      all_parties=keys, easy_read=args.get(EASY_READ) == "1")
    # Every character stands for one answer and each answer has one character (a code is
    # canonical: tests/test_answer_codes.py), so a decoded code is the state's own.
    code = args.get("s", "")
    return state.knowing_code(code) if code else state
