"""The attorney's decision on a placement."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from casefile.domain.parties import JURISDICTIONS, DebtType
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
        "Receivables export (.csv)",
        validators=[FileRequired("Choose the CSV file exported from your accounting system.")],
    )


class PlaceExportForm(FlaskForm):
    debt_type = SelectField("These debts are", choices=enum_choices(DebtType))
    jurisdiction = SelectField("Where the debtors are", choices=options(JURISDICTIONS.items()))
