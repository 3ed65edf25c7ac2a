"""The admin's forms. CSRF protection is on for every POST form (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from ..inputs import BoundedIntegerField
from ..labels import EVIDENCE_LABELS, REVIEW_LABELS
from ..questionsets import limits
from ..questionsets.definitions import COLOUR_RE, KEY_RE
from .formchecks import source_text_error

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - WTForms < 3.3 takes (value, label) tuples

    def SelectChoice(value, label=None):  # noqa: N802 - stands in for the class
        return (value, value if label is None else label)


class TextArea(TextAreaField):
    """A text area whose value has \\n line endings, whatever the browser or paste sent."""

    def process_formdata(self, valuelist) -> None:
        """Normalise CR LF and lone CR to LF."""
        super().process_formdata(valuelist)
        if isinstance(self.data, str):
            self.data = self.data.replace("\r\n", "\n").replace("\r", "\n")


def options(pairs) -> list:
    """Turn (value, label) pairs into the choices of a select, radio or checkbox field."""
    return [SelectChoice(value, label) for value, label in pairs]


REQUIRED = _l("Fyll i fältet.")
KEY_MESSAGE = _l("Bara små bokstäver a–z, siffror och bindestreck (inte först eller sist).")
LEVEL_CHOICES = options([(5, _l("5 nivåer (−2 … +2)")), (3, _l("3 nivåer (−1 … +1)"))])
MISSING_CHOICES = options([
    ("exclude", _l("Utesluts: påståendet räknas inte för partiet")),
    ("neutral", _l("Neutral: saknad ståndpunkt räknas som 0")),
    ("penalize", _l("Straffas: räknas som motsatsen till väljarens svar")),
])
DIRECTION_CHOICES = options([
    ("", _l("Ingen riktning angiven (påståendet handlar inte om mer eller mindre)")),
    ("more", _l("Mer: att hålla med betyder fler åtgärder eller mer kontroll")),
    ("less", _l("Mindre: att hålla med betyder färre åtgärder eller mindre kontroll")),
])
EVIDENCE_CHOICES = options([("", _l("– inte angivet –"))] + [
    (kind, label) for kind, label in EVIDENCE_LABELS.items()])
REVIEW_CHOICES = options(list(REVIEW_LABELS.items()))
ACTOR_CHOICES = options([
    ("partier", _l("Partier: alla är partier som ställt upp i samma val")),
    ("aktörer", _l("Aktörer: partier, partigrupper eller styren från olika kommuner och år")),
])
ROLE_CHOICES = options([("editor", _l("Redaktör")), ("admin", _l("Administratör"))])


def _required():
    # DataRequired looks at the filtered data, so blank or whitespace-only input is refused.
    return DataRequired(message=REQUIRED)


def _max(n: int):
    return Length(max=n, message=_l("Högst %(max)d tecken."))


NO_POSITION = "ingen"


def restart(form: FlaskForm, row_version: int) -> None:
    """Point a form at the current row version (after a conflict), keeping the user's input."""
    form.row_version.data = row_version
    form.row_version.raw_data = [str(row_version)]


def _strip_nul(value):
    # PostgreSQL text cannot hold NUL characters, and no editor means to type one.
    return value.replace("\x00", "") if isinstance(value, str) else value


