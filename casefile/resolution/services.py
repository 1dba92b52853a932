"""Use cases of negotiation and settlement: offers, the client's approval below its floor,
accepting an offer as a lump sum or a payment plan, payments, default and renegotiation.

Settling is a guarded action: every path that makes an agreement asks the compliance guard
first (`ensure_allowed`, before any transaction of ours), so a refusal writes nothing but its
own audit event. The ledger keeps the full balance while an agreement runs; the discount is
written off only when the agreement is paid, so a default needs no "restore": the balance less
payments is simply what the ledger already shows.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.compliance.services import ensure_allowed
from casefile.database import transaction
from casefile.domain.compliance import Action, Proposed
from casefile.domain.diary import Priority
from casefile.domain.errors import CasefileError, NotPermittedError, ensure_current
from casefile.domain.money import format_basis_points, format_cents
from casefile.domain.plans import (
    DueRule,
    Frequency,
    needs_client_approval,
    renegotiate,
    schedule,
    settlement_floor_cents,
)
from casefile.domain.roles import Capability, Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.ledger.models import LedgerEntry
from casefile.ledger.queries import matter_balance
from casefile.ledger.rules import public_holidays
from casefile.matters.models import Matter
from casefile.matters.services import move_stage
from casefile.resolution.diary import add_task
from casefile.resolution.models import (
    LIVE_OFFERS,
    Agreement,
    AgreementStatus,
    Installment,
    Offer,
    OfferFrom,
    OfferStatus,
    SettlementKind,
)
from casefile.types import utcnow

DEFAULT_ACTIONS = (Stage.LITIGATION, Stage.JUDGMENT)


@dataclass
class OfferData:
    made_by: OfferFrom
    made_on: date
    kind: SettlementKind
    amount_cents: int
    installments: int | None = None
    frequency: Frequency | None = None
    terms: str = ""
    expires_on: date | None = None


@dataclass
class PlanTerms:
    """How an accepted offer (or a renegotiation) is paid. A lump sum is one installment due on
    `first_due`; a plan has `count` installments or installments of `installment_cents`."""

    kind: SettlementKind
    first_due: date
    frequency: Frequency = Frequency.MONTHLY
    count: int | None = None
    installment_cents: int | None = None
    down_payment_cents: int = 0
    grace_days: int = 10
    due_rule: DueRule = DueRule.NEXT_BUSINESS_DAY
    on_default: Stage = Stage.LITIGATION
    terms: str = ""


def _today_balance(matter: Matter, today: date) -> int:
    return max(matter_balance(matter, today).total_cents, 0)


def record_offer(matter: Matter, data: OfferData, actor: Actor, today: date) -> Offer:
    """Log an offer or counter-offer, measured against the client's floor on today's balance.
    The debtor's first offer on a matter in demand moves it to negotiation."""
    require(actor.user, Capability.WORK_MATTERS)
    if matter.stage not in (
        Stage.DEMAND,
        Stage.NEGOTIATION,
        Stage.SETTLEMENT,
        Stage.LITIGATION,
        Stage.JUDGMENT,
        Stage.ENFORCEMENT,
    ):
        raise CasefileError(
            f"Offers are recorded from the demand stage on; this matter is {matter.stage.label}."
        )
    if data.amount_cents <= 0:
        raise CasefileError("Enter an amount greater than zero.", "amount")
    if data.made_on > today:
        raise CasefileError("An offer cannot be dated in the future.", "made_on")
    if data.expires_on is not None and data.expires_on < data.made_on:
        raise CasefileError("An offer cannot expire before it was made.", "expires_on")
    if data.kind is SettlementKind.PLAN and not data.installments:
        raise CasefileError("Say over how many installments the plan would run.", "installments")
    balance = _today_balance(matter, today)
    if balance <= 0:
        raise CasefileError("Nothing is owed on this matter, so there is nothing to settle.")
    floor = matter.client.settlement_floor_basis_points
    with transaction():
        offer = Offer(
            matter_id=matter.id,
            made_by=data.made_by,
            made_on=data.made_on,
            kind=data.kind,
            amount_cents=data.amount_cents,
            installments=data.installments if data.kind is SettlementKind.PLAN else None,
            frequency=data.frequency if data.kind is SettlementKind.PLAN else None,
            terms=data.terms.strip(),
            expires_on=data.expires_on,
            balance_cents=balance,
            floor_basis_points=floor,
            recorded_by_id=actor.user_id,
        )
        db.session.add(offer)
        db.session.flush()
        below = needs_client_approval(data.amount_cents, balance, floor)
        record(
            actor,
            "offer.recorded",
            "offer",
            offer.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{data.made_by.label}: {data.kind.label} {format_cents(data.amount_cents)}"
            f" on a balance of {format_cents(balance)}"
            + (" (below the client's floor)" if below else ""),
        )
        if matter.stage is Stage.DEMAND and data.made_by is OfferFrom.DEBTOR:
            move_stage(matter, Stage.NEGOTIATION, "The debtor made an offer", actor, today)
    return offer


