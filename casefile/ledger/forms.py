"""Forms for money on a matter. Amounts are exact cents (MoneyField), never floats."""

from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from casefile.domain.balance import Component
from casefile.ledger.models import PAYMENT_METHODS
from casefile.web.fields import MoneyField, OnceForm, enum_choices, options, positive_cents


class PaymentForm(OnceForm):
    on = DateField("Received on", validators=[DataRequired()])
    amount = MoneyField("Amount", validators=[DataRequired(), positive_cents])
    method = SelectField(
        "Method", choices=options((m, m.replace("_", " ").capitalize()) for m in PAYMENT_METHODS)
    )
    payer = StringField("Paid by", validators=[DataRequired(), Length(max=200)])
    reference = StringField("Reference (check no., transaction id)", validators=[Length(max=80)])
    received_by = SelectField(
        "Received by",
        choices=options([("firm", "The firm (into trust)"), ("client", "The client directly")]),
    )
    memo = TextAreaField("Note", validators=[Length(max=1000)])


class ChargeForm(OnceForm):
    kind = SelectField(
        "Kind",
        choices=options(
            [("cost", "Cost advanced (court fee, service)"), ("fee", "Fee (awarded, contractual)")]
        ),
    )
    on = DateField("Date", validators=[DataRequired()])
    amount = MoneyField("Amount", validators=[DataRequired(), positive_cents])
    memo = StringField("What for", validators=[DataRequired(), Length(max=500)])


class AdjustmentForm(OnceForm):
    component = SelectField("Part of the balance", choices=enum_choices(Component))
    direction = SelectField(
        "Direction", choices=options([("-", "Reduce (e.g. waive)"), ("+", "Increase")])
    )
    on = DateField("Date", validators=[DataRequired()])
    amount = MoneyField("Amount", validators=[DataRequired(), positive_cents])
    memo = StringField("Why", validators=[DataRequired(), Length(max=500)])


class ReverseForm(OnceForm):
    on = DateField("Reversal date", validators=[DataRequired()])
    reason = StringField("Why (e.g. returned unpaid)", validators=[DataRequired(), Length(max=500)])


class InterestTermForm(FlaskForm):
    rate = DecimalField(
        "Annual rate (%)", places=2, validators=[DataRequired(), NumberRange(0, 100)]
    )
    basis = SelectField(
        "Day count", coerce=int, choices=options([(365, "Actual/365"), (360, "Actual/360")])
    )
    start_on = DateField("From", validators=[DataRequired()])
    end_on = DateField("Until (blank: open-ended)", validators=[Optional()])
    label = StringField("Source (e.g. credit agreement §4)", validators=[Length(max=120)])
