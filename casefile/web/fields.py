"""Form parts shared by several forms: money as exact cents, choices from enums, a nonce."""

import re
import secrets

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from casefile.domain.money import AmountError, parse_cents


class MoneyField(StringField):
    """Text in, integer cents out (`.cents`); never a float, never silently rounded."""

    cents: int | None = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.cents = None
        if self.data and self.data.strip():
            try:
                self.cents = parse_cents(self.data)
            except AmountError as error:
                self.cents = None
                raise ValueError(str(error)) from error


def options(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def enum_choices(enum_cls, blank: str | None = None) -> list[SelectChoice]:
    """Options for a select over an enum's values, optionally led by a blank choice."""
    pairs = [(member.value, getattr(member, "label", member.value)) for member in enum_cls]
    return options([("", blank), *pairs] if blank is not None else pairs)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def email_address(form, field) -> None:
    """A sanity check, not a deliverability test: one @, a dotted domain, no spaces."""
    if field.data and not _EMAIL.match(field.data.strip()):
        raise ValidationError("Enter an e-mail address such as name@example.com.")


def positive_cents(form, field) -> None:
    if field.cents is not None and field.cents <= 0:
        raise ValidationError("Enter an amount greater than zero.")


class OnceForm(FlaskForm):
    """A money form carries a nonce so that sending it twice records it once."""

    nonce = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.nonce.data:
            self.nonce.data = secrets.token_urlsafe(24)
