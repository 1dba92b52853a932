"""Forms for diary tasks."""

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from casefile.domain.diary import Priority
from casefile.web.fields import options


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


PRIORITY_CHOICES = options((p.value, p.label) for p in Priority)


class TaskForm(FlaskForm):
    title = StringField("Task", validators=[DataRequired(), Length(max=200)])
    owner_id = SelectField("Owner", coerce=_int_or_none, validators=[DataRequired()])
    due_on = DateField("Due", validators=[DataRequired()])
    priority = SelectField(
        "Priority", coerce=int, choices=PRIORITY_CHOICES, default=Priority.NORMAL.value
    )
    notes = TextAreaField("Notes", validators=[Length(max=2000)])
    matter_id = HiddenField()


class CompleteForm(FlaskForm):
    version = HiddenField()


class ReassignForm(FlaskForm):
    owner_id = SelectField("Give to", coerce=_int_or_none, validators=[DataRequired()])
    version = HiddenField()


class SnoozeForm(FlaskForm):
    until = DateField("Until", validators=[DataRequired()])
    reason = StringField("Why", validators=[DataRequired(), Length(max=500)])
    version = HiddenField()
