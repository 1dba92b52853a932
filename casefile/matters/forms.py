"""Forms for creating and editing matters, their parties, invoices, holds and stage changes."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
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

from casefile.domain.errors import CasefileError
from casefile.domain.money import CURRENCIES
from casefile.domain.parties import (
    BANKRUPTCY_CHAPTERS,
    BANKRUPTCY_ENDS,
    JURISDICTIONS,
    DebtType,
    HoldEnd,
    HoldKind,
    PartyKind,
    PartyRole,
)
from casefile.domain.stages import Outcome, Stage
from casefile.matters import services
from casefile.web.fields import (
    MoneyField,
    email_address,
    enum_choices,
    options,
    positive_cents,
)
from casefile.web.helpers import show_error


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
    since_on = DateField("Since", validators=[Optional()])
    details = TextAreaField(
        "Evidence (document, call, notice)", validators=[DataRequired(), Length(max=2000)]
    )
    evidence = FileField("The notice or letter itself (optional)")
    # A bankruptcy's case, from the notice of filing (the stay runs from the filing date).
    case_number = StringField("Bankruptcy case number", validators=[Length(max=60)])
    chapter = SelectField(
        "Chapter",
        choices=options([("", "—"), *((c, f"Chapter {c}") for c in BANKRUPTCY_CHAPTERS)]),
        coerce=_int_or_none,
    )
    court = StringField("Bankruptcy court", validators=[Length(max=120)])
    filed_on = DateField("Petition filed on", validators=[Optional()])

    def bankruptcy_case(self) -> services.BankruptcyCase:
        return services.BankruptcyCase(
            self.case_number.data or "",
            self.chapter.data,
            self.court.data or "",
            self.filed_on.data,
        )


class LiftHoldForm(FlaskForm):
    reason = TextAreaField("Why is the hold lifted?", validators=[DataRequired(), Length(max=2000)])
    ends = SelectField(
        "How did it end?",
        choices=options([(e.value, e.label) for e in (HoldEnd.RESOLVED, *BANKRUPTCY_ENDS)]),
        default=HoldEnd.RESOLVED.value,
    )


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


def party_data(fields, role: PartyRole) -> services.PartyData:
    """The party described by DebtorFields."""
    address = []
    if (fields.line1.data or "").strip() or (fields.city.data or "").strip():
        address = [
            services.AddressData(
                line1=fields.line1.data or "",
                line2=fields.line2.data or "",
                city=fields.city.data or "",
                region=fields.region.data or "",
                postal_code=fields.postal_code.data or "",
            )
        ]
    return services.PartyData(
        name=fields.name.data or "",
        kind=PartyKind(fields.kind.data),
        role=role,
        aliases=fields.aliases.data or "",
        emails=[fields.email.data or ""],
        phones=[fields.phone.data or ""],
        addresses=address,
    )


def invoice_rows(form) -> list[services.InvoiceData]:
    """The filled-in rows of a form's `invoices` list; a half-filled row is an error."""
    rows = []
    for position, entry in enumerate(form.invoices, start=1):
        row = entry.form
        if row.is_blank():
            continue
        missing = [f.label.text for f in (row.number, row.issued_on, row.due_on) if not f.data] + (
            ["Amount"] if row.amount.cents is None else []
        )
        if missing:
            raise CasefileError(
                f"Invoice row {position}: enter {', '.join(missing)}.", field="invoices"
            )
        rows.append(
            services.InvoiceData(
                row.number.data,
                row.issued_on.data,
                row.due_on.data,
                row.amount.cents,
                row.currency.data,
            )
        )
    return rows


def show_matter_form_error(form, error: CasefileError) -> None:
    """Put a refusal next to the debtor fields, the invoice rows, or on the form."""
    if error.field in {"name", "email", "phone", "line1"}:
        show_error(form.debtor.form, error)
    elif error.field in {"number", "issued_on", "due_on", "amount", "currency", "invoices"}:
        form.invoices.errors = [*list(form.invoices.errors or []), error.message]
    else:
        show_error(form, error)
