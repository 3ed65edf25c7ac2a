"""The voter's forms. They are GET forms: answers live in the URL, nothing is stored, so
there is no state to protect with a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional

from ..inputs import BoundedIntegerField

ANSWER_CHOICES = ("-2", "-1", "0", "1", "2", "hoppa")


class AnswerForm(FlaskForm):
    """One answer: statement number, the answer (or skip) and its weight."""

    class Meta:
        csrf = False

    nr = BoundedIntegerField(validators=[InputRequired(), NumberRange(min=1)])
    svar = StringField(validators=[InputRequired(), AnyOf(ANSWER_CHOICES)])
    vikt = StringField(default="1", validators=[Optional(), AnyOf(("0.5", "1", "2"))])
    sedan = StringField(validators=[Optional(), AnyOf(("resultat",))])
