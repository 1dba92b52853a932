"""The one place a letter's merge data comes from: plain dicts, lists, strings and integers
(cents), never ORM objects, so a template can reach nothing but what is put here.

`casefile.letters.fields.FIELDS` documents every field; a test checks that it names exactly the
fields the builder makes, and the field reference page shows a real matter's values with it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from casefile.compliance.services import matter_facts
from casefile.correspondence.models import Channel, Correspondence
from casefile.domain.balance import Balance, EntryKind, balance, payoff_quote
from casefile.domain.calendar import add_business_days
from casefile.domain.compliance import validation_period_end
from casefile.domain.errors import CasefileError
from casefile.domain.interest import rate_on
from casefile.domain.letters import (
    Figures,
    FiguresError,
    breakdown,
    itemization,
    per_diem_cents,
    salutation,
)
from casefile.domain.money import format_basis_points
from casefile.domain.parties import HoldKind, PartyKind, PartyRole
from casefile.extensions import db
from casefile.ledger.models import LedgerEntry
from casefile.ledger.queries import application_order, balance_inputs, matter_balance
from casefile.ledger.rules import jurisdiction, public_holidays
from casefile.letters.models import Letter, LetterStatus, LetterTemplate
from casefile.matters.models import Matter

PAYOFF_BUSINESS_DAYS = 10  # a payoff quote is good through this many business days
CURE_BUSINESS_DAYS = 10  # a missed installment may be cured within these
RECENT_CONTACTS = 10


@dataclass(frozen=True)
class Terms:
    """What the user enters when generating a letter that needs terms."""

    amount_cents: int | None = None  # settlement sum, plan total, or missed installment
    on: date | None = None  # settlement pay-by, plan first due date, missed due date
    down_payment_cents: int = 0
    count: int | None = None  # plan installments (after any down payment)
    frequency: str = "monthly"


def build_context(
    matter: Matter, template: LetterTemplate, as_of: date, terms: Terms | None = None
) -> dict:
    """Everything a template may use for `matter` on `as_of` (the letter's date)."""
    holidays = public_holidays(matter.jurisdiction, (as_of.year, as_of.year + 1))
    money = Money(matter)
    now = money.on(as_of)
    pay_by = (
        add_business_days(as_of, template.pay_within_business_days, holidays)
        if template.pay_within_business_days
        else None
    )
    good_through = pay_by or add_business_days(as_of, PAYOFF_BUSINESS_DAYS, holidays)
    payoff = money.payoff(good_through)
    context = {
        "letter": {
            "date": as_of.isoformat(),
            "title": template.title,
            "pay_by": pay_by.isoformat() if pay_by else None,
            "response_days": template.response_days,
        },
        "firm": _firm(),
        "attorney": _attorney(matter),
        "client": _client(matter),
        "matter": {**_matter(matter), "time_barred": _time_barred(matter, as_of)},
        "debtor": _debtor(matter),
        "invoices": [
            {
                "number": i.number,
                "issued_on": i.issued_on.isoformat(),
                "due_on": i.due_on.isoformat(),
                "amount_cents": i.amount_cents,
                "currency": i.currency,
            }
            for i in matter.invoices
        ],
        "invoices_total_cents": sum(i.amount_cents for i in matter.invoices),
        "balance": _balance(now, money.periods),
        "payoff": {
            "good_through": good_through.isoformat(),
            "amount_cents": payoff.amount_cents,
            "per_diem_cents": per_diem_cents(payoff.per_diem),
        },
        "validation": _validation(matter, money, now, as_of, holidays),
        "payments": _payments(matter.id, as_of),
        "contacts": _contacts(matter.id, as_of),
        "last_letter": _last_letter(matter.id),
        "settlement": None,
        "plan": None,
        "missed": None,
    }
    if template.terms:
        context[template.terms] = _terms(template.terms, terms, now, as_of, holidays)
    return context


def _firm() -> dict:
    config = current_app.config
    return {
        "name": config["FIRM_NAME"],
        "address_lines": [line for line in config["FIRM_ADDRESS"].splitlines() if line.strip()],
        "phone": config["FIRM_PHONE"],
        "email": config["FIRM_EMAIL"],
    }


def _attorney(matter: Matter) -> dict | None:
    if matter.attorney is None:
        return None
    return {"name": matter.attorney.name, "email": matter.attorney.email}


def _client(matter: Matter) -> dict:
    client = matter.client
    return {
        "name": client.name,
        "contact_name": client.contact_name,
        "address_lines": [line for line in client.address.splitlines() if line.strip()],
        "reference": matter.client_reference,
    }


def _matter(matter: Matter) -> dict:
    return {
        "reference": matter.reference,
        "stage": matter.stage.label,
        "debt_type": matter.debt_type.label,
        "consumer": matter.debt_type.value == "consumer",
        "jurisdiction": jurisdiction(matter.jurisdiction).name,
        "placed_on": matter.placed_on.isoformat(),
        "paralegal": matter.paralegal.name if matter.paralegal else None,
    }


def _time_barred(matter: Matter, as_of: date) -> bool:
    """Past the limitation period on the letter's date, or held as time-barred: the letter must
    carry the disclosure (and the guard refuses any threat of suit)."""
    facts = matter_facts(matter)
    expired = facts.limitation_date is not None and as_of > facts.limitation_date
    return expired or HoldKind.TIME_BARRED in facts.holds


def _debtor(matter: Matter) -> dict:
    debtor = next((p for p in matter.parties if p.role is PartyRole.DEBTOR), None)
    if debtor is None:
        raise CasefileError("The matter has no debtor to write to.")
    address = debtor.addresses[0] if debtor.addresses else None
    person = debtor.kind is PartyKind.PERSON
    contacts = {c.kind.value: c.value for c in reversed(debtor.contacts)}
    return {
        "name": debtor.name,
        "kind": debtor.kind.label,
        "salutation": salutation(debtor.name, person),
        "address_lines": address.lines if address else [],
        "email": contacts.get("email"),
        "phone": contacts.get("phone"),
    }


def figures(result: Balance) -> Figures:
    """The charged-and-paid view of a balance, for the breakdown and the itemisation."""
    postings = {kind: 0 for kind in EntryKind}
    for entry in result.postings:
        postings[entry.kind] += entry.amount_cents
    return Figures(
        as_of=result.as_of,
        placed_cents=result.placed_cents,
        interest_cents=result.interest_earned_cents,
        fees_cents=postings[EntryKind.FEE],
        costs_cents=postings[EntryKind.COST],
        adjustments_cents=postings[EntryKind.ADJUSTMENT],
        paid_cents=result.paid_cents,
        total_cents=result.total_cents,
    )


class Money:
    """A matter's invoices, rates and ledger, loaded once; balances on any day from them."""

    def __init__(self, matter: Matter):
        self.debts, self.periods, self.entries = balance_inputs(matter)
        self.order = application_order()

    def on(self, day: date) -> Balance:
        return balance(self.debts, self.periods, self.entries, day, order=self.order)

    def payoff(self, good_through: date):
        return payoff_quote(self.debts, self.periods, self.entries, good_through, self.order)


def _balance(now: Balance, periods) -> dict:
    shown = figures(now)
    try:
        lines = breakdown(shown)
    except FiguresError:
        lines = None  # a template that shows the lines is refused; the total still stands
    period = rate_on(periods, now.as_of)
    return {
        "as_of": now.as_of.isoformat(),
        "principal_cents": shown.placed_cents,
        "interest_cents": shown.interest_cents,
        "fees_cents": shown.fees_cents,
        "costs_cents": shown.costs_cents,
        "paid_cents": shown.paid_cents,
        "total_cents": shown.total_cents,
        "lines": lines,
        "per_diem_cents": per_diem_cents(now.per_diem),
        "interest_rate": (
            format_basis_points(int(period.rate * 10000)) if period is not None else "none"
        ),
    }


def _validation(matter: Matter, money: Money, now: Balance, as_of: date, holidays) -> dict:
    """Regulation F's figures: itemised from the latest invoice's due date (the transaction
    date), the validation period counted from the letter's date as the mailing date."""
    itemized_on = max((i.due_on for i in matter.invoices), default=as_of)
    then = figures(money.on(min(itemized_on, as_of)))
    end = validation_period_end(as_of, holidays=holidays)
    return {"itemization": itemization(then, figures(now)), "period_end": end.isoformat()}


def _payments(matter_id: int, as_of: date) -> list[dict]:
    rows = db.session.scalars(
        select(LedgerEntry)
        .where(
            LedgerEntry.matter_id == matter_id,
            LedgerEntry.kind == EntryKind.PAYMENT,
            LedgerEntry.on <= as_of,
        )
        .order_by(LedgerEntry.on, LedgerEntry.id)
    )
    return [{"date": r.on.isoformat(), "amount_cents": r.amount_cents} for r in rows]


def _contacts(matter_id: int, as_of: date) -> list[dict]:
    """The prior contacts and attempts: calls, e-mails and letters that went out (a generated
    letter counts once it is sent), newest last."""
    drafts = select(Letter.correspondence_id).where(Letter.status != LetterStatus.SENT)
    rows = db.session.scalars(
        select(Correspondence)
        .where(
            Correspondence.matter_id == matter_id,
            Correspondence.direction == "out",
            Correspondence.id.not_in(drafts),
        )
        .order_by(Correspondence.occurred_at.desc(), Correspondence.id.desc())
        .limit(RECENT_CONTACTS)
    ).all()
    return [
        {
            "date": row.occurred_at.date().isoformat(),
            "channel": row.channel.label,
            "summary": _summary(row),
        }
        for row in reversed(rows)
        if row.occurred_at.date() <= as_of
    ]


def _summary(row: Correspondence) -> str:
    if row.channel is Channel.CALL and row.call_outcome is not None:
        return f"call: {row.call_outcome.label.lower()}"
    return row.subject or row.channel.label.lower()


def _last_letter(matter_id: int) -> dict | None:
    found = db.session.execute(
        select(Letter.sent_on, LetterTemplate.title)
        .join(LetterTemplate, LetterTemplate.id == Letter.template_id)
        .where(Letter.matter_id == matter_id, Letter.status == LetterStatus.SENT)
        .where(LetterTemplate.addressed_to == "debtor")
        .order_by(Letter.sent_on.desc(), Letter.id.desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    return {"date": found.sent_on.isoformat(), "title": found.title}


def _terms(kind: str, terms: Terms | None, now: Balance, as_of: date, holidays) -> dict:
    """Settlement, plan or missed-installment terms, checked; refused with the field to fix."""
    if terms is None or terms.amount_cents is None or terms.on is None:
        raise CasefileError(f"Enter the {kind} terms for this letter.", field="amount")
    if terms.amount_cents <= 0:
        raise CasefileError("Enter an amount greater than zero.", field="amount")
    if kind == "settlement":
        return _settlement(terms, now, as_of)
    if kind == "plan":
        return _plan(terms, now, holidays)
    return {
        "amount_cents": terms.amount_cents,
        "due_on": terms.on.isoformat(),
        "cure_by": add_business_days(as_of, CURE_BUSINESS_DAYS, holidays).isoformat(),
    }


def _settlement(terms: Terms, now: Balance, as_of: date) -> dict:
    if terms.on < as_of:
        raise CasefileError("The pay-by date is before the letter's date.", field="on")
    if terms.amount_cents > now.total_cents:
        raise CasefileError("A settlement is not more than the balance.", field="amount")
    return {
        "amount_cents": terms.amount_cents,
        "pay_by": terms.on.isoformat(),
        "balance_cents": now.total_cents,
        "discount_cents": now.total_cents - terms.amount_cents,
        "discounted": terms.amount_cents < now.total_cents,
    }


def _plan(terms: Terms, now: Balance, holidays) -> dict:
    from casefile.domain.plans import DUE_RULE_TEXT, DueRule, schedule

    if not terms.count:
        raise CasefileError("Say how many installments.", field="count")
    rows = schedule(
        terms.amount_cents,
        terms.down_payment_cents,
        terms.on,
        terms.frequency,
        count=terms.count,
        holidays=holidays,
    )
    return {
        "total_cents": terms.amount_cents,
        "balance_cents": now.total_cents,
        "down_payment_cents": terms.down_payment_cents,
        "has_down_payment": terms.down_payment_cents > 0,
        "count": terms.count,
        "frequency": terms.frequency.replace("_", " "),
        "installments": [
            {"number": r.number, "due_on": r.due_on.isoformat(), "amount_cents": r.amount_cents}
            for r in rows
        ],
        "due_rule": DUE_RULE_TEXT[DueRule.NEXT_BUSINESS_DAY],
    }


def reference_context(matter: Matter, as_of: date) -> dict:
    """`matter`'s context with every optional section filled from sample terms, so that the
    field reference page can show a real value for every field."""
    sample = LetterTemplate(title="Field reference", pay_within_business_days=10, terms="")
    sample.response_days = 14
    context = build_context(matter, sample, as_of)
    holidays = public_holidays(matter.jurisdiction, (as_of.year, as_of.year + 1))
    now = matter_balance(matter, as_of)
    total = max(now.total_cents, 600)
    samples = {
        "settlement": Terms(total * 8 // 10, as_of + timedelta(days=30)),
        "plan": Terms(total, as_of + timedelta(days=30), count=6),
        "missed": Terms(total // 6, as_of - timedelta(days=10)),
    }
    for kind, terms in samples.items():
        try:
            context[kind] = _terms(kind, terms, now, as_of, holidays)
        except CasefileError:
            context[kind] = None  # e.g. nothing owed: the page shows the specimen value
    return context