class AdminForm(FlaskForm):
    """Base of the admin forms: every field drops NUL characters from its input."""

    warnings: tuple[str, ...] = ()  # shown on the form before it saves (formchecks.held_back)

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Add the NUL filter to every field."""
            filters = unbound_field.kwargs.get("filters", [])
            return unbound_field.bind(form=form, filters=[*filters, _strip_nul], **options)


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ButtonForm(AdminForm):
    """A POST button: only the CSRF token."""


class MoveForm(AdminForm):
    """Move an item one place up or down."""

    riktning = HiddenField(validators=[AnyOf(("upp", "ned"))])


class RestoreForm(AdminForm):
    """Restore a logged state into a draft: the draft, and a digest of the item as it was
    when the log was shown (a change since then is a conflict)."""

    version = BoundedIntegerField(validators=[InputRequired(), NumberRange(min=1)])
    seen = HiddenField(validators=[InputRequired(), Length(max=64)])


class LoginForm(AdminForm):
    """Sign in with e-mail and password."""

    email = StringField(_l("E-postadress"), validators=[_required(), _max(254)])
    password = PasswordField(_l("Lösenord"), validators=[_required(),
                                                         _max(MAX_PASSWORD_LENGTH)])


class SetForm(AdminForm):
    """A set's metadata."""

    title = StringField(_l("Titel"), validators=[_required(), _max(limits.TITLE)])
    description = TextArea(_l("Beskrivning"), validators=[_required()])
    municipality = StringField(_l("Kommun"), validators=[_required(), _max(limits.MUNICIPALITY)])
    election = StringField(_l("Val (valfritt)"), validators=[Optional(), _max(limits.ELECTION)])
    year = BoundedIntegerField(_l("År"), validators=[
        InputRequired(message=_l("Ange ett årtal.")),
        NumberRange(min=1900, max=2100, message=_l("Ange ett år mellan 1900 och 2100."))])
    language = StringField(_l("Textens språk (språkkod)"), default="sv", validators=[
        _required(), Regexp(r"^[a-z]{2,3}$", message=_l("Ange en språkkod som sv."))])
    levels = SelectField(_l("Svarsskala"), coerce=int, choices=LEVEL_CHOICES, default=5)
    missing = SelectField(_l("Saknad ståndpunkt"), choices=MISSING_CHOICES, default="exclude")
    coded_by = StringField(_l("Kodad av"), validators=[_required(), _max(limits.CODED_BY)])
    title_en = StringField(_l("Titel på engelska (valfritt)"),
                           validators=[Optional(), _max(limits.TITLE)])
    description_en = TextArea(_l("Beskrivning på engelska (valfritt)"),
                                   validators=[Optional()])
    actors = SelectField(_l("Vad jämförs?"), choices=ACTOR_CHOICES, default="partier",
                         validators=[AnyOf(("partier", "aktörer"),
                                           message=_l("Välj partier eller aktörer."))])
    framing = TextAreaField(_l("Rad om vad som jämförs (valfritt)"),
                            validators=[Optional(), _max(1000)])
    framing_en = TextAreaField(_l("Raden på engelska (valfritt)"),
                               validators=[Optional(), _max(1000)])


class CodingForm(AdminForm):
    """Who made a coding (its label); the cells are read from the blind coding grid."""

    coder = StringField(_l("Vem kodar? (till exempel Kodare B)"),
                        validators=[_required(), _max(200)])


class NewSetForm(SetForm):
    """A new set: metadata plus its short name in URLs."""

    slug = StringField(_l("Kortnamn i adressen"), validators=[
        _required(), _max(limits.KEY), Regexp(KEY_RE.pattern, message=KEY_MESSAGE)])


class StatementForm(AdminForm):
    """A statement's texts."""

    key = StringField(_l("Nyckel (lämna tom för att skapa en av texten)"), validators=[
        Optional(), _max(limits.KEY), Regexp(KEY_RE.pattern, message=KEY_MESSAGE)])
    text = TextArea(_l("Påstående"), validators=[_required(), _max(limits.STATEMENT_TEXT)])
    theme = StringField(_l("Tema"), validators=[_required(), _max(limits.THEME)])
    direction = RadioField(_l("Riktning (valfritt)"), choices=DIRECTION_CHOICES, default="more",
                           validators=[Optional()])
    easy_read = TextArea(_l("Lättläst text (valfritt)"), validators=[Optional()])
    background = TextArea(_l("Bakgrund (valfritt)"), validators=[Optional()])
    text_en = TextArea(_l("Påstående på engelska"),
                            validators=[Optional(), _max(limits.STATEMENT_TEXT)])
    easy_read_en = TextArea(_l("Lättläst text på engelska"), validators=[Optional()])
    background_en = TextArea(_l("Bakgrund på engelska"), validators=[Optional()])
    theme_en = StringField(_l("Tema på engelska"), validators=[Optional(), _max(limits.THEME)])
    row_version = BoundedIntegerField(validators=[Optional()])
    # The signed values the form was opened with, for a field-level merge on save.
    base = HiddenField()


