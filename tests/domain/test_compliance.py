"""The compliance guard: every hold against every action, and each consumer rule at its edges."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from casefile.compliance.rules import consumer_rules_on
from casefile.domain.compliance import (
    Action,
    CallAttempt,
    ConsumerRules,
    Facts,
    LetterKind,
    Proposed,
    decide,
    validation_period_end,
    zone_for,
)
from casefile.domain.parties import HoldKind

NY = ZoneInfo("America/New_York")
NOON = datetime(2026, 11, 24, 12, 0, tzinfo=NY)


def act(action, letter=None, at=NOON, **extra):
    return Proposed(action, at, letter, **extra)


ACTIONS = {
    "collection letter": act(Action.LETTER, LetterKind.COLLECTION),
    "validation notice": act(Action.LETTER, LetterKind.VALIDATION_NOTICE),
    "verification": act(Action.LETTER, LetterKind.VERIFICATION),
    "efforts ending": act(Action.LETTER, LetterKind.EFFORTS_ENDING),
    "remedy notice": act(Action.LETTER, LetterKind.REMEDY_NOTICE),
    "intent to sue": act(Action.LETTER, LetterKind.INTENT_TO_SUE),
    "letter to client": act(Action.LETTER, LetterKind.TO_CLIENT),
    "letter to debtor's attorney": act(
        Action.LETTER, LetterKind.COLLECTION, to_debtors_attorney=True
    ),
    "call": act(Action.CALL),
    "suit": act(Action.SUIT),
    "settlement": act(Action.SETTLEMENT),
    "enforcement": act(Action.ENFORCEMENT),
}

REVIEWED = frozenset({Action.SUIT, Action.SETTLEMENT})

# hold -> the actions it still allows (every other action is refused, naming the hold's rule)
STILL_ALLOWED = {
    HoldKind.BANKRUPTCY: {"letter to client"},
    HoldKind.DECEASED: {"letter to client"},
    HoldKind.CEASE_COMMUNICATION: {
        "efforts ending",
        "remedy notice",
        "letter to client",
        "suit",
        "settlement",
        "enforcement",
    },
    HoldKind.REPRESENTED: {
        "letter to client",
        "letter to debtor's attorney",
        "suit",
        "settlement",
        "enforcement",
    },
    HoldKind.DISPUTE: {"verification", "letter to client", "settlement"},
    HoldKind.TIME_BARRED: set(ACTIONS) - {"suit", "intent to sue"},
}
RULE = {
    HoldKind.BANKRUPTCY: "bankruptcy_stay",
    HoldKind.DECEASED: "deceased",
    HoldKind.CEASE_COMMUNICATION: "cease_communication",
    HoldKind.REPRESENTED: "represented",
    HoldKind.DISPUTE: "dispute",
    HoldKind.TIME_BARRED: "time_barred",
}


@pytest.mark.parametrize("hold", list(HoldKind))
@pytest.mark.parametrize("name", list(ACTIONS))
def test_every_hold_against_every_action(hold, name):
    # The attorney has reviewed the file, so only the hold decides.
    facts = Facts(
        consumer=False, holds=frozenset({hold}), time_zone="America/New_York", reviewed=REVIEWED
    )
    decision = decide(facts, ACTIONS[name])
    if name in STILL_ALLOWED[hold]:
        assert decision.allowed, decision
    else:
        assert (decision.allowed, decision.rule) == (False, RULE[hold])
        assert decision.reason
        assert decision.citation


def test_a_matter_without_holds_may_take_every_action_once_reviewed():
    facts = Facts(consumer=False, time_zone="America/New_York", reviewed=REVIEWED)
    assert all(decide(facts, proposed) for proposed in ACTIONS.values())


@pytest.mark.parametrize(
    ("proposed", "reviewed", "allowed"),
    [
        (act(Action.SUIT), frozenset(), False),
        (act(Action.SUIT), frozenset({Action.SETTLEMENT}), False),
        (act(Action.SUIT), frozenset({Action.SUIT}), True),
        (act(Action.SETTLEMENT), frozenset(), True),  # within the client's authority
        (act(Action.SETTLEMENT, needs_review=True), frozenset(), False),  # below it
        (act(Action.SETTLEMENT, needs_review=True), frozenset({Action.SETTLEMENT}), True),
        (act(Action.ENFORCEMENT), frozenset(), True),
        (act(Action.LETTER, LetterKind.COLLECTION), frozenset(), True),
    ],
)
def test_suits_and_settlements_below_authority_need_an_attorneys_review(
    proposed, reviewed, allowed
):
    decision = decide(Facts(consumer=False, reviewed=reviewed), proposed)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule == "attorney_review"
        assert "1692e(3)" in decision.citation


def consumer(**facts):
    return Facts(consumer=True, time_zone="America/New_York", **facts)


@pytest.mark.parametrize(("days_after", "allowed"), [(5, True), (6, False)])
def test_the_validation_notice_is_due_within_five_days_of_the_first_communication(
    days_after, allowed
):
    first = date(2026, 11, 2)
    when = datetime.combine(first + timedelta(days=days_after), NOON.timetz())
    decision = decide(consumer(first_communication_on=first), act(Action.CALL, at=when))
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule == "validation_notice_due"
    # the notice itself is never blocked by this rule
    assert decide(
        consumer(first_communication_on=first),
        act(Action.LETTER, LetterKind.VALIDATION_NOTICE, at=when),
    )


def test_no_suit_until_the_validation_period_has_run():
    # Mailed Monday 2 Nov 2026; received after 5 business days (Mon 9 Nov); period ends 30 days
    # later, Wed 9 Dec 2026.
    mailed = date(2026, 11, 2)
    assert validation_period_end(mailed) == date(2026, 12, 9)
    last_day = datetime(2026, 12, 9, 12, 0, tzinfo=NY)
    facts = consumer(first_communication_on=mailed, validation_notice_on=mailed, reviewed=REVIEWED)
    assert decide(facts, act(Action.SUIT, at=last_day)).rule == "validation_period"
    assert decide(facts, act(Action.SUIT, at=last_day + timedelta(days=1)))
    # commercial matters are not held to it
    business = Facts(consumer=False, validation_notice_on=mailed, reviewed=REVIEWED)
    assert decide(business, act(Action.SUIT, at=last_day))


@pytest.mark.parametrize(
    ("local", "allowed"),
    [
        ((7, 59), False),
        ((8, 0), True),
        ((21, 0), True),
        ((21, 1), False),
    ],
)
def test_calls_only_between_8_am_and_9_pm_in_the_debtors_zone(local, allowed):
    # 8 a.m. in Los Angeles is 11 a.m. in New York: the debtor's zone decides.
    at = datetime(2026, 11, 24, *local, tzinfo=ZoneInfo("America/Los_Angeles"))
    facts = Facts(consumer=True, time_zone="America/Los_Angeles")
    decision = decide(facts, act(Action.CALL, at=at.astimezone(UTC)))
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule == "calling_hours"


@pytest.mark.parametrize(("earlier_calls", "allowed"), [(6, True), (7, False)])
def test_the_eighth_call_in_seven_days_is_refused(earlier_calls, allowed):
    calls = tuple(CallAttempt(NOON - timedelta(days=6, hours=n)) for n in range(earlier_calls))
    decision = decide(consumer(calls=calls), act(Action.CALL))
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule == "call_frequency"
        assert "next call is allowed after" in decision.reason


def test_calls_that_have_aged_out_of_the_window_no_longer_count():
    calls = tuple(CallAttempt(NOON - timedelta(days=7, minutes=n + 1)) for n in range(7))
    assert decide(consumer(calls=calls), act(Action.CALL))


@pytest.mark.parametrize(("days_since", "allowed"), [(6, False), (7, True)])
def test_no_call_within_seven_days_after_a_conversation(days_since, allowed):
    talk = CallAttempt(NOON - timedelta(days=days_since), conversation=True)
    decision = decide(consumer(calls=(talk,)), act(Action.CALL))
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule == "after_conversation"


def test_a_workplace_that_forbids_calls_is_not_called():
    facts = Facts(consumer=True, time_zone="America/New_York", workplace_forbids_calls=True)
    assert decide(facts, act(Action.CALL, at_workplace=True)).rule == "workplace"
    assert decide(facts, act(Action.CALL))


def test_an_unknown_time_zone_stops_consumer_calls_until_an_address_is_known():
    assert decide(Facts(consumer=True), act(Action.CALL)).rule == "time_zone_unknown"
    assert decide(Facts(consumer=False), act(Action.CALL))


@pytest.mark.parametrize(
    ("day", "allowed"), [(date(2026, 11, 24), True), (date(2026, 11, 25), False)]
)
def test_suit_up_to_the_last_day_of_the_limitation_period(day, allowed):
    facts = Facts(consumer=False, limitation_date=date(2026, 11, 24), reviewed=REVIEWED)
    at = datetime.combine(day, NOON.timetz())
    decision = decide(facts, act(Action.SUIT, at=at))
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule == "time_barred"
        assert "2026-11-24" in decision.reason


def test_debtors_zone_comes_from_the_state_in_the_address():
    assert zone_for("ny") == "America/New_York"
    assert zone_for("CA") == "America/Los_Angeles"
    assert zone_for("ZZ") is None


def test_the_shipped_rules_file_holds_regulation_fs_numbers():
    rules = consumer_rules_on(date(2026, 11, 24))
    assert rules == ConsumerRules()  # the defaults the table above was written against
    assert consumer_rules_on(date(2000, 1, 1)).effective == date(2021, 11, 30)
