"""The three-way merge of one edited item (compass/admin/merge.py): every case on plain dicts."""

from __future__ import annotations

import pytest

from compass.admin import merge
from compass.admin.merge import MergeConflict, Opened

BASE = {"key": "vakter", "order": 0, "text": "Fler vakter.", "theme": "Ordning",
        "direction": "more", "background": "Vakter patrullerar."}


def _fields(changes) -> list[str]:
    return [c.field for c in changes]


def test_only_mine_changed_takes_mine():
    result = merge.merge(BASE, dict(BASE), {**BASE, "text": "Många fler vakter."})
    assert result.values["text"] == "Många fler vakter."
    assert result.kept == () and result.clashes == ()


def test_only_theirs_changed_keeps_theirs_even_though_my_form_holds_the_old_value():
    theirs = {**BASE, "theme": "Trygghet"}
    result = merge.merge(BASE, theirs, dict(BASE))
    assert result.values["theme"] == "Trygghet"
    assert _fields(result.kept) == ["theme"] and result.clashes == ()
    assert (result.kept[0].base, result.kept[0].theirs) == ("Ordning", "Trygghet")


def test_each_side_changing_another_field_keeps_both():
    theirs = {**BASE, "theme": "Trygghet"}
    result = merge.merge(BASE, theirs, {**BASE, "text": "Många fler vakter."})
    assert result.values == {**BASE, "theme": "Trygghet", "text": "Många fler vakter."}
    assert _fields(result.kept) == ["theme"] and result.clashes == ()


def test_the_same_change_on_both_sides_is_no_clash():
    both = {**BASE, "text": "Samma nya text."}
    result = merge.merge(BASE, both, dict(both))
    assert result.values["text"] == "Samma nya text."
    assert result.kept == () and result.clashes == ()


def test_different_changes_to_one_field_clash_and_resolve_raises():
    theirs, mine = {**BASE, "text": "Deras text."}, {**BASE, "text": "Min text."}
    result = merge.merge(BASE, theirs, mine)
    assert _fields(result.clashes) == ["text"]
    clash = result.clashes[0]
    assert (clash.base, clash.theirs, clash.mine) == ("Fler vakter.", "Deras text.", "Min text.")
    with pytest.raises(MergeConflict) as caught:
        merge.resolve(BASE, theirs, mine)
    assert caught.value.merge == result


@pytest.mark.parametrize(("choice", "saved"), [("min", "Min text."), ("deras", "Deras text.")])
def test_a_choice_settles_a_clash(choice, saved):
    theirs, mine = {**BASE, "text": "Deras text."}, {**BASE, "text": "Min text."}
    result = merge.resolve(BASE, theirs, mine, {"text": choice})
    assert result.values["text"] == saved and result.clashes == ()


def test_a_choice_for_another_field_does_not_settle_the_clash():
    theirs, mine = {**BASE, "text": "Deras text."}, {**BASE, "text": "Min text."}
    with pytest.raises(MergeConflict):
        merge.resolve(BASE, theirs, mine, {"theme": "min", "text": "vet inte"})


def test_blank_line_endings_and_list_order_are_not_changes():
    base = {"background": None, "text": "Rad ett\nrad två", "sources": ["a", "b"]}
    theirs = {"background": "", "text": "Rad ett\r\nrad två ", "sources": ["b", "a"]}
    result = merge.merge(base, theirs, dict(base))
    assert result.kept == () and result.clashes == ()


def test_a_field_the_form_does_not_edit_is_reported_when_they_changed_it():
    theirs = {**BASE, "order": 3}
    mine = {k: v for k, v in BASE.items() if k != "order"}
    result = merge.merge(BASE, theirs, mine)
    assert result.values["order"] == 3
    assert [(c.field, c.base, c.theirs) for c in result.kept] == [("order", 0, 3)]


def test_an_unknown_base_asks_about_every_difference_and_nothing_else():
    theirs = {**BASE, "theme": "Trygghet"}
    result = merge.merge(None, theirs, {**BASE, "text": "Min text."})
    assert sorted(_fields(result.clashes)) == ["text", "theme"]
    assert result.clashes[0].base is None
    assert merge.merge(None, dict(BASE), dict(BASE)).clashes == ()


def test_long_texts_travel_as_a_fingerprint_and_still_merge():
    long_text = "Stycke. " * 400
    carried = merge.shrink({"text": long_text, "title": "Program"})
    assert carried["text"]["chars"] == len(long_text) and "digest" in carried["text"]
    assert carried["title"] == "Program"
    # They retitled, I kept the text: no clash, their title stays, the text is mine (same).
    result = merge.merge(carried, {"text": long_text, "title": "Nytt"},
                         {"text": long_text, "title": "Program"})
    assert result.values == {"text": long_text, "title": "Nytt"} and result.clashes == ()
    # Both changed the text: a clash, whose base is the fingerprint with the text's start.
    result = merge.merge(carried, {"text": long_text + "Deras."},
                         {"text": long_text + "Mitt."})
    assert _fields(result.clashes) == ["text"]
    assert result.clashes[0].base["start"].startswith("Stycke.")


def test_grouped_fields_clash_together():
    base = {"value": 1, "quote": "Gammalt citat.", "source": "a", "evidence": "goal",
            "note": None}
    theirs = {**base, "quote": "Deras citat."}
    mine = {**base, "value": 2, "note": "Min kommentar."}
    apart = merge.merge(base, theirs, mine)
    assert apart.clashes == () and apart.values["value"] == 2
    together = merge.merge(base, theirs, mine, groups=merge.CELL_GROUPS)
    assert sorted(_fields(together.clashes)) == ["quote", "value"]
    # The note is outside the coding group: mine, without a question.
    settled = merge.resolve(base, theirs, mine, {"quote": "deras", "value": "min"},
                            merge.CELL_GROUPS)
    assert settled.values == {**base, "value": 2, "quote": "Deras citat.",
                              "note": "Min kommentar."}


def test_opened_start_uses_the_carried_base_only_for_its_own_item():
    current = {"text": "Nu."}
    assert Opened(row_id=7, row_version=1, base={"text": "Då."}).start(7, 5, current) == {
        "text": "Då."}
    assert Opened(row_id=7, row_version=1, base={"text": "Då."}).start(8, 5, current) is None
    assert Opened(row_version=5).start(7, 5, current) == current
    assert Opened(row_version=4).start(7, 5, current) is None
    assert Opened().start(7, 5, current) == current


def test_the_examples_in_the_docstrings_hold():
    import doctest

    assert doctest.testmod(merge).failed == 0
