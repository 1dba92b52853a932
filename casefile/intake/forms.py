"""The attorney's decision on a placement."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    DecimalField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from casefile.domain.parties import JURISDICTIONS, DebtType
from casefile.domain.receivables import DATE_FORMATS, MAPPABLE, ColumnMapping
from casefile.matters.forms import DebtorFields, InvoiceRowForm
from casefile.web.fields import enum_choices, options


class AcceptForm(FlaskForm):
    attorney_id = SelectField("Responsible attorney", coerce=int, validate_choice=True)
    paralegal_id = SelectField("Paralegal", coerce=int, validate_choice=True)
    note = StringField("Note for the file (optional)", validators=[Length(max=500)])
    version = HiddenField()


class RejectForm(FlaskForm):
    reason = TextAreaField(
        "Why (the client sees this)", validators=[DataRequired(), Length(max=1000)]
    )
    version = HiddenField()


class ExportUploadForm(FlaskForm):
    file = FileField(
        "Receivables export (.csv or .xlsx)",
        validators=[FileRequired("Choose the CSV file exported from your accounting system.")],
    )


class PlaceExportForm(FlaskForm):
    debt_type = SelectField("These debts are", choices=enum_choices(DebtType))
    jurisdiction = SelectField("Where the debtors are", choices=options(JURISDICTIONS.items()))


class PlacementForm(FlaskForm):
    client_reference = StringField("Your reference (optional)", validators=[Length(max=60)])
    debt_type = SelectField("The debt is", choices=enum_choices(DebtType))
    jurisdiction = SelectField("Where the debtor is", choices=options(JURISDICTIONS.items()))
    debtor = FormField(DebtorFields)
    invoices = FieldList(FormField(InvoiceRowForm), min_entries=3, max_entries=50)
    contract_rate = DecimalField(
        "Contract interest rate (% a year, if the contract sets one)",
        validators=[Optional(), NumberRange(0, 100)],
    )
    contract_basis = SelectField(
        "Day count",
        choices=options([(365, "actual/365"), (360, "actual/360")]),
        coerce=int,
        default=365,
    )
    payment_terms = StringField("Payment terms (e.g. net 30)", validators=[Length(max=200)])
    late_fee_clause = TextAreaField("Late-fee clause", validators=[Length(max=2000)])
    attorney_fee_clause = TextAreaField("Attorney-fee clause", validators=[Length(max=2000)])
    prior_contacts = TextAreaField(
        "Reminders and contacts so far (date, how, what happened)",
        validators=[Length(max=5000)],
    )
    dispute = TextAreaField(
        "Has the debtor disputed the debt? What did they say?", validators=[Length(max=5000)]
    )
    arrangement = TextAreaField(
        "Any payment arrangement tried, and what became of it", validators=[Length(max=5000)]
    )
    documents = MultipleFileField("Supporting documents (invoices, contract, statements, e-mails)")

    def validate_contract_rate(self, field):
        if field.data is not None and (field.data * 100) % 1:
            raise ValidationError("Give the rate with at most two decimals, e.g. 1.5 or 18.25.")


class ColumnMappingForm(FlaskForm):
    """Which column of an unknown export holds what; choices are filled from its header row."""

    customer = SelectField("Customer (the debtor)")
    invoice_number = SelectField("Invoice number")
    issue_date = SelectField("Issue date")
    due_date = SelectField("Due date")
    amount = SelectField("Amount unpaid")
    currency = SelectField("Currency (optional; USD when absent)")
    date_format = SelectField(
        "Dates are written like",
        choices=options((pattern, example) for pattern, example in DATE_FORMATS.items()),
    )
    decimal_comma = BooleanField("Amounts use a decimal comma (1.234,50)")

    def fill(self, headers: list[str]) -> "ColumnMappingForm":
        columns = [(str(i), f"{i + 1}: {name or '(no heading)'}") for i, name in enumerate(headers)]
        for name in MAPPABLE:
            getattr(self, name).choices = options([("", "—"), *columns])
        return self

    def mapping(self) -> ColumnMapping:
        chosen = {
            name: int(getattr(self, name).data) for name in MAPPABLE if getattr(self, name).data
        }
        return ColumnMapping(chosen, self.date_format.data, self.decimal_comma.data)
