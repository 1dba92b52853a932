"""The compliance guard: may this action be taken on this matter now, and if not, why not.

One pure function, `decide`, answers for every action a service is about to take (a letter, a
call, a suit, a settlement, enforcement) from the matter's facts: its holds, whether the debt is
a consumer's, the dates of the first communication and the validation notice, the calls made,
the limitation date, the debtor's time zone. The first rule that refuses wins, and its answer
names the rule and its source so the refusal can be shown and audited as it is.

The consumer-debt numbers (Regulation F) are data with an effective date (`ConsumerRules`),
so a firm can adjust them when the rules change.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from casefile.domain.calendar import add_business_days
from casefile.domain.parties import HoldKind


class Action(StrEnum):
    LETTER = "letter"
    CALL = "call"
    SUIT = "suit"
    SETTLEMENT = "settlement"
    ENFORCEMENT = "enforcement"


class LetterKind(StrEnum):
    COLLECTION = "collection"  # reminders, follow-ups, final demands, payoff letters
    VALIDATION_NOTICE = "validation_notice"
    VERIFICATION = "verification"  # the answer to a dispute
    EFFORTS_ENDING = "efforts_ending"  # allowed after a cease request
    REMEDY_NOTICE = "remedy_notice"  # that a specific remedy will be pursued
    INTENT_TO_SUE = "intent_to_sue"
    TO_CLIENT = "to_client"  # acknowledgments and reports to the referring business


@dataclass(frozen=True)
class ConsumerRules:
    """Regulation F's numbers, as in force from `effective`."""

    effective: date = date(2021, 11, 30)
    validation_notice_days: int = 5  # after the initial communication
    receipt_business_days: int = 5  # a mailed notice is taken as received after these
    validation_period_days: int = 30  # after receipt
    call_attempts: int = 7  # at most this many ...
    call_window_days: int = 7  # ... in this many days
    quiet_after_conversation_days: int = 7
    earliest_call: time = time(8, 0)
    latest_call: time = time(21, 0)


CURRENT_RULES = ConsumerRules()


@dataclass(frozen=True)
class CallAttempt:
    at: datetime  # aware
    conversation: bool = False  # the debtor was reached and the debt discussed


@dataclass(frozen=True)
class Facts:
    """What the guard needs to know about a matter."""

    consumer: bool
    holds: frozenset[HoldKind] = frozenset()
    time_zone: str | None = None  # IANA name, from the debtor's address
    first_communication_on: date | None = None
    validation_notice_on: date | None = None
    calls: tuple[CallAttempt, ...] = ()
    limitation_date: date | None = None  # last day suit may be filed
    limitation_source: str = ""  # the statute that sets it
    workplace_forbids_calls: bool = False
    holidays: frozenset[date] = frozenset()
    # Actions an attorney has reviewed the file for and approved (see REVIEW_VALID_DAYS).
    reviewed: frozenset[Action] = frozenset()


@dataclass(frozen=True)
class Proposed:
    action: Action
    at: datetime  # aware: when the action would happen
    letter: LetterKind | None = None
    to_debtors_attorney: bool = False
    at_workplace: bool = False
    # Set by the caller when the action needs an attorney's approval beyond the rule for its
    # kind: a settlement below the client's authority.
    needs_review: bool = False


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str
    reason: str
    citation: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True, "allowed", "No rule stands in the way.")

_STAY = "11 U.S.C. § 362(a) (automatic stay)"
_CEASE = "15 U.S.C. § 1692c(c); 12 C.F.R. § 1006.6(c)"
_REPRESENTED = "15 U.S.C. § 1692c(a)(2); 12 C.F.R. § 1006.6(b)(2)"
_DISPUTE = "15 U.S.C. § 1692g(b); 12 C.F.R. § 1006.38(d)"
_TIME_BARRED = "12 C.F.R. § 1006.26(b) (no suit or threat of suit on a time-barred debt)"
_VALIDATION = "12 C.F.R. § 1006.34(a) (validation information within five days)"
_OVERSHADOW = "15 U.S.C. § 1692g(b) (nothing may overshadow the validation period)"
_CALL_FREQUENCY = "12 C.F.R. § 1006.14(b)(2) (7 calls in 7 days; 7 days after a conversation)"
_CALL_TIME = "15 U.S.C. § 1692c(a)(1); 12 C.F.R. § 1006.6(b)(1)(i) (8 a.m. to 9 p.m. local)"
_WORKPLACE = "15 U.S.C. § 1692c(a)(3); 12 C.F.R. § 1006.6(b)(3)"
_FIRM = "firm policy"
_REVIEW = (
    "15 U.S.C. § 1692e(3) (meaningful attorney involvement: Clomon v. Jackson, 988 F.2d 1314 "
    "(2d Cir. 1993)); firm policy"
)

