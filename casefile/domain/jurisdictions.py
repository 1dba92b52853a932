"""Statutory interest rules by jurisdiction, as versioned data with effective dates.

The rules themselves live in `casefile/data/jurisdictions.json` (with their legal sources) and
are passed in; this module only chooses the version in force and turns it into rate periods.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from casefile.domain.calendar import add_years
from casefile.domain.interest import RatePeriod


@dataclass(frozen=True)
class InterestRule:
    """One version of a jurisdiction's statutory rates, in force from `effective`."""

    effective: date
    prejudgment_rate: Decimal
    postjudgment_rate: Decimal
    consumer_postjudgment_rate: Decimal | None
    source: str
    prejudgment_source: str = ""


@dataclass(frozen=True)
class LimitationRule:
    """How long a creditor may wait before suing, as in force from `effective`."""

    effective: date
    contract_years: int
    consumer_years: int
    source: str


@dataclass(frozen=True)
class AnswerPeriodRule:
    """How long a defendant served by `method` has to answer, as in force from `effective`.

    Service is complete `completion_days` after `completion_step`: "service" (the date of
    service itself), another step whose date the caller supplies (such as
    "proof_of_service_filed" or "acknowledgment_signed"), or "stated" when the caller must state
    the completion date. The answer is due `answer_days` calendar days after completion.
    """

    effective: date
    method: str
    answer_days: int
    completion_step: str
    completion_days: int
    completes: str  # the completion rule in words, for the screen
    source: str
    generic: bool = False  # a stand-in default, not the law of the jurisdiction


@dataclass(frozen=True)
class JudgmentLifeRule:
    """How long a money judgment (and its lien on real property) lasts, from `effective`.

    `renew_before` is "judgment" when renewal must be sought before the judgment itself expires
    and "lien" when it must be sought before the lien on real property lapses;
    `renewal_opens_years` is how many years before that date renewal may first be sought (None:
    any time before it).
    """

    effective: date
    enforceable_years: int
    lien_years: int | None
    renew_before: str
    renewal_opens_years: int | None
    source: str


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    rules: tuple[InterestRule, ...]  # sorted by effective date
    limitations: tuple[LimitationRule, ...] = ()  # sorted by effective date; may be empty
    answer_periods: tuple[AnswerPeriodRule, ...] = ()  # sorted by effective date; may be empty
    judgment_lives: tuple[JudgmentLifeRule, ...] = ()  # sorted by effective date; may be empty


def rule_on(jurisdiction: Jurisdiction, day: date) -> InterestRule:
    """The version in force on `day` (the earliest one for days before every version)."""
    in_force = [r for r in jurisdiction.rules if r.effective <= day]
    return in_force[-1] if in_force else jurisdiction.rules[0]


def statutory_periods(jurisdiction: Jurisdiction) -> tuple[RatePeriod, ...]:
    """Pre-judgment statutory rate periods: each version runs until the next one starts.

    A version that changed only other rules (New York's 2022 consumer-judgment rate) continues
    the period before it, so an interest line is split only where the rate really changes."""
    periods: list[RatePeriod] = []
    rules = jurisdiction.rules
    for rule, following in zip(rules, [*rules[1:], None], strict=True):
        end = following.effective - timedelta(days=1) if following else None
        label = f"{jurisdiction.name} statutory rate ({rule.prejudgment_source or rule.source})"
        if periods and (periods[-1].rate, periods[-1].label) == (rule.prejudgment_rate, label):
            periods[-1] = RatePeriod(periods[-1].start, end, rule.prejudgment_rate, 365, label)
            continue
        start = rule.effective if periods else date.min
        periods.append(RatePeriod(start, end, rule.prejudgment_rate, 365, label))
    return tuple(periods)


def judgment_rate(jurisdiction: Jurisdiction, entered_on: date, consumer: bool) -> Decimal:
    """The post-judgment rate for a judgment entered on `entered_on`; consumer-debt judgments
    take the consumer rate where the jurisdiction has one."""
    rule = rule_on(jurisdiction, entered_on)
    if consumer and rule.consumer_postjudgment_rate is not None:
        return rule.consumer_postjudgment_rate
    return rule.postjudgment_rate


@dataclass(frozen=True)
class Limitation:
    last_day: date  # the last day a suit may be filed
    invoice: str  # the invoice whose period ends first
    source: str


def limitation(
    jurisdiction: Jurisdiction, due_dates: dict[str, date], consumer: bool, on: date
) -> Limitation | None:
    """When suit on the first of `due_dates` (invoice number -> due date) becomes barred, under
    the version in force on `on` (the day of the suit); None when no period is on file."""
    in_force = [r for r in jurisdiction.limitations if r.effective <= on]
    if not in_force or not due_dates:
        return None
    rule = in_force[-1]
    years = rule.consumer_years if consumer else rule.contract_years
    number, due = min(due_dates.items(), key=lambda item: (item[1], item[0]))
    return Limitation(add_years(due, years), number, rule.source)
