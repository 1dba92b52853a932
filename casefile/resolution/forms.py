"""Forms for negotiation and settlement. Amounts are exact cents (MoneyField), never floats."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from casefile.domain.enforcement import EnforcementKind, EnforcementStatus
from casefile.domain.plans import MAX_INSTALLMENTS, DueRule, Frequency
from casefile.resolution.models import OfferFrom, SettlementKind
from casefile.web.fields import MoneyField, OnceForm, options, positive_cents

FREQUENCIES = options(
    [
        (Frequency.MONTHLY.value, "Monthly"),
        (Frequency.EVERY_TWO_WEEKS.value, "Every two weeks"),
        (Frequency.WEEKLY.value, "Weekly"),
    ]
)
KINDS = options([(k.value, k.label) for k in SettlementKind])
DUE_RULES = options(
    [
        (DueRule.NEXT_BUSINESS_DAY.value, "Weekend or holiday: due the next business day"),
        (DueRule.AS_SCHEDULED.value, "Due on the date, even on a weekend or holiday"),
    ]
)
ON_DEFAULT = options(
    [("litigation", "Suit (litigation)"), ("judgment", "Entry of judgment (stipulated)")]
)


class OfferForm(FlaskForm):
    made_by = SelectField("Offer from", choices=options([(o.value, o.label) for o in OfferFrom]))
    made_on = DateField("Made on", validators=[DataRequired()])
    kind = SelectField("Kind", choices=KINDS)
    amount = MoneyField("Amount", validators=[DataRequired(), positive_cents])
    installments = IntegerField(
        "Installments (plan)", validators=[Optional(), NumberRange(1, MAX_INSTALLMENTS)]
    )
    frequency = SelectField("Frequency (plan)", choices=FREQUENCIES)
    terms = TextAreaField("Terms", validators=[Length(max=2000)])
    expires_on = DateField("Expires on", validators=[Optional()])


class PlanTermsForm(OnceForm):
    """The terms of an agreement: used to accept an offer and to renegotiate a plan."""

    kind = SelectField("Settle as", choices=KINDS)
    first_due = DateField("First payment due (lump sum: pay by)", validators=[DataRequired()])
    frequency = SelectField("Frequency", choices=FREQUENCIES)
    count = IntegerField(
        "Number of installments", validators=[Optional(), NumberRange(1, MAX_INSTALLMENTS)]
    )
    installment = MoneyField("…or installment amount", validators=[Optional(), positive_cents])
    down_payment = MoneyField("Down payment", validators=[Optional()])
    grace_days = IntegerField(
        "Grace days", default=10, validators=[InputRequired(), NumberRange(0, 60)]
    )
    due_rule = SelectField("Due dates", choices=DUE_RULES)
    on_default = SelectField("On default", choices=ON_DEFAULT)
    terms = TextAreaField("Other terms", validators=[Length(max=2000)])
    version = HiddenField()


class RejectOfferForm(FlaskForm):
    reason = StringField("Why", validators=[DataRequired(), Length(max=500)])


class DefaultActionForm(FlaskForm):
    target = SelectField("Move the matter to", choices=ON_DEFAULT)
    reason = StringField("Why", validators=[DataRequired(), Length(max=500)])


class ClientDecisionForm(FlaskForm):
    decision = SelectField(
        "Your answer",
        choices=options([("approve", "Approve this offer"), ("decline", "Decline")]),
    )
    note = TextAreaField("Note to the firm (required to decline)", validators=[Length(max=1000)])


SERVICE_METHODS = options(
    [
        ("personal", "Personal delivery"),
        ("substituted", "Substituted (left with another person or affixed, and mailed)"),
        ("mail_acknowledgment", "By mail with an acknowledgment"),
        ("other", "Other"),
    ]
)


class SuitForm(OnceForm):
    court = StringField("Court", validators=[DataRequired(), Length(max=200)])
    index_number = StringField("Index or case number", validators=[Length(max=60)])
    filed_on = DateField("Filed on", validators=[DataRequired()])
    filing_fee = MoneyField("Filing fee advanced (posted as a cost)", validators=[Optional()])


class ServiceForm(FlaskForm):
    served_on = DateField("Served on (substituted: the later act)", validators=[DataRequired()])
    service_method = SelectField("Method", choices=SERVICE_METHODS)
    completed_on = DateField("Service complete on (if stated)", validators=[Optional()])
    completing_step_on = DateField(
        "Proof of service filed / acknowledgment on", validators=[Optional()]
    )


class CourtDateForm(FlaskForm):
    on = DateField("Date", validators=[DataRequired()])
    at_time = StringField("Time (HH:MM)", validators=[Length(max=5)])
    title = StringField("What", validators=[DataRequired(), Length(max=200)])
    place = StringField("Where", validators=[Length(max=200)])


class JudgmentForm(FlaskForm):
    entered_on = DateField("Entered on", validators=[DataRequired()])
    principal = MoneyField("Principal", validators=[DataRequired()])
    interest = MoneyField("Pre-judgment interest", validators=[Optional()])
    costs = MoneyField("Costs", validators=[Optional()])
    fees = MoneyField("Fees", validators=[Optional()])
    rate = DecimalField(
        "Post-judgment rate (%; blank: the statutory rate)",
        places=2,
        validators=[Optional(), NumberRange(0, 100)],
    )


class EnforcementForm(FlaskForm):
    kind = SelectField("Action", choices=options([(k.value, k.label) for k in EnforcementKind]))
    third_party = StringField(
        "Third party (employer, bank, county, ...)", validators=[DataRequired(), Length(max=200)]
    )
    started_on = DateField("Started on", validators=[DataRequired()])
    next_step = StringField("Next step", validators=[Length(max=200)])
    next_step_on = DateField("Next step due", validators=[Optional()])


class EnforcementStatusForm(FlaskForm):
    status = SelectField(
        "New status", choices=options([(s.value, s.label) for s in EnforcementStatus])
    )
    on = DateField("On", validators=[DataRequired()])
    note = StringField("Note", validators=[Length(max=500)])
    next_step = StringField("Next step", validators=[Length(max=200)])
    next_step_on = DateField("Next step due", validators=[Optional()])
