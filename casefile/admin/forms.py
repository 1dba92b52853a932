"""Forms for managing users and clients."""

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from casefile.domain.roles import Role
from casefile.web.fields import email_address, enum_choices


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class UserForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("E-mail", validators=[DataRequired(), email_address, Length(max=254)])
    role = SelectField("Role", choices=enum_choices(Role))
    client_id = SelectField("Client (client users only)", coerce=_int_or_none)
    active = BooleanField("Active", default=True)


class NewUserForm(UserForm):
    password = PasswordField("Initial password", validators=[DataRequired(), Length(max=128)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=128)])


class ClientForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    contact_name = StringField("Contact person", validators=[Length(max=120)])
    contact_email = EmailField(
        "Contact e-mail", validators=[Optional(), email_address, Length(max=254)]
    )
    phone = StringField("Phone", validators=[Length(max=40)])
    address = TextAreaField("Address", validators=[Length(max=1000)])
    # Decimal, never float: 33.33 % is stored as 3333 basis points exactly.
    fee_percent = DecimalField(
        "Contingency fee (%)",
        places=2,
        default=Decimal("25.00"),
        validators=[DataRequired(), NumberRange(0, 100)],
    )
    reimburse_costs = BooleanField("Costs advanced are reimbursed out of collections", default=True)
    floor_percent = DecimalField(
        "Settlement authority: lowest share of the balance accepted without asking (%)",
        places=2,
        default=Decimal("100.00"),
        validators=[Optional(), NumberRange(0, 100)],
    )
    active = BooleanField("Active", default=True)
    version = HiddenField()
