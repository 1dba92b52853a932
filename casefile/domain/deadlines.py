"""Litigation deadlines: the time to answer a summons, the life of a money judgment and when to
renew it, and warnings before a limitation period runs out.

Every answer is a small frozen dataclass that carries the date and the source of the rule, so a
screen can say why. The rules are the versioned data on `Jurisdiction` (loaded from
`casefile/data/jurisdictions.json` by `casefile.ledger.rules`) and holidays are passed in
(`casefile.ledger.rules.public_holidays`), so these functions stay pure.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from casefile.domain.calendar import add_years, previous_business_day, roll_forward
from casefile.domain.errors import CasefileError
from casefile.domain.jurisdictions import AnswerPeriodRule, JudgmentLifeRule, Jurisdiction


class ServiceMethod(StrEnum):
    PERSONAL = "personal"
    SUBSTITUTED = "substituted"  # left with another person or affixed, and mailed
    MAIL_ACKNOWLEDGMENT = "mail_acknowledgment"  # mailed with an acknowledgment to sign
    OTHER = "other"


# How an answer-period rule says when service is complete (see `AnswerPeriodRule`).
COMPLETE_AFTER_SERVICE = "service"
COMPLETION_STATED = "stated"


@dataclass(frozen=True)
class AnswerDeadline:
    """When a defendant's time to answer runs out, and under which rule."""

    method: ServiceMethod
    service_completed_on: date
    answer_days: int
    last_day: date  # `answer_days` calendar days after service was complete
    due_on: date  # `last_day`, or the next business day when it is a weekend or holiday
    completes: str  # when service is complete, in words
    source: str
    generic: bool  # a stand-in default rather than the jurisdiction's own rule

    @property
    def moved_off_holiday(self) -> bool:
        return self.due_on != self.last_day


def answer_deadline(
    jurisdiction: Jurisdiction,
    service_method: ServiceMethod | str,
    served_on: date,
    service_completed_on: date | None = None,
    *,
    holidays: Collection[date],
    completing_step_on: date | None = None,
) -> AnswerDeadline | None:
    """The day by which a defendant served on `served_on` must answer; None if no rule is on file.

    The answer period runs in calendar days from the day service is complete (that day not
    counted) and a last day on a weekend or court holiday moves to the next business day
    (N.Y. Gen. Constr. Law § 25-a; Cal. Code Civ. Proc. §§ 12, 12a). Completion is, in order:
    `service_completed_on` when given; `served_on` plus the rule's completion days when the rule
    counts from service; otherwise `completing_step_on` (the date of the step the rule counts
    from, such as filing proof of service or signing the acknowledgment) plus those days. For
    substituted service `served_on` is the date of the later act (delivery or mailing).
    The version in force on `served_on` applies; a method with no rule of its own uses "other".
    `holidays` must cover the year the period ends in.
    """
    method = _service_method(service_method)
    rule = _answer_rule(jurisdiction, method, served_on)
    if rule is None:
        return None
    completed = _service_completed(rule, served_on, service_completed_on, completing_step_on)
    last_day = completed + timedelta(days=rule.answer_days)
    return AnswerDeadline(
        method=method,
        service_completed_on=completed,
        answer_days=rule.answer_days,
        last_day=last_day,
        due_on=roll_forward(last_day, holidays),
        completes=rule.completes,
        source=rule.source,
        generic=rule.generic,
    )


def _service_method(value: ServiceMethod | str) -> ServiceMethod:
    try:
        return ServiceMethod(value)
    except ValueError:
        known = ", ".join(m.value for m in ServiceMethod)
        raise CasefileError(
            f"“{value}” is not a service method we know ({known}).", field="service_method"
        ) from None


def _answer_rule(
    jurisdiction: Jurisdiction, method: ServiceMethod, served_on: date
) -> AnswerPeriodRule | None:
    for wanted in (method, ServiceMethod.OTHER):
        in_force = [
            r
            for r in jurisdiction.answer_periods
            if r.method == wanted and r.effective <= served_on
        ]
        if in_force:
            return in_force[-1]  # the versions are sorted by effective date
    return None


