"""Template helpers: the fast percent format equals Babel's, the fast gettext equals Jinja's."""

from __future__ import annotations

import random

import pytest
from flask_babel import format_decimal

from compass import create_app
from compass.templating import format_number, format_percent, format_percents

VALUES = ([random.Random(3).uniform(0, 100) for _ in range(2000)]
          + [k / 8 for k in range(800)] + [0.05, 0.15, 0.25, 0.35, 99.95, 999.4, 999.5,
                                           1234.5, -0.25, -3.0, 0.0, -0.0, 100.0])


@pytest.fixture(scope="module")
def plain_app():
    return create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_format_percent_rounds_and_separates_exactly_as_babel(plain_app, lang):
    with plain_app.test_request_context(f"/?lang={lang}"):
        for value in VALUES:
            for decimals in (0, 1, 2):
                pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
                expected = f"{format_decimal(value, format=pattern)}\u202f%"
                assert format_percent(value, decimals) == expected, (value, decimals)
        assert format_percent(float("nan")) == format_percent(None) == "–"
        # The table form (the result page's themes) gives the same text for every value.
        mixed = [*VALUES, None, float("nan")]
        for decimals in (0, 1):
            assert format_percents(mixed, decimals) == [format_percent(v, decimals) for v in mixed]


@pytest.mark.parametrize("lang, expected", [
    ("sv", "Hoppa över · 3 påståenden · 100 % · &lt;b&gt;"),
    ("en", "Skip · 3 statements · 100 % · &lt;b&gt;"),
])
def test_template_gettext_translates_formats_and_escapes(plain_app, lang, expected):
    template = plain_app.jinja_env.from_string(
        "{{ _('Hoppa över') }} · {{ ngettext('%(num)d påstående', '%(num)d påståenden', 3) }}"
        " · {{ _('100 %%') }} · {{ _('%(x)s', x='<b>') }}")
    with plain_app.test_request_context(f"/?lang={lang}"):
        assert template.render() == expected


NUMBERS = ([random.Random(5).uniform(-5, 5) for _ in range(3000)]
           + [k / 1000 for k in range(-3000, 3001, 7)]
           + [-0.0, 0.0, -0.004, -0.005, 0.005, 0.015, 0.125, 2.675, 1e-20, -1e-20, 999.4, 999.5,
              -999.5, 1234.5, -12345.678])


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_format_number_equals_babel_on_the_fast_path_and_off_it(plain_app, lang):
    with plain_app.test_request_context(f"/?lang={lang}"):
        for value in NUMBERS:
            assert format_number(value) == format_decimal(value, format="#,##0.##"), value


def test_constant_template_texts_are_remembered_per_language(plain_app):
    template = plain_app.jinja_env.from_string("{{ _('Hoppa över') }} {{ _('100 %% säkert') }}")
    for lang, expected in (("sv", "Hoppa över 100 % säkert"), ("en", "Skip 100 % säkert"),
                           ("sv", "Hoppa över 100 % säkert")):
        with plain_app.test_request_context(f"/?lang={lang}"):
            assert template.render() == template.render() == expected