# Suing always needs an attorney's review of the file; other actions when the caller says so.
ALWAYS_REVIEWED = frozenset({Action.SUIT})
# A review approves actions taken within this many days: after that the file may have changed.
REVIEW_VALID_DAYS = 30

# Letters that do not ask the debtor to pay: the ones a hold still lets through.
_NOT_COLLECTING = frozenset({LetterKind.TO_CLIENT})


def decide(facts: Facts, proposed: Proposed, rules: ConsumerRules = CURRENT_RULES) -> Decision:
    """Allowed, or refused with the rule that applies and its source."""
    if proposed.action is Action.LETTER and proposed.letter is None:
        raise ValueError("a letter needs its kind")
    for check in (_holds, _limitation, _consumer, _review):
        decision = check(facts, proposed, rules)
        if not decision:
            return decision
    return ALLOWED


def validation_period_end(notice_on: date, rules: ConsumerRules = CURRENT_RULES, holidays=()):
    """The last day of the validation period for a notice mailed on `notice_on`: received
    after `receipt_business_days` business days, then `validation_period_days` days."""
    received = add_business_days(notice_on, rules.receipt_business_days, holidays)
    return received + timedelta(days=rules.validation_period_days)


def _holds(facts: Facts, p: Proposed, _rules) -> Decision:
    to_client = p.action is Action.LETTER and p.letter in _NOT_COLLECTING
    if HoldKind.BANKRUPTCY in facts.holds and not to_client:
        return _refused(
            "bankruptcy_stay",
            "The debtor is in bankruptcy: the automatic stay stops every collection action.",
            _STAY,
        )
    if HoldKind.DECEASED in facts.holds and not to_client:
        return _refused(
            "deceased",
            "The debtor has died: deal with the estate's representative, not by collection "
            "letters, calls or suit against the debtor.",
            _FIRM,
        )
    if HoldKind.CEASE_COMMUNICATION in facts.holds:
        allowed = {LetterKind.EFFORTS_ENDING, LetterKind.REMEDY_NOTICE, LetterKind.TO_CLIENT}
        if p.action is Action.CALL or (p.action is Action.LETTER and p.letter not in allowed):
            return _refused(
                "cease_communication",
                "The debtor asked us to stop communicating: only a notice that efforts are "
                "ending or that a specific remedy will be pursued may be sent.",
                _CEASE,
            )
    if (
        HoldKind.REPRESENTED in facts.holds
        and p.action in (Action.LETTER, Action.CALL)
        and not to_client
        and not p.to_debtors_attorney
    ):
        return _refused(
            "represented",
            "The debtor has an attorney for this debt: write to or call the attorney instead.",
            _REPRESENTED,
        )
    if HoldKind.DISPUTE in facts.holds:
        paused = {Action.CALL, Action.SUIT, Action.ENFORCEMENT}
        letter_paused = p.action is Action.LETTER and p.letter not in (
            LetterKind.VERIFICATION,
            LetterKind.TO_CLIENT,
        )
        if p.action in paused or letter_paused:
            return _refused(
                "dispute",
                "The debtor disputes the debt: collection is paused until verification is sent.",
                _DISPUTE if facts.consumer else _FIRM,
            )
    return ALLOWED


def _limitation(facts: Facts, p: Proposed, _rules) -> Decision:
    barred = HoldKind.TIME_BARRED in facts.holds or (
        facts.limitation_date is not None and p.at.date() > facts.limitation_date
    )
    threat = p.action is Action.SUIT or (
        p.action is Action.LETTER and p.letter is LetterKind.INTENT_TO_SUE
    )
    if barred and threat:
        ended = facts.limitation_date
        when = f" (the limitation period ended on {ended})" if ended else ""
        source = f"; {facts.limitation_source}" if facts.limitation_source else ""
        return _refused(
            "time_barred",
            f"The debt is time-barred{when}: no suit, and no letter threatening one.",
            _TIME_BARRED + source,
        )
    return ALLOWED


def _consumer(facts: Facts, p: Proposed, rules: ConsumerRules) -> Decision:
    if not facts.consumer:
        return ALLOWED
    day = p.at.date()
    collecting = p.action is Action.CALL or (
        p.action is Action.LETTER
        and p.letter not in (LetterKind.VALIDATION_NOTICE, LetterKind.TO_CLIENT)
    )
    if facts.validation_notice_on is None and facts.first_communication_on is not None:
        due = facts.first_communication_on + timedelta(days=rules.validation_notice_days)
        if collecting and day > due:
            return _refused(
                "validation_notice_due",
                f"The validation notice was due by {due}, five days after the first "
                "communication: send it before anything else.",
                _VALIDATION,
            )
    if facts.validation_notice_on is not None and p.action in (Action.SUIT, Action.ENFORCEMENT):
        end = validation_period_end(facts.validation_notice_on, rules, facts.holidays)
        if day <= end:
            return _refused(
                "validation_period",
                f"The validation period runs until {end}: no suit or enforcement before then.",
                _OVERSHADOW,
            )
    if p.action is Action.CALL:
        return _call(facts, p, rules)
    return ALLOWED


