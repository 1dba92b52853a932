"""Read-only: a matter's negotiation and settlement, where each plan stands, and the plans that
need someone's attention. Figures come from the pure domain (`domain.plans`)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casefile.domain.balance import EntryKind
from casefile.domain.calendar import week_end
from casefile.domain.deadlines import LimitationWarning, limitation_warning
from casefile.domain.jurisdictions import limitation
from casefile.domain.parties import DebtType
from casefile.domain.plans import (
    DUE_RULE_TEXT,
    PlanState,
    PlanStatus,
    plan_status,
)
from casefile.domain.plans import (
    Installment as PlannedInstallment,
)
from casefile.extensions import db
from casefile.ledger.models import LedgerEntry
from casefile.ledger.rules import jurisdiction
from casefile.matters.models import Invoice, Matter
from casefile.resolution.models import (
    Agreement,
    AgreementStatus,
    CourtDate,
    EnforcementAction,
    JudgmentRecord,
    Offer,
    OfferStatus,
    Suit,
)


def planned(agreement: Agreement) -> list[PlannedInstallment]:
    return [
        PlannedInstallment(i.number, i.scheduled_on, i.due_on, i.amount_cents)
        for i in agreement.installments
    ]


def agreement_payments(agreement: Agreement) -> list[tuple[date, int]]:
    """Payments that count towards `agreement`: entered in the ledger after it was made (and
    before it ended), not reversed."""
    reversed_ids = select(LedgerEntry.reverses_id).where(
        LedgerEntry.matter_id == agreement.matter_id, LedgerEntry.reverses_id.is_not(None)
    )
    query = select(LedgerEntry.on, LedgerEntry.amount_cents).where(
        LedgerEntry.matter_id == agreement.matter_id,
        LedgerEntry.kind == EntryKind.PAYMENT,
        LedgerEntry.id > agreement.after_entry_id,
        LedgerEntry.id.not_in(reversed_ids),
    )
    successor = db.session.scalar(
        select(Agreement.after_entry_id).where(Agreement.replaces_id == agreement.id)
    )
    if successor is not None:
        query = query.where(LedgerEntry.id <= successor)
    return [(on, cents) for on, cents in db.session.execute(query)]


def position(agreement: Agreement, as_of: date) -> PlanStatus:
    """Where `agreement` stands at the end of `as_of`."""
    return plan_status(
        planned(agreement), agreement_payments(agreement), as_of, agreement.grace_days
    )


@dataclass
class AgreementView:
    agreement: Agreement
    status: PlanStatus
    due_rule_text: str


def matter_offers(matter_id: int) -> list[Offer]:
    return db.session.scalars(
        select(Offer)
        .where(Offer.matter_id == matter_id)
        .order_by(Offer.made_on.desc(), Offer.id.desc())
    ).all()


def matter_agreements(matter_id: int, as_of: date) -> list[AgreementView]:
    """Every agreement on the matter, newest first, each with its position on `as_of`."""
    rows = db.session.scalars(
        select(Agreement)
        .where(Agreement.matter_id == matter_id)
        .options(selectinload(Agreement.installments))
        .order_by(Agreement.id.desc())
    ).all()
    return [AgreementView(a, position(a, as_of), DUE_RULE_TEXT[a.due_rule]) for a in rows]


def awaiting_client(matter_id: int) -> list[Offer]:
    """Offers below the client's floor that the firm asked the client about."""
    return db.session.scalars(
        select(Offer)
        .where(Offer.matter_id == matter_id, Offer.status == OfferStatus.AWAITING_CLIENT)
        .order_by(Offer.id)
    ).all()


@dataclass
class AttentionRow:
    matter: Matter
    agreement: Agreement
    status: PlanStatus


@dataclass
class Attention:
    due_this_week: list[AttentionRow]
    late: list[AttentionRow]
    in_default: list[AttentionRow]


def plans_needing_attention(today: date) -> Attention:
    """Plans with an installment due by Sunday, plans late within their grace days, and plans in
    default that still await the firm's decision."""
    agreements = db.session.scalars(
        select(Agreement)
        .where(
            (Agreement.status == AgreementStatus.ACTIVE)
            | ((Agreement.status == AgreementStatus.DEFAULTED) & Agreement.ended_at.is_(None))
        )
        .options(selectinload(Agreement.installments), selectinload(Agreement.matter))
        .order_by(Agreement.id)
    ).all()
    result = Attention([], [], [])
    sunday = week_end(today)
    for agreement in agreements:
        status = position(agreement, today)
        row = AttentionRow(agreement.matter, agreement, status)
        if agreement.status is AgreementStatus.DEFAULTED or status.state is PlanState.IN_DEFAULT:
            result.in_default.append(row)
        elif status.state is PlanState.LATE:
            result.late.append(row)
        elif (
            status.state is PlanState.ON_TRACK
            and status.next_due is not None
            and status.next_due.installment.due_on <= sunday
        ):
            result.due_this_week.append(row)
    result.due_this_week.sort(key=lambda r: r.status.next_due.installment.due_on)
    return result


def matter_suits(matter_id: int) -> list[Suit]:
    return db.session.scalars(
        select(Suit).where(Suit.matter_id == matter_id).order_by(Suit.id.desc())
    ).all()


def matter_court_dates(matter_id: int) -> list[CourtDate]:
    return db.session.scalars(
        select(CourtDate).where(CourtDate.matter_id == matter_id).order_by(CourtDate.on)
    ).all()


def matter_judgment_row(matter_id: int) -> JudgmentRecord | None:
    return db.session.scalar(select(JudgmentRecord).where(JudgmentRecord.matter_id == matter_id))


@dataclass
class LimitationView:
    last_day: date
    source: str
    invoice: str
    warning: LimitationWarning | None


def matter_limitation(matter: Matter, today: date) -> LimitationView | None:
    """The last day to sue on the matter (from its earliest invoice) and the 90/30-day warning."""
    due_dates = dict(
        db.session.execute(
            select(Invoice.number, Invoice.due_on).where(Invoice.matter_id == matter.id)
        ).all()
    )
    found = limitation(
        jurisdiction(matter.jurisdiction),
        due_dates,
        matter.debt_type is DebtType.CONSUMER,
        today,
    )
    if found is None:
        return None
    return LimitationView(
        found.last_day, found.source, found.invoice, limitation_warning(found.last_day, today)
    )


def matter_enforcement(matter_id: int) -> list[EnforcementAction]:
    """The matter's enforcement actions, newest first, with what each recovered."""
    return db.session.scalars(
        select(EnforcementAction)
        .where(EnforcementAction.matter_id == matter_id)
        .options(selectinload(EnforcementAction.recoveries))
        .order_by(EnforcementAction.id.desc())
    ).all()