def needs_approval(offer: Offer) -> bool:
    """True when `offer` is below the client's floor on the balance it was measured against."""
    return needs_client_approval(offer.amount_cents, offer.balance_cents, offer.floor_basis_points)


def floor_cents(offer: Offer) -> int:
    return settlement_floor_cents(offer.balance_cents, offer.floor_basis_points)


def ask_client(offer: Offer, actor: Actor, now: datetime) -> Offer:
    """Ask the client, through the portal, to approve an offer below its floor."""
    require(actor.user, Capability.WORK_MATTERS)
    if offer.status is not OfferStatus.OPEN:
        raise CasefileError(f"This offer is {offer.status.label.lower()}: nothing to ask.")
    if not needs_approval(offer):
        raise CasefileError("This offer is within the firm's authority: no approval is needed.")
    matter = offer.matter
    with transaction():
        offer.status = OfferStatus.AWAITING_CLIENT
        offer.approval_asked_at, offer.approval_asked_by_id = now, actor.user_id
        record(
            actor,
            "offer.approval_requested",
            "offer",
            offer.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{format_cents(offer.amount_cents)} is below the floor of "
            f"{format_cents(floor_cents(offer))}",
        )
    return offer


def decide_offer(offer: Offer, approve: bool, note: str, actor: Actor, now: datetime) -> Offer:
    """The client's answer, given in the portal by one of its own users."""
    matter = offer.matter
    user = actor.user
    if user is None or user.role is not Role.CLIENT or user.client_id != matter.client_id:
        raise NotPermittedError("Only the client's own users answer an approval request.")
    if offer.status is not OfferStatus.AWAITING_CLIENT:
        raise CasefileError("This offer is no longer waiting for your answer.")
    if not approve and not note.strip():
        raise CasefileError("Tell the firm why you decline, or what you would accept.", "note")
    with transaction():
        offer.status = OfferStatus.CLIENT_APPROVED if approve else OfferStatus.CLIENT_DECLINED
        offer.client_decided_at, offer.client_decided_by_id = now, user.id
        offer.client_note = note.strip()
        add_task(
            matter,
            f"Client {'approved' if approve else 'declined'} the offer of "
            f"{format_cents(offer.amount_cents)}",
            now.date(),
            Priority.HIGH,
            actor,
            prefer_attorney=True,
        )
        record(
            actor,
            "offer.client_approved" if approve else "offer.client_declined",
            "offer",
            offer.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=(note.strip() or "approved")[:500],
        )
    return offer


def reject_offer(offer: Offer, reason: str, actor: Actor) -> Offer:
    """Turn down an offer (the debtor's, or a counter-offer the debtor refused)."""
    require(actor.user, Capability.WORK_MATTERS)
    if offer.status not in LIVE_OFFERS and offer.status is not OfferStatus.CLIENT_DECLINED:
        raise CasefileError(f"This offer is already {offer.status.label.lower()}.")
    if not reason.strip():
        raise CasefileError("Say why the offer is rejected.", "reason")
    with transaction():
        offer.status = OfferStatus.REJECTED
        record(
            actor,
            "offer.rejected",
            "offer",
            offer.id,
            matter_id=offer.matter_id,
            client_id=offer.matter.client_id,
            summary=reason.strip()[:500],
        )
    return offer


def accept_offer(
    offer: Offer, terms: PlanTerms, actor: Actor, today: date, expected_version: int | None = None
) -> Agreement:
    """Accept an offer as a lump sum or a payment plan: the agreement, its schedule, and the
    move to settlement. Below the client's floor only after the client approved it."""
    require(actor.user, Capability.WORK_MATTERS)
    ensure_current(expected_version, offer.version, "offer")
    matter = offer.matter
    if offer.status not in (OfferStatus.OPEN, OfferStatus.CLIENT_APPROVED):
        raise CasefileError(f"This offer is {offer.status.label.lower()} and cannot be accepted.")
    if offer.status is OfferStatus.OPEN and needs_approval(offer):
        raise CasefileError(
            f"{format_cents(offer.amount_cents)} is below the client's floor of "
            f"{format_cents(floor_cents(offer))} "
            f"({format_basis_points(offer.floor_basis_points)} of "
            f"{format_cents(offer.balance_cents)}): ask the client to approve it first."
        )
    if offer.expires_on is not None and offer.expires_on < today:
        raise CasefileError(f"This offer expired on {offer.expires_on.isoformat()}.")
    _current_agreement_must_be_over(matter)
    installments = _schedule(matter, offer.amount_cents, terms, today)
    # Below the client's floor, an attorney's review of the file is required as well.
    proposed = Proposed(Action.SETTLEMENT, utcnow(), needs_review=needs_approval(offer))
    ensure_allowed(matter, proposed, actor)
    with transaction():
        offer.status = OfferStatus.ACCEPTED
        agreement = _write_agreement(
            matter,
            offer,
            offer.balance_cents,
            offer.amount_cents,
            terms,
            installments,
            actor,
            today,
        )
        record(
            actor,
            "offer.accepted",
            "offer",
            offer.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=_agreement_summary(agreement, installments),
        )
        if matter.stage is not Stage.SETTLEMENT:
            move_stage(
                matter, Stage.SETTLEMENT, f"Offer accepted: {terms.kind.label}", actor, today
            )
    return agreement


