"""Reports the compliance page needs."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from casefile.compliance.rules import consumer_rules_on
from casefile.correspondence.models import Channel, Correspondence
from casefile.domain.compliance import LetterKind, validation_period_end
from casefile.domain.jurisdictions import Limitation, limitation
from casefile.domain.parties import DebtType
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.ledger.rules import jurisdiction, jurisdiction_codes
from casefile.matters.models import Invoice, Matter

# Before suit: the stages in which a limitation date can still be missed.
PRE_SUIT = (Stage.INTAKE, Stage.OPEN, Stage.DEMAND, Stage.NEGOTIATION, Stage.SETTLEMENT)


@dataclass(frozen=True)
class Deadline:
    matter_id: int
    reference: str
    debtor: str
    stage: Stage
    limitation: Limitation
    passed: bool


def approaching_limitation(today: date, horizon_days: int) -> list[Deadline]:
    """Matters not yet in suit whose first invoice becomes time-barred within the horizon (or
    already has), soonest first. Two queries, then the domain's rule for each matter."""
    horizon = today + timedelta(days=horizon_days)
    # No period on file is shorter than this: later due dates cannot be within the horizon.
    latest_due = _years_before(horizon, shortest_period_years())
    old_enough = (Matter.id == Invoice.matter_id) & (Invoice.due_on <= latest_due)
    dues: dict[int, dict[str, date]] = {}
    matters = {}
    rows = db.session.execute(
        select(
            Matter.id, Matter.reference, Matter.debtor_name, Matter.stage,
            Matter.jurisdiction, Matter.debt_type, Invoice.number, Invoice.due_on,
        )
        .join(Invoice, old_enough)
        .where(Matter.stage.in_(PRE_SUIT))
    )  # fmt: skip
    for row in rows:
        matters[row.id] = row
        dues.setdefault(row.id, {})[row.number] = row.due_on
    found = []
    for matter_id, row in matters.items():
        consumer = row.debt_type is DebtType.CONSUMER
        limit = limitation(jurisdiction(row.jurisdiction), dues.get(matter_id, {}), consumer, today)
        if limit is not None and limit.last_day <= horizon:
            passed = limit.last_day < today
            found.append(
                Deadline(matter_id, row.reference, row.debtor_name, row.stage, limit, passed)
            )
    return sorted(found, key=lambda d: d.limitation.last_day)


def shortest_period_years() -> int:
    """The shortest limitation period in any jurisdiction on file, in years."""
    periods = [
        years
        for code in jurisdiction_codes()
        for rule in jurisdiction(code).limitations
        for years in (rule.contract_years, rule.consumer_years)
    ]
    return min(periods, default=0)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class ValidationWindow:
    matter_id: int
    reference: str
    debtor: str
    notice_on: date
    ends_on: date


def in_validation_period(today: date) -> list[ValidationWindow]:
    """Consumer matters whose validation period is still running, ending soonest first."""
    rows = db.session.execute(
        select(
            Matter.id,
            Matter.reference,
            Matter.debtor_name,
            func.min(Correspondence.occurred_at),
        )
        .join(Correspondence, Correspondence.matter_id == Matter.id)
        .where(
            Matter.debt_type == DebtType.CONSUMER,
            Matter.stage != Stage.CLOSED,
            Correspondence.channel == Channel.LETTER,
            Correspondence.letter_kind == LetterKind.VALIDATION_NOTICE,
        )
        .group_by(Matter.id, Matter.reference, Matter.debtor_name)
    )
    found = []
    for matter_id, reference, debtor, first_notice in rows:
        notice_on = first_notice.date()
        ends_on = validation_period_end(notice_on, consumer_rules_on(notice_on))
        if ends_on >= today:
            found.append(ValidationWindow(matter_id, reference, debtor, notice_on, ends_on))
    return sorted(found, key=lambda w: w.ends_on)
