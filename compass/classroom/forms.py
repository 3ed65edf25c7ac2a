"""The classroom's forms. Everything here changes stored data, so all carry a CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from ..inputs import BoundedIntegerField

ANSWER_CHOICES = ("-2", "-1", "0", "1", "2", "hoppa")
WEIGHT_CHOICES = ("0.5", "1", "2")


class NewClassForm(FlaskForm):
    """Open a class on a published set version, optionally on a subset of its statements."""

    omgang = StringField(validators=[InputRequired(), Length(max=80)])
    version = BoundedIntegerField(validators=[InputRequired(), NumberRange(min=1)])
    pastaende = SelectMultipleField(choices=[], validate_choice=False)
    lage = StringField(default="free", validators=[Optional(), AnyOf(("free", "paced"))])


class JoinForm(FlaskForm):
    """A student types the class code."""

    kod = StringField(_l("Kod"), validators=[
        DataRequired(message=_l("Skriv koden som läraren visar.")),
        Length(max=20, message=_l("Koden har 6 tecken."))])


class StartForm(FlaskForm):
    """A student starts (joins) a class: nothing but the CSRF token."""


class ClassAnswerForm(FlaskForm):
    """One answer in a class; the statement page is shared with the voter's quiz."""

    nr = BoundedIntegerField(validators=[InputRequired(), NumberRange(min=1)])
    svar = StringField(validators=[InputRequired(), AnyOf(ANSWER_CHOICES)])
    vikt = StringField(default="1", validators=[Optional(), AnyOf(WEIGHT_CHOICES)])
    sedan = StringField(validators=[Optional(), AnyOf(("resultat",))])


class CloseForm(FlaskForm):
    """The teacher closes the class; a ticked box confirms it."""

    bekrafta_stang = BooleanField(_l("Ja, stäng klassrummet nu"), validators=[
        DataRequired(message=_l("Kryssa i rutan för att bekräfta att klassrummet ska stängas."))])


class ReleaseForm(FlaskForm):
    """The teacher shows the class picture, once the room has answered."""


class ReopenForm(FlaskForm):
    """The teacher opens a closed class again."""


class LessonForm(FlaskForm):
    """A step of a teacher-paced lesson: open the next statement, or reveal the open one."""

    steg = StringField(validators=[InputRequired(), AnyOf(("nasta", "visa"))])
    tid = BoundedIntegerField(validators=[Optional(), NumberRange(min=10, max=600)])


class DeleteForm(FlaskForm):
    """The teacher deletes the class and every answer; a ticked box confirms it."""

    bekrafta = BooleanField(_l("Ja, radera klassrummet och alla svar nu"), validators=[
        DataRequired(message=_l("Kryssa i rutan för att bekräfta att allt ska raderas."))])
