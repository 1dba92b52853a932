"""Use cases of litigation and judgment: filing suit (a guarded action), service and the
answer deadline, court dates, and entering the judgment with its rate, expiry and renewal.

Deadlines come from the pure rules (`domain.deadlines`) on the jurisdiction's versioned data
and its public holidays; each one lands in the diary of the matter's attorney.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.compliance.services import ensure_allowed
from casefile.database import transaction
from casefile.domain.balance import EntryKind
from casefile.domain.compliance import Action, Proposed
from casefile.domain.deadlines import answer_deadline, judgment_expiry, renewal_deadline
from casefile.domain.diary import Priority
from casefile.domain.errors import CasefileError
from casefile.domain.jurisdictions import judgment_rate, rule_on
from casefile.domain.money import format_basis_points, format_cents
from casefile.domain.parties import DebtType
from casefile.domain.roles import Capability
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.ledger.rules import jurisdiction, public_holidays
from casefile.ledger.services import post_charge
from casefile.matters.models import Matter
from casefile.matters.services import move_stage
from casefile.resolution.diary import add_task
from casefile.resolution.models import CourtDate, JudgmentRecord, Suit
from casefile.types import utcnow

SUIT_FROM = (Stage.DEMAND, Stage.NEGOTIATION, Stage.SETTLEMENT, Stage.LITIGATION)


@dataclass
class SuitData:
    court: str
    filed_on: date
    index_number: str = ""
    filing_fee_cents: int = 0


def file_suit(matter: Matter, data: SuitData, actor: Actor, today: date) -> Suit:
    """Record a suit filed on the matter, post the filing fee as a cost advanced and move the
    matter to litigation. The compliance guard is asked first (limitation, holds, validation)."""
    require(actor.user, Capability.WORK_MATTERS)
    if matter.stage not in SUIT_FROM:
        raise CasefileError(f"A suit is not filed from the {matter.stage.label} stage.")
    if not data.court.strip():
        raise CasefileError("Name the court.", "court")
    if data.filed_on > today:
        raise CasefileError("The filing date cannot be in the future.", "filed_on")
    if data.filing_fee_cents < 0:
        raise CasefileError("The filing fee cannot be negative.", "filing_fee")
    ensure_allowed(matter, Proposed(Action.SUIT, utcnow()), actor)
    with transaction():
        suit = Suit(
            matter_id=matter.id,
            court=data.court.strip(),
            index_number=data.index_number.strip(),
            filed_on=data.filed_on,
            created_by_id=actor.user_id,
        )
        db.session.add(suit)
        db.session.flush()
        record(
            actor,
            "suit.filed",
            "suit",
            suit.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{suit.court} {suit.index_number}, filed {data.filed_on.isoformat()}",
        )
        if data.filing_fee_cents:
            post_charge(
                matter,
                EntryKind.COST,
                data.filed_on,
                data.filing_fee_cents,
                f"Filing fee, {suit.court} {suit.index_number}".strip(),
                actor,
                today,
            )
        if matter.stage is not Stage.LITIGATION:
            move_stage(matter, Stage.LITIGATION, f"Suit filed in {suit.court}", actor, today)
    return suit


def record_service(
    suit: Suit,
    served_on: date,
    method: str,
    actor: Actor,
    today: date,
    completed_on: date | None = None,
    completing_step_on: date | None = None,
) -> Suit:
    """Record service of the summons; the answer deadline follows from the jurisdiction's rule
    (weekends and court holidays roll forward) and goes into the attorney's diary."""
    require(actor.user, Capability.WORK_MATTERS)
    if served_on < suit.filed_on:
        raise CasefileError("Service cannot come before filing.", "served_on")
    if served_on > today:
        raise CasefileError("Service cannot be in the future.", "served_on")
    matter = db.session.get(Matter, suit.matter_id)
    rules = jurisdiction(matter.jurisdiction)
    years = range(served_on.year, served_on.year + 2)
    deadline = answer_deadline(
        rules,
        method,
        served_on,
        completed_on,
        holidays=public_holidays(matter.jurisdiction, years),
        completing_step_on=completing_step_on,
    )
    if deadline is None:
        raise CasefileError(f"No answer period is on file for {rules.name}.", "service_method")
    with transaction():
        suit.served_on, suit.service_method = served_on, deadline.method.value
        suit.service_completed_on = deadline.service_completed_on
        suit.answer_due_on = deadline.due_on
        suit.answer_rule = (
            f"{deadline.answer_days} days after service is complete ({deadline.completes}); "
            f"{deadline.source}" + (" (generic default)" if deadline.generic else "")
        )
        add_task(
            matter,
            f"Answer due in {suit.court}: check for an answer, else move for default judgment",
            deadline.due_on,
            Priority.HIGH,
            actor,
            notes=suit.answer_rule,
            prefer_attorney=True,
        )
        record(
            actor,
            "suit.served",
            "suit",
            suit.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"served {served_on.isoformat()} ({deadline.method.value}); answer due "
            f"{deadline.due_on.isoformat()}",
        )
    return suit