class PartyForm(AdminForm):
    """A party's names, colour and own source documents."""

    key = StringField(_l("Nyckel (lämna tom för att skapa en av kortnamnet)"), validators=[
        Optional(), _max(limits.KEY), Regexp(KEY_RE.pattern, message=KEY_MESSAGE)])
    name = StringField(_l("Namn"), validators=[_required(), _max(limits.PARTY_NAME)])
    short_name = StringField(_l("Kortnamn"), validators=[_required(), _max(limits.SHORT_NAME)])
    colour = StringField(_l("Färg (#rrggbb)"), default="#1b1b1f", validators=[
        _required(), Regexp(COLOUR_RE.pattern, message=_l("Skriv färgen som #rrggbb."))])
    sources = MultiCheckboxField(_l("Partiets egna källdokument"), choices=[])
    name_en = StringField(_l("Namn på engelska (valfritt)"),
                          validators=[Optional(), _max(limits.PARTY_NAME)])
    short_name_en = StringField(_l("Kortnamn på engelska (valfritt)"),
                                validators=[Optional(), _max(limits.SHORT_NAME)])
    row_version = BoundedIntegerField(validators=[Optional()])
    # The signed values the form was opened with, for a field-level merge on save.
    base = HiddenField()


class PositionForm(AdminForm):
    """One cell of the matrix: value (or none), quote, source and note."""

    value = RadioField(_l("Ståndpunkt"), choices=[], default=NO_POSITION,
                       validators=[InputRequired(message=_l("Välj en ståndpunkt."))])
    # No Optional() here: it would stop the checks below from running on an empty field.
    quote = TextArea(_l("Citat (ordagrant ur källan)"))
    source = SelectField(_l("Källa"), choices=[])
    note = TextArea(_l("Redaktionens kommentar (valfritt)"), validators=[Optional()])
    note_en = TextArea(_l("Redaktionens kommentar på engelska (valfritt)"),
                       validators=[Optional()])
    evidence = SelectField(_l("Typ av belägg"), choices=EVIDENCE_CHOICES, default="")
    rationale = TextArea(_l("Kodarens motivering (intern: visas för redaktionen och partiet, "
                                 "aldrig för väljare)"), validators=[Optional()])
    review_status = SelectField(_l("Partiets granskning"), choices=REVIEW_CHOICES,
                                default="not_asked")
    review_comment = TextArea(_l("Partiets kommentar"), validators=[Optional()])
    review_counter_quote = TextArea(_l("Partiets motcitat (valfritt)"),
                                         validators=[Optional()])
    review_answer = TextArea(_l("Redaktionens offentliga svar"), validators=[Optional()])
    row_version = BoundedIntegerField(validators=[InputRequired(), NumberRange(min=0)])
    base = HiddenField()  # signed values the form was opened with (admin/conflicts.py)

    def validate_quote(self, field) -> None:
        """A stated position needs a quote and a source (the database insists, too)."""
        if self.value.data not in (NO_POSITION, None) and not (field.data or "").strip():
            raise ValidationError(_l("En ståndpunkt behöver ett ordagrant citat."))

    def validate_source(self, field) -> None:
        """A stated position names one of the party's own documents."""
        if self.value.data not in (NO_POSITION, None) and not field.data:
            raise ValidationError(_l("Välj den källa citatet kommer från."))


class ResolveForm(AdminForm):
    """Decline a party's objection with a public answer, leaving the cell as it is."""

    answer = TextArea(_l("Svar till partiet och väljarna"),
                           validators=[_required(), _max(4000)])
    row_version = BoundedIntegerField(validators=[InputRequired(), NumberRange(min=0)])


class ReviewLinkForm(AdminForm):
    """Create a party's secret review link for a draft."""

    party = SelectField(_l("Parti"), choices=[])
    days = BoundedIntegerField(_l("Giltig i antal dagar"), default=14, validators=[
        InputRequired(message=REQUIRED),
        NumberRange(min=1, max=90, message=_l("Välj mellan %(min)d och %(max)d dagar."))])


