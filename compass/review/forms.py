"""The party's answer form: one per position on the review page (CSRF on, like every form)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from .service import MAX_TEXT

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - WTForms < 3.3 takes (value, label) tuples

    def SelectChoice(value, label=None):  # noqa: N802 - stands in for the class
        return (value, value if label is None else label)


VERDICT_CHOICES = [SelectChoice("confirm", _l("Vi bekräftar kodningen")),
                   SelectChoice("object", _l("Vi invänder mot kodningen"))]


class AnswerForm(FlaskForm):
    """Confirm a coded position, or object with a comment and an optional counter-quote."""

    verdict = RadioField(_l("Ert svar"), choices=VERDICT_CHOICES,
                         validators=[InputRequired(message=_l("Välj om ni bekräftar eller "
                                                              "invänder."))])
    # No Optional() here: it would stop the objection check below on an empty field.
    comment = TextAreaField(_l("Er kommentar (krävs om ni invänder; visas för väljarna)"),
                            validators=[Length(max=MAX_TEXT)])
    counter_quote = TextAreaField(
        _l("Citat ur er egen källa som visar er ståndpunkt (valfritt; visas för väljarna)"),
        validators=[Optional(), Length(max=MAX_TEXT)])

    def validate_comment(self, field) -> None:
        """An objection says what is wrong."""
        if self.verdict.data == "object" and not (field.data or "").strip():
            raise ValidationError(_l("Skriv vad ni invänder mot."))