def _review(facts: Facts, p: Proposed, _rules) -> Decision:
    needs = p.action in ALWAYS_REVIEWED or p.needs_review
    if needs and p.action not in facts.reviewed:
        return _refused(
            "attorney_review",
            f"An attorney must review the file and approve the {p.action.value} first "
            "(debt documentation, balance, limitation).",
            _REVIEW,
        )
    return ALLOWED


def _call(facts: Facts, p: Proposed, rules: ConsumerRules) -> Decision:
    if p.at_workplace and facts.workplace_forbids_calls:
        return _refused(
            "workplace",
            "The debtor's employer forbids such calls at work.",
            _WORKPLACE,
        )
    if facts.time_zone is None:
        return _refused(
            "time_zone_unknown",
            "The debtor's local time is unknown: add an address so the calling hours can be "
            "checked.",
            _CALL_TIME,
        )
    local = p.at.astimezone(ZoneInfo(facts.time_zone))
    if not rules.earliest_call <= local.time() <= rules.latest_call:
        return _refused(
            "calling_hours",
            f"It is {local:%H:%M} for the debtor ({facts.time_zone}): calls only between "
            f"{rules.earliest_call:%H:%M} and {rules.latest_call:%H:%M} local time.",
            _CALL_TIME,
        )
    window = timedelta(days=rules.call_window_days)
    recent = [c for c in facts.calls if p.at - window < c.at <= p.at]
    if len(recent) >= rules.call_attempts:
        next_at = min(c.at for c in recent) + window
        return _refused(
            "call_frequency",
            f"{len(recent)} calls in the last {rules.call_window_days} days: the next call is "
            f"allowed after {next_at:%Y-%m-%d %H:%M %Z}.",
            _CALL_FREQUENCY,
        )
    talks = [c.at for c in facts.calls if c.conversation and c.at <= p.at]
    if talks:
        quiet_until = max(talks) + timedelta(days=rules.quiet_after_conversation_days)
        if p.at < quiet_until:
            return _refused(
                "after_conversation",
                f"We spoke with the debtor on {max(talks):%Y-%m-%d}: the next call is allowed "
                f"from {quiet_until:%Y-%m-%d %H:%M %Z}.",
                _CALL_FREQUENCY,
            )
    return ALLOWED


def _refused(rule: str, reason: str, citation: str) -> Decision:
    return Decision(False, rule, reason, citation)


# The main time zone of each US state (and DC), for the calling-hours rule.
STATE_ZONES = {
    "AL": "America/Chicago", "AK": "America/Anchorage", "AZ": "America/Phoenix",
    "AR": "America/Chicago", "CA": "America/Los_Angeles", "CO": "America/Denver",
    "CT": "America/New_York", "DE": "America/New_York", "DC": "America/New_York",
    "FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu",
    "ID": "America/Boise", "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis",
    "IA": "America/Chicago", "KS": "America/Chicago", "KY": "America/New_York",
    "LA": "America/Chicago", "ME": "America/New_York", "MD": "America/New_York",
    "MA": "America/New_York", "MI": "America/Detroit", "MN": "America/Chicago",
    "MS": "America/Chicago", "MO": "America/Chicago", "MT": "America/Denver",
    "NE": "America/Chicago", "NV": "America/Los_Angeles", "NH": "America/New_York",
    "NJ": "America/New_York", "NM": "America/Denver", "NY": "America/New_York",
    "NC": "America/New_York", "ND": "America/Chicago", "OH": "America/New_York",
    "OK": "America/Chicago", "OR": "America/Los_Angeles", "PA": "America/New_York",
    "RI": "America/New_York", "SC": "America/New_York", "SD": "America/Chicago",
    "TN": "America/Chicago", "TX": "America/Chicago", "UT": "America/Denver",
    "VT": "America/New_York", "VA": "America/New_York", "WA": "America/Los_Angeles",
    "WV": "America/New_York", "WI": "America/Chicago", "WY": "America/Denver",
}  # fmt: skip


def zone_for(region: str) -> str | None:
    """The time zone for a US state code (as written in an address), if known."""
    return STATE_ZONES.get(region.strip().upper())
