"""Hostile YAML gets a clear problem, never a RecursionError or a runaway expansion."""

import tracemalloc

import pytest

from compass.questionsets import QuestionSetError, parse_text
from compass.questionsets.safeyaml import MAX_DEPTH, MAX_NODES

LEVELS = 10_000


def _alias_bomb(levels: int = 12) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join(f"*a{i - 1}" for _ in range(10))
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append(f"slug: *a{levels - 1}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text", [
    "[" * LEVELS + "]" * LEVELS,
    "- " * LEVELS + "x\n",
    "slug:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(1000)),
    _alias_bomb(),
], ids=["flow-lists", "block-lists", "block-mappings", "alias-bomb"])
def test_hostile_documents_get_one_clear_problem(text):
    tracemalloc.start()
    try:
        with pytest.raises(QuestionSetError) as caught:
            parse_text(text, "evil.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20
    [problem] = caught.value.problems
    assert problem.file == "evil.yaml"
    assert (f"{MAX_DEPTH} levels" in problem.message) or (f"{MAX_NODES:,}" in problem.message)


def test_aliases_within_the_limits_still_work(tmp_path):
    # Aliases are legal YAML; only their expansion is bounded.
    with pytest.raises(QuestionSetError) as caught:
        parse_text("slug: &s trygghet\ntitle: *s\n", "ok.yaml")
    messages = " ".join(p.message for p in caught.value.problems)
    assert "levels" not in messages and "expands" not in messages
    assert "required key is missing" in messages
