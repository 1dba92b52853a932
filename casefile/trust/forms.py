"""Forms for the trust pages. Amounts are exact cents (MoneyField), never floats."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from casefile.web.fields import MoneyField, OnceForm, options, positive_cents


class MovementForm(OnceForm):
    kind = SelectField(
        "Movement",
        choices=options(
            [
                ("deposit", "Deposit: money received for the client"),
                ("refund", "Refund: money paid out of the client's trust ledger"),
            ]
        ),
    )
    client_id = SelectField("Client", coerce=int, validate_choice=True)
    matter = StringField("Matter reference (optional)", validators=[Length(max=20)])
    on = DateField("Date", validators=[DataRequired()])
    amount = MoneyField("Amount", validators=[DataRequired(), positive_cents])
    counterparty = StringField(
        "Received from / paid to", validators=[DataRequired(), Length(max=200)]
    )
    reference = StringField("Check no. or transfer id", validators=[Length(max=80)])
    memo = TextAreaField("What for", validators=[DataRequired(), Length(max=1000)])


class RemittanceRunForm(OnceForm):
    through = DateField("Payments received through", validators=[DataRequired()])


class ReconciliationForm(FlaskForm):
    month = StringField("Month (YYYY-MM)", validators=[DataRequired(), Length(min=7, max=7)])
    statement_balance = MoneyField("Bank statement ending balance", validators=[DataRequired()])
    deposits_in_transit = MoneyField("Deposits in transit", validators=[Optional()])
    outstanding_checks = MoneyField("Outstanding checks", validators=[Optional()])
    note = TextAreaField("Note", validators=[Length(max=1000)])