def add_court_date(
    matter: Matter, on: date, title: str, actor: Actor, at_time: str = "", place: str = ""
) -> CourtDate:
    """Diarise a hearing or other court date for the matter's attorney."""
    require(actor.user, Capability.WORK_MATTERS)
    if not title.strip():
        raise CasefileError("Say what happens in court.", "title")
    if at_time and not (len(at_time) == 5 and at_time[2] == ":"):
        raise CasefileError("Give the time as HH:MM, e.g. 09:30.", "at_time")
    with transaction():
        row = CourtDate(
            matter_id=matter.id,
            on=on,
            at_time=at_time,
            title=title.strip(),
            place=place.strip(),
            created_by_id=actor.user_id,
        )
        db.session.add(row)
        db.session.flush()
        add_task(
            matter,
            f"Court: {row.title}" + (f" at {at_time}" if at_time else ""),
            on,
            Priority.HIGH,
            actor,
            notes=row.place,
            prefer_attorney=True,
        )
        record(
            actor,
            "court_date.added",
            "court_date",
            row.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{on.isoformat()} {at_time} {row.title}".strip(),
        )
    return row


@dataclass
class JudgmentData:
    entered_on: date
    principal_cents: int
    interest_cents: int = 0
    costs_cents: int = 0
    fees_cents: int = 0
    rate_basis_points: int | None = None  # None: the jurisdiction's post-judgment rate


def enter_judgment(matter: Matter, data: JudgmentData, actor: Actor, today: date):
    """Record the judgment: from its date the balance is the judgment amount earning
    post-judgment interest; its expiry and renewal deadline go into the attorney's diary."""
    require(actor.user, Capability.WORK_MATTERS)
    if matter.stage not in (Stage.LITIGATION, Stage.SETTLEMENT, Stage.JUDGMENT):
        raise CasefileError(f"A judgment is not entered from the {matter.stage.label} stage.")
    if db.session.scalar(select(JudgmentRecord.id).where(JudgmentRecord.matter_id == matter.id)):
        raise CasefileError("A judgment is already recorded on this matter.")
    if data.entered_on > today:
        raise CasefileError("The judgment date cannot be in the future.", "entered_on")
    parts = (data.principal_cents, data.interest_cents, data.costs_cents, data.fees_cents)
    if any(p < 0 for p in parts) or not sum(parts):
        raise CasefileError("Enter the judgment's parts (at least the principal).", "principal")
    rules = jurisdiction(matter.jurisdiction)
    consumer = matter.debt_type is DebtType.CONSUMER
    if data.rate_basis_points is None:
        rate = judgment_rate(rules, data.entered_on, consumer)
        rate_bp = int((rate * 10_000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        rate_source = rule_on(rules, data.entered_on).source
    else:
        rate_bp, rate_source = data.rate_basis_points, "as stated in the judgment"
    if not 0 <= rate_bp <= 10_000:
        raise CasefileError("The rate must be between 0 % and 100 %.", "rate")
    expiry = judgment_expiry(rules, data.entered_on)
    renewal = None
    if expiry is not None:
        years = range(expiry.expires_on.year - 1, expiry.expires_on.year + 1)
        renewal = renewal_deadline(
            rules, data.entered_on, holidays=public_holidays(matter.jurisdiction, years)
        )
    with transaction():
        row = JudgmentRecord(
            matter_id=matter.id,
            entered_on=data.entered_on,
            principal_cents=data.principal_cents,
            interest_cents=data.interest_cents,
            costs_cents=data.costs_cents,
            fees_cents=data.fees_cents,
            amount_cents=sum(parts),
            rate_basis_points=rate_bp,
            rate_source=rate_source,
            expires_on=expiry.expires_on if expiry else None,
            renewal_due_on=renewal.last_day if renewal else None,
            life_source=expiry.source if expiry else "",
            created_by_id=actor.user_id,
        )
        db.session.add(row)
        db.session.flush()
        if renewal is not None:
            add_task(
                matter,
                f"Renew the judgment ({renewal.renews.value}) before "
                f"{renewal.file_before.isoformat()}",
                renewal.last_day,
                Priority.URGENT,
                actor,
                notes=renewal.source,
                prefer_attorney=True,
            )
        record(
            actor,
            "judgment.entered",
            "judgment",
            row.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{format_cents(row.amount_cents)} entered {data.entered_on.isoformat()} at "
            f"{format_basis_points(rate_bp)}",
        )
        if matter.stage is not Stage.JUDGMENT:
            move_stage(matter, Stage.JUDGMENT, "Judgment entered", actor, today)
    return row