def renegotiate_agreement(
    agreement: Agreement, terms: PlanTerms, actor: Actor, today: date
) -> Agreement:
    """Replace an agreement with a new schedule for today's balance. The old agreement, its
    schedule and its payments stay in the history (status `replaced`)."""
    require(actor.user, Capability.WORK_MATTERS)
    if agreement.status not in (AgreementStatus.ACTIVE, AgreementStatus.DEFAULTED):
        raise CasefileError(f"This agreement is {agreement.status.label.lower()}.")
    matter = agreement.matter
    remaining = _today_balance(matter, today)
    if terms.kind is SettlementKind.LUMP_SUM:
        terms.count, terms.installment_cents, terms.down_payment_cents = 1, None, 0
    installments = renegotiate(
        remaining,
        terms.first_due,
        terms.frequency,
        count=terms.count,
        installment_cents=terms.installment_cents,
        down_payment_cents=terms.down_payment_cents,
        holidays=_holidays(matter, terms.first_due),
        due_rule=terms.due_rule,
    )
    _check_first_due(terms, today)
    ensure_allowed(matter, Proposed(Action.SETTLEMENT, utcnow()), actor)
    with transaction():
        agreement.status = AgreementStatus.REPLACED
        agreement.ended_at = utcnow()
        new = _write_agreement(
            matter, None, remaining, remaining, terms, installments, actor, today
        )
        new.replaces_id = agreement.id
        record(
            actor,
            "agreement.renegotiated",
            "agreement",
            new.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"replaces agreement {agreement.id}: " + _agreement_summary(new, installments),
        )
        if matter.stage is not Stage.SETTLEMENT:
            move_stage(matter, Stage.SETTLEMENT, "Plan renegotiated", actor, today)
    return new


def _current_agreement_must_be_over(matter: Matter) -> None:
    live = db.session.scalar(
        select(func.count(Agreement.id)).where(
            Agreement.matter_id == matter.id,
            (Agreement.status == AgreementStatus.ACTIVE)
            | ((Agreement.status == AgreementStatus.DEFAULTED) & Agreement.ended_at.is_(None)),
        )
    )
    if live:
        raise CasefileError(
            "An agreement is already in force on this matter: renegotiate it instead."
        )


def _holidays(matter: Matter, first_due: date) -> frozenset[date]:
    return public_holidays(matter.jurisdiction, range(first_due.year, first_due.year + 11))


def _check_first_due(terms: PlanTerms, today: date) -> None:
    if terms.first_due < today:
        raise CasefileError("The first payment cannot be due in the past.", "first_due")
    if terms.on_default not in DEFAULT_ACTIONS:
        raise CasefileError("Choose what happens on default.", "on_default")


def _schedule(matter: Matter, total_cents: int, terms: PlanTerms, today: date):
    if terms.kind is SettlementKind.LUMP_SUM:
        terms.count, terms.installment_cents, terms.down_payment_cents = 1, None, 0
    _check_first_due(terms, today)
    return schedule(
        total_cents,
        terms.down_payment_cents,
        terms.first_due,
        terms.frequency,
        count=terms.count,
        installment_cents=terms.installment_cents,
        holidays=_holidays(matter, terms.first_due),
        due_rule=terms.due_rule,
    )


def _write_agreement(
    matter, offer, balance_cents, settled_cents, terms: PlanTerms, installments, actor, today
):
    last_entry = db.session.scalar(
        select(func.max(LedgerEntry.id)).where(LedgerEntry.matter_id == matter.id)
    )
    agreement = Agreement(
        matter_id=matter.id,
        offer_id=offer.id if offer else None,
        kind=terms.kind,
        agreed_on=today,
        balance_cents=balance_cents,
        settled_cents=settled_cents,
        down_payment_cents=terms.down_payment_cents,
        frequency=terms.frequency,
        due_rule=terms.due_rule,
        grace_days=terms.grace_days,
        on_default=terms.on_default.value,
        after_entry_id=last_entry or 0,
        terms=terms.terms.strip(),
        created_by_id=actor.user_id,
    )
    db.session.add(agreement)
    db.session.flush()
    for item in installments:
        db.session.add(
            Installment(
                agreement_id=agreement.id,
                number=item.number,
                scheduled_on=item.scheduled_on,
                due_on=item.due_on,
                amount_cents=item.amount_cents,
            )
        )
    db.session.flush()
    return agreement


def _agreement_summary(agreement: Agreement, installments) -> str:
    if agreement.kind is SettlementKind.LUMP_SUM:
        return (
            f"lump sum of {format_cents(agreement.settled_cents)} due "
            f"{installments[0].due_on.isoformat()}"
        )
    return (
        f"plan of {format_cents(agreement.settled_cents)} in {len(installments)} payments "
        f"({agreement.frequency.value.replace('_', ' ')}), first due "
        f"{installments[0].due_on.isoformat()}, last {installments[-1].due_on.isoformat()}"
    )