def review_link_form(parties) -> ReviewLinkForm:
    """The form that creates a review link, with the version's parties to choose from."""
    form = ReviewLinkForm()
    form.party.choices = options([(p.key, p.name) for p in parties])
    return form


def _source_text_size(_form, field) -> None:
    error = source_text_error(field.data or "")
    if error:
        raise ValidationError(error)


class SourceForm(AdminForm):
    """A source document: details, and its text pasted or uploaded."""

    key = StringField(_l("Nyckel (lämna tom för att skapa en av titeln)"), validators=[
        Optional(), _max(limits.KEY), Regexp(KEY_RE.pattern, message=KEY_MESSAGE)])
    title = StringField(_l("Titel"), validators=[_required(), _max(limits.SOURCE_TITLE)])
    publisher = StringField(_l("Utgivare"), validators=[_required(), _max(limits.PUBLISHER)])
    year = BoundedIntegerField(_l("År (valfritt)"), validators=[
        Optional(), NumberRange(min=1900, max=2100, message=_l("Ange ett år mellan 1900 "
                                                               "och 2100."))])
    url = StringField(_l("Webbadress (valfri)"), validators=[
        Optional(), _max(limits.URL),
        Regexp(r"^https?://\S+$", message=_l("Webbadressen ska börja med https:// eller "
                                              "http://."))])
    text = TextArea(_l("Text (klistra in)"), validators=[Optional(), _source_text_size])
    upload = FileField(_l("… eller ladda upp programmet: text (.txt, .md), PDF, Word (.docx) "
                                  "eller en sparad webbsida (.html)"))
    parties = MultiCheckboxField(_l("Dokumentet är eget för"), choices=[])
    title_en = StringField(_l("Titel på engelska (valfritt)"),
                           validators=[Optional(), _max(limits.SOURCE_TITLE)])
    row_version = BoundedIntegerField(validators=[Optional()])
    # The signed values the form was opened with, for a field-level merge on save.
    base = HiddenField()


class EvidenceForm(AdminForm):
    """Search the set's source documents (a GET form: nothing changes)."""

    class Meta:
        csrf = False

    q = StringField(_l("Sökord"), validators=[_required(), _max(200)])
    pastaende = SelectField(_l("Påstående att koda (valfritt)"), choices=[],
                            validators=[Optional()])


class UploadForm(AdminForm):
    """Upload one file for an import (the page names the request limit, MAX_CONTENT_LENGTH)."""

    file = FileField(_l("Fil"), validators=[FileRequired(message=_l("Välj en fil."))])


class QuestionnaireForm(UploadForm):
    """Upload a questionnaire round (CSV) and name it: the name becomes its source document."""

    title = StringField(_l("Enkätens namn (blir svarens källa)"),
                        validators=[_required(), _max(limits.SOURCE_TITLE)])


class NewUserForm(AdminForm):
    """A new account."""

    email = StringField(_l("E-postadress"), validators=[
        _required(), _max(254), Regexp(r"^[^@\s]+@[^@\s]+$",
                                       message=_l("Ange en giltig e-postadress."))])
    role = SelectField(_l("Roll"), choices=ROLE_CHOICES, default="editor")
    password = PasswordField(_l("Lösenord (minst %(n)d tecken)", n=MIN_PASSWORD_LENGTH),
                             validators=[_required(), Length(
                                 min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
                                 message=_l("Lösenordet måste ha %(min)d–%(max)d tecken."))])
    confirm = PasswordField(_l("Lösenordet igen"), validators=[
        _required(), EqualTo("password", message=_l("Lösenorden är inte lika."))])


class EditUserForm(AdminForm):
    """Change an account's role, whether it is active, and optionally its password."""

    role = SelectField(_l("Roll"), choices=ROLE_CHOICES)
    active = BooleanField(_l("Kontot är aktivt (kan logga in)"))
    password = PasswordField(_l("Nytt lösenord (lämna tomt för att behålla)"), validators=[
        Optional(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
                           message=_l("Lösenordet måste ha %(min)d–%(max)d tecken."))])
    confirm = PasswordField(_l("Nya lösenordet igen"), validators=[
        EqualTo("password", message=_l("Lösenorden är inte lika."))])
