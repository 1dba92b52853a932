"""Forms for generating, reviewing and sending letters, and for uploading templates."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from casefile.domain.compliance import LetterKind
from casefile.domain.parties import DebtType
from casefile.domain.stages import Stage
from casefile.letters.models import SendMethod
from casefile.web.fields import MoneyField, OnceForm, enum_choices, options

FREQUENCIES = options(
    [("monthly", "Monthly"), ("every_two_weeks", "Every two weeks"), ("weekly", "Weekly")]
)


class GenerateForm(OnceForm):
    """Which template, and the terms when the template needs them."""

    template = SelectField("Letter", choices=[])
    amount = MoneyField("Amount (settlement sum, plan total or missed installment)")
    on = DateField("Date (pay by, first installment, or installment missed)", [Optional()])
    down_payment = MoneyField("Down payment (plans)")
    count = IntegerField("Installments (plans)", [Optional(), NumberRange(1, 120)])
    frequency = SelectField("Frequency (plans)", [Optional()], choices=FREQUENCIES)


class ReturnForm(FlaskForm):
    comment = TextAreaField("What needs to change", [DataRequired(), Length(max=2000)])


class SentForm(FlaskForm):
    sent_on = DateField("Sent on", [DataRequired()])
    method = SelectField("How", choices=enum_choices(SendMethod))
    tracking_number = StringField("Tracking number (certified mail)", [Length(max=60)])


class VersionForm(FlaskForm):
    file = FileField("The template (.docx)", [FileRequired()])
    note = StringField("What changed", [Length(max=500)])


class NewTemplateForm(VersionForm):
    key = StringField("Short name (letters, digits and _)", [DataRequired(), Length(min=3, max=60)])
    title = StringField("Title", [DataRequired(), Length(max=120)])
    purpose = TextAreaField("Purpose", [Length(max=1000)])
    stages = SelectMultipleField(
        "Stages it applies to", choices=enum_choices(Stage), validators=[DataRequired()]
    )
    debt_types = SelectMultipleField(
        "Debts", choices=enum_choices(DebtType), validators=[DataRequired()]
    )
    letter_kind = SelectField(
        "Kind (what the compliance guard judges)", choices=enum_choices(LetterKind)
    )
    addressed_to = SelectField(
        "Addressed to", choices=options([("debtor", "The debtor"), ("client", "The client")])
    )
    needs_approval = BooleanField("An attorney approves a paralegal's letter", default=True)
    pay_within_business_days = IntegerField("Pay within (business days)", [NumberRange(0, 90)])
    response_days = IntegerField("Response expected within (days)", [NumberRange(0, 120)])
    terms = SelectField(
        "Terms entered when generating",
        choices=options(
            [("", "None"), ("settlement", "Settlement"), ("plan", "Payment plan"),
             ("missed", "Missed installment")]
        ),
    )  # fmt: skip


class BatchForm(FlaskForm):
    matter_ids = SelectMultipleField("Matters", coerce=int, choices=[])


class LadderForm(FlaskForm):
    """Up to eight steps; a blank letter ends the ladder."""

    letters = FieldList(SelectField("Letter", choices=[]), min_entries=8, max_entries=8)
    waits = FieldList(IntegerField("Wait (days)", [Optional(), NumberRange(0, 365)]),
                      min_entries=8, max_entries=8)  # fmt: skip