def _service_completed(
    rule: AnswerPeriodRule,
    served_on: date,
    service_completed_on: date | None,
    completing_step_on: date | None,
) -> date:
    if service_completed_on is not None:
        completed, field = service_completed_on, "service_completed_on"
    elif rule.completion_step == COMPLETE_AFTER_SERVICE:
        completed, field = served_on + timedelta(days=rule.completion_days), "served_on"
    elif rule.completion_step == COMPLETION_STATED:
        raise CasefileError(
            f"Service by this method is complete {rule.completes}: "
            "enter the date service was complete.",
            field="service_completed_on",
        )
    elif completing_step_on is None:
        raise CasefileError(
            f"Service by this method is complete {rule.completes}: enter the date of that step.",
            field="completing_step_on",
        )
    else:
        completed = completing_step_on + timedelta(days=rule.completion_days)
        field = "completing_step_on"
    if completed < served_on:
        raise CasefileError("Service cannot be complete before the summons was served.", field)
    return completed


@dataclass(frozen=True)
class JudgmentExpiry:
    """How long a money judgment entered on `entered_on` lasts.

    `expires_on` is the anniversary on which the period of enforceability runs out: plan every
    enforcement step before it. `lien_expires_on` is the same for the lien on real property
    (None when the jurisdiction has none on file). A lien is dated from entry: where it runs
    from docketing, docket on the day of entry or count from the docketing date instead.
    """

    entered_on: date
    expires_on: date
    lien_expires_on: date | None
    source: str


def judgment_expiry(jurisdiction: Jurisdiction, entered_on: date) -> JudgmentExpiry | None:
    """When a judgment entered on `entered_on` (and its real-property lien) expires; None when
    the jurisdiction has no judgment life on file. The version in force on entry applies."""
    rule = _judgment_life(jurisdiction, entered_on)
    if rule is None:
        return None
    lien = add_years(entered_on, rule.lien_years) if rule.lien_years is not None else None
    return JudgmentExpiry(
        entered_on, add_years(entered_on, rule.enforceable_years), lien, rule.source
    )


class Renews(StrEnum):
    JUDGMENT = "judgment"  # renewal keeps the judgment itself enforceable (California)
    LIEN = "lien"  # renewal keeps the lien on real property (New York, CPLR 5014)


@dataclass(frozen=True)
class RenewalDeadline:
    """When renewal of a judgment must be sought, and why.

    Renewal must be filed before `file_before` (the expiry it prevents). `last_day` is the last
    business day strictly before that date: the day to diary, because a firm should not rely on
    filing on the anniversary itself or on a holiday extension for its own deadline.
    `opens_on` is the first day renewal may be sought (None: any time before `file_before`).
    """

    renews: Renews
    opens_on: date | None
    file_before: date
    last_day: date
    source: str


def renewal_deadline(
    jurisdiction: Jurisdiction, entered_on: date, *, holidays: Collection[date]
) -> RenewalDeadline | None:
    """When renewal of a judgment entered on `entered_on` must be sought; None when the
    jurisdiction has no judgment life on file. `holidays` must cover the year of expiry."""
    rule = _judgment_life(jurisdiction, entered_on)
    if rule is None:
        return None
    renews = Renews(rule.renew_before)
    years = rule.lien_years if renews is Renews.LIEN else rule.enforceable_years
    if years is None:
        raise ValueError(f"{jurisdiction.code}: renewal before a lien that has no duration")
    file_before = add_years(entered_on, years)
    opens_on = (
        add_years(entered_on, years - rule.renewal_opens_years)
        if rule.renewal_opens_years is not None
        else None
    )
    last_day = previous_business_day(file_before, holidays)
    return RenewalDeadline(renews, opens_on, file_before, last_day, rule.source)


def _judgment_life(jurisdiction: Jurisdiction, entered_on: date) -> JudgmentLifeRule | None:
    in_force = [r for r in jurisdiction.judgment_lives if r.effective <= entered_on]
    return in_force[-1] if in_force else None


class LimitationWarning(StrEnum):
    PASSED = "passed"  # the last day to sue has gone by
    DAYS_30 = "30"  # 30 days or fewer left (the last day itself included)
    DAYS_90 = "90"  # 31 to 90 days left


WARN_DAYS_BEFORE = (90, 30)  # every matter warns this many days before its last day to sue


def limitation_warning(last_day: date | None, today: date) -> LimitationWarning | None:
    """The warning a matter shows on `today` for a limitation period whose last day to sue is
    `last_day` (from `jurisdictions.limitation`); None when there is nothing to warn about.

    Suit is still possible on `last_day` itself, so that day warns "30", not "passed".
    """
    if last_day is None:
        return None
    days_left = (last_day - today).days
    if days_left < 0:
        return LimitationWarning.PASSED
    for days_before in sorted(WARN_DAYS_BEFORE):
        if days_left <= days_before:
            return LimitationWarning(str(days_before))
    return None
