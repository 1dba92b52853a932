"""The attorney's review of a file."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import Length

from casefile.compliance.reviews import REVIEWABLE
from casefile.web.fields import options

ACTION_LABELS = {"suit": "Filing suit", "settlement": "A settlement below the client's authority"}


class ReviewForm(FlaskForm):
    action = SelectField(
        "Approve", choices=options([(a.value, ACTION_LABELS[a.value]) for a in REVIEWABLE])
    )
    documentation_reviewed = BooleanField("Debt documentation reviewed (invoices, contract)")
    balance_verified = BooleanField("Balance verified against the ledger")
    limitation_checked = BooleanField("Limitation period checked")
    note = TextAreaField("What you checked, for the file", validators=[Length(max=2000)])
