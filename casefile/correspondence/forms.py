"""Forms for recording correspondence on a matter."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from casefile.correspondence.models import CallOutcome
from casefile.domain.compliance import LetterKind
from casefile.web.fields import MoneyField, enum_choices, options

LETTER_KINDS = options(
    [
        (LetterKind.VALIDATION_NOTICE.value, "Validation notice"),
        (LetterKind.COLLECTION.value, "Reminder or demand"),
        (LetterKind.INTENT_TO_SUE.value, "Notice of intent to sue"),
        (LetterKind.VERIFICATION.value, "Verification of the debt"),
        (LetterKind.EFFORTS_ENDING.value, "Notice that efforts are ending"),
        (LetterKind.REMEDY_NOTICE.value, "Notice of a specific remedy"),
    ]
)


class NoteForm(FlaskForm):
    body = TextAreaField("Note", validators=[DataRequired(), Length(max=10_000)])
    client_visible = BooleanField("The client may see this note")


class CallForm(FlaskForm):
    at = DateTimeLocalField("When (your local time)", validators=[DataRequired()])
    direction = SelectField(
        "Call", choices=options([("out", "We called the debtor"), ("in", "The debtor called")])
    )
    phone = StringField("Number", validators=[Length(max=40)])
    outcome = SelectField("Outcome", choices=enum_choices(CallOutcome))
    duration_minutes = IntegerField("Minutes", validators=[Optional(), NumberRange(0, 600)])
    notes = TextAreaField("What was said", validators=[Length(max=10_000)])
    promise_on = DateField("Promised to pay on", validators=[Optional()])
    promise_amount = MoneyField("Promised amount", validators=[Optional()])


class LetterForm(FlaskForm):
    kind = SelectField("Letter", choices=LETTER_KINDS)
    sent_on = DateField("Sent on", validators=[DataRequired()])
    subject = StringField("Subject or title", validators=[DataRequired(), Length(max=200)])
    notes = TextAreaField("Notes", validators=[Length(max=5000)])


class EmailForm(FlaskForm):
    direction = SelectField(
        "E-mail",
        choices=options([("in", "Received from the debtor"), ("out", "Sent to the debtor")]),
    )
    eml = FileField("The e-mail as an .eml file (saved from your mail program)")
    sent_at = DateTimeLocalField("Or paste it: sent (your local time)", validators=[Optional()])
    sender = StringField("From", validators=[Length(max=300)])
    recipients = StringField("To", validators=[Length(max=1000)])
    subject = StringField("Subject", validators=[Length(max=200)])
    body = TextAreaField("Text", validators=[Length(max=100_000)])


class PaperForm(FlaskForm):
    file = FileField("The scan or file (PDF, Word, image)", validators=[FileRequired()])
    received_on = DateField("Received on", validators=[DataRequired()])
    description = StringField(
        "What it is (e.g. answer to the complaint)", validators=[DataRequired(), Length(max=200)]
    )


class ClientMessageForm(FlaskForm):
    body = TextAreaField(
        "Message to the firm", validators=[DataRequired("Write the message."), Length(max=10_000)]
    )
