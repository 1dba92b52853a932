"""The attorney's decision on a placement."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length


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
