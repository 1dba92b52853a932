"""The attorney's decision on a placement; the client's placement forms."""

from datetime import date

from flask import flash, request
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

from casefile.documents.services import MAX_FILE_BYTES, Upload
from casefile.domain.errors import CasefileError
from casefile.domain.parties import JURISDICTIONS, DebtType, PartyRole
from casefile.domain.receivables import DATE_FORMATS, MAPPABLE, ColumnMapping
from casefile.intake.placements import PlacementTerms
from casefile.matters.forms import DebtorFields, InvoiceRowForm, party_data, show_matter_form_error
from casefile.matters.services import MatterData, PartyData
from casefile.web.fields import email_address, enum_choices, options
from casefile.web.helpers import show_error


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

    def matter_data(self, client_id: int, placed_on: date) -> MatterData:
        return MatterData(
            client_id=client_id,
            debt_type=DebtType(self.debt_type.data),
            jurisdiction=self.jurisdiction.data,
            placed_on=placed_on,
            client_reference=self.client_reference.data or "",
        )

    def debtor_data(self) -> PartyData:
        return party_data(self.debtor.form, PartyRole.DEBTOR)

    def terms(self) -> PlacementTerms:
        rate = self.contract_rate.data
        return PlacementTerms(
            contract_rate_bps=int(rate * 100) if rate is not None else None,
            contract_basis=self.contract_basis.data,
            late_fee_clause=self.late_fee_clause.data or "",
            attorney_fee_clause=self.attorney_fee_clause.data or "",
            payment_terms=self.payment_terms.data or "",
            prior_contacts=self.prior_contacts.data or "",
            dispute=self.dispute.data or "",
            arrangement=self.arrangement.data or "",
        )

    def uploads(self) -> list[Upload]:
        return [
            Upload(f.filename or "unnamed", f.read(MAX_FILE_BYTES + 1))
            for f in self.documents.data or []
            if f and f.filename
        ]

    def show_error(self, error: CasefileError) -> None:
        """A refusal goes next to the field it is about."""
        if error.field == "documents":
            self.documents.errors = [error.message]
        elif error.field and hasattr(self, error.field):
            show_error(self, error)
        else:
            show_matter_form_error(self, error)

    def ask_for_files_again(self) -> None:
        if (
            request.method == "POST"
            and self.documents.data
            and any(f and f.filename for f in self.documents.data)
        ):
            flash("Choose the documents again: browsers do not keep files after an error.", "info")


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


class ReferralForm(PlacementForm):
    """The public page: who is referring, then the same placement as a client's."""

    business = StringField("Your business", validators=[DataRequired(), Length(max=200)])
    contact_name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email = StringField("Your e-mail", validators=[DataRequired(), email_address, Length(max=254)])
    phone = StringField("Your phone", validators=[Length(max=40)])
    business_address = TextAreaField("Your business address", validators=[Length(max=1000)])
    # A field people never see (hidden by CSS and from screen readers); robots fill it in.
    website = StringField("Leave this empty", validators=[Length(max=200)])
