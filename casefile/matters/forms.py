"""Forms for creating and editing matters, their parties, invoices, holds and stage changes."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from casefile.domain.money import CURRENCIES
from casefile.domain.parties import JURISDICTIONS, DebtType, HoldKind, PartyKind, PartyRole
from casefile.domain.stages import Outcome, Stage
from casefile.web.fields import (
    MoneyField,
    email_address,
    enum_choices,
    options,
    positive_cents,
)


def _blank_is_none(value):
    return value or None


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class MatterDetailsForm(FlaskForm):
    client_id = SelectField("Client", coerce=_int_or_none, validators=[DataRequired()])
    client_reference = StringField("Client's reference", validators=[Length(max=60)])
    debt_type = SelectField("Debt", choices=enum_choices(DebtType))
    jurisdiction = SelectField("Jurisdiction", choices=options(JURISDICTIONS.items()))
    placed_on = DateField("Placed on", validators=[DataRequired()])
    attorney_id = SelectField("Responsible attorney", coerce=_int_or_none)
    paralegal_id = SelectField("Paralegal", coerce=_int_or_none)
    summary = TextAreaField("Summary", validators=[Length(max=5000)])
    version = HiddenField()


class InvoiceRowForm(Form):
    number = StringField("Invoice no.", validators=[Length(max=60)])
    issued_on = DateField("Issued", validators=[Optional()])
    due_on = DateField("Due", validators=[Optional()])
    amount = MoneyField("Amount", validators=[positive_cents])
    currency = SelectField("Currency", choices=options((c, c) for c in CURRENCIES), default="USD")

    def is_blank(self) -> bool:
        return not (
            self.number.data
            or self.issued_on.data
            or self.due_on.data
            or (self.amount.data or "").strip()
        )


class DebtorFields(Form):
    kind = SelectField("Debtor is a", choices=enum_choices(PartyKind))
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    aliases = TextAreaField("Also known as (one per line)", validators=[Length(max=2000)])
    line1 = StringField("Street", validators=[Length(max=200)])
    line2 = StringField("Street, line 2", validators=[Length(max=200)])
    city = StringField("City", validators=[Length(max=100)])
    region = StringField("State", validators=[Length(max=60)])
    postal_code = StringField("ZIP", validators=[Length(max=20)])
    email = EmailField("E-mail", validators=[Optional(), email_address, Length(max=254)])
    phone = TelField("Phone", validators=[Length(max=40)])


class NewMatterForm(MatterDetailsForm):
    debtor = FormField(DebtorFields)
    invoices = FieldList(FormField(InvoiceRowForm), min_entries=3, max_entries=50)


class PartyForm(FlaskForm):
    role = SelectField("Role", choices=enum_choices(PartyRole))
    details = FormField(DebtorFields, label="")


class InvoiceForm(FlaskForm):
    number = StringField("Invoice no.", validators=[DataRequired(), Length(max=60)])
    issued_on = DateField("Issued", validators=[DataRequired()])
    due_on = DateField("Due", validators=[DataRequired()])
    amount = MoneyField("Amount", validators=[DataRequired(), positive_cents])
    currency = SelectField("Currency", choices=options((c, c) for c in CURRENCIES), default="USD")


class StageForm(FlaskForm):
    target = SelectField("Move to", choices=enum_choices(Stage))
    outcome = SelectField(
        "Outcome (when closing)", choices=enum_choices(Outcome, blank="—"), coerce=_blank_is_none
    )
    reason = TextAreaField("Reason", validators=[DataRequired(), Length(max=2000)])
    version = HiddenField()


class ReopenForm(FlaskForm):
    reason = TextAreaField("Reason for reopening", validators=[DataRequired(), Length(max=2000)])
    version = HiddenField()


class HoldForm(FlaskForm):
    kind = SelectField("Hold", choices=enum_choices(HoldKind))
    party_id = SelectField("On party", coerce=_int_or_none)
    since_on = DateField("Since", validators=[DataRequired()])
    details = TextAreaField(
        "Evidence (document, call, notice)", validators=[DataRequired(), Length(max=2000)]
    )


class LiftHoldForm(FlaskForm):
    reason = TextAreaField("Why is the hold lifted?", validators=[DataRequired(), Length(max=2000)])


class MatterFilterForm(FlaskForm):
    """The list's filters, read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField("Search", validators=[Length(max=100)])
    stage = SelectField("Stage", choices=enum_choices(Stage, blank="Any stage"))
    client = SelectField("Client", coerce=_int_or_none)
    attorney = SelectField("Attorney", coerce=_int_or_none)
    paralegal = SelectField("Paralegal", coerce=_int_or_none)
    hold = SelectField(
        "Holds",
        choices=[
            *options([("", "Any"), ("any", "Any active hold"), ("none", "No active hold")]),
            *enum_choices(HoldKind),
        ],
    )
    sort = SelectField(
        "Sort",
        choices=options(
            [
                ("placed", "Placed"),
                ("reference", "Reference"),
                ("debtor", "Debtor"),
                ("stage", "Stage"),
            ]
        ),
    )
    direction = SelectField(
        "Order", choices=options([("desc", "Descending"), ("asc", "Ascending")])
    )
    page = IntegerField(validators=[Optional()])
