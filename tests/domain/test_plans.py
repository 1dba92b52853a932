"""Payment plans and settlements: schedules to the cent, due dates, default, authority.

Amounts and dates below were worked out by hand (1 January 2026 is a Thursday); holidays come
from the real tables (`public_holidays`).
"""

from calendar import monthrange
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.domain.calendar import is_business_day
from casefile.domain.errors import CasefileError
from casefile.domain.plans import (
    DUE_RULE_TEXT,
    MAX_INSTALLMENTS,
    DueRule,
    Frequency,
    Installment,
    InstallmentState,
    PlanState,
    balance_after_default,
    discount,
    needs_client_approval,
    plan_status,
    renegotiate,
    schedule,
    settlement_floor_cents,
)
from casefile.ledger.rules import public_holidays

FEDERAL = public_holidays("OTHER", range(2026, 2029))


def amounts(plan):
    return [i.amount_cents for i in plan]


def due_dates(plan):
    return [i.due_on for i in plan]


# Amounts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [
        (100_000, 3, [33_333, 33_333, 33_334]),  # 1,000.00 in 3
        (10_000, 7, [1_428] * 6 + [1_432]),  # 100.00 in 7: 6 × 14.28 = 85.68, 14.32 left
        (10_000, 4, [2_500] * 4),
        (1, 1, [1]),  # a single cent
        (3, 3, [1, 1, 1]),
        (10, 3, [3, 3, 4]),
    ],
)
def test_equal_installments_round_down_and_the_last_takes_the_remainder(total, count, expected):
    plan = schedule(total, 0, date(2026, 3, 2), Frequency.MONTHLY, count=count)
    assert amounts(plan) == expected
    assert sum(amounts(plan)) == total
    assert [i.number for i in plan] == list(range(1, count + 1))


@pytest.mark.parametrize(
    ("total", "each", "expected"),
    [
        (100_000, 30_000, [30_000, 30_000, 30_000, 10_000]),  # 1,000.00 at 300.00
        (90_000, 30_000, [30_000, 30_000, 30_000]),
        (10_000, 30_000, [10_000]),
        (12_000, 100, [100] * MAX_INSTALLMENTS),  # exactly the most allowed
    ],
)
def test_installments_of_a_set_amount_end_with_what_is_left(total, each, expected):
    plan = schedule(total, 0, date(2026, 3, 2), "monthly", installment_cents=each)
    assert amounts(plan) == expected


def test_a_down_payment_is_installment_zero_on_the_first_date_and_the_rest_follow_monthly():
    # 1,200.00 with 200.00 down, 4 monthly from Saturday 31 January 2026.
    plan = schedule(
        120_000, 20_000, date(2026, 1, 31), Frequency.MONTHLY, count=4, holidays=FEDERAL
    )
    assert [(i.number, i.amount_cents) for i in plan] == [
        (0, 20_000), (1, 25_000), (2, 25_000), (3, 25_000), (4, 25_000)
    ]  # fmt: skip
    assert plan[0].is_down_payment
    assert not plan[1].is_down_payment
    assert [i.scheduled_on for i in plan] == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30),
        date(2026, 5, 31),
    ]  # fmt: skip
    assert due_dates(plan) == [
        date(2026, 2, 2),  # Saturday → Monday
        date(2026, 3, 2),  # Saturday 28 February → Monday
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 6, 1),  # Sunday → Monday
    ]


def test_a_down_payment_of_one_cent_less_than_the_total_leaves_one_installment_of_a_cent():
    plan = schedule(2, 1, date(2026, 3, 2), Frequency.WEEKLY, count=1)
    assert [(i.number, i.amount_cents, i.due_on) for i in plan] == [
        (0, 1, date(2026, 3, 2)), (1, 1, date(2026, 3, 9))
    ]  # fmt: skip


# Dates -------------------------------------------------------------------------------------------


def test_monthly_dates_keep_the_anchor_day_and_clamp_to_month_end_without_drifting():
    plan = schedule(40_000, 0, date(2028, 1, 31), "monthly", count=4, due_rule="as_scheduled")
    assert [i.scheduled_on for i in plan] == [
        date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("first", "frequency", "expected_due"),
    [
        # 15 Jan (Thu); 15 Feb is a Sunday and Monday 16 Feb is Washington's Birthday → Tuesday;
        # 15 Mar is a Sunday → Monday.
        (date(2026, 1, 15), Frequency.MONTHLY,
         [date(2026, 1, 15), date(2026, 2, 17), date(2026, 3, 16)]),
        # Thursdays; the second is Thanksgiving → Friday.
        (date(2026, 11, 19), Frequency.WEEKLY,
         [date(2026, 11, 19), date(2026, 11, 27), date(2026, 12, 3)]),
        # Fridays two weeks apart; Christmas Day → Monday 28 December.
        (date(2026, 12, 11), Frequency.EVERY_TWO_WEEKS,
         [date(2026, 12, 11), date(2026, 12, 28), date(2027, 1, 8)]),
    ],
)  # fmt: skip
def test_a_due_date_on_a_weekend_or_holiday_moves_to_the_next_business_day(
    first, frequency, expected_due
):
    plan = schedule(30_000, 0, first, frequency, count=3, holidays=FEDERAL)
    assert due_dates(plan) == expected_due


def test_as_scheduled_keeps_due_dates_on_weekends_and_each_rule_is_stated_in_words():
    plan = schedule(
        30_000, 0, date(2026, 11, 19), "weekly", count=3, holidays=FEDERAL, due_rule="as_scheduled"
    )
    assert due_dates(plan) == [i.scheduled_on for i in plan]
    assert set(DUE_RULE_TEXT) == set(DueRule)
    assert "next business day" in DUE_RULE_TEXT[DueRule.NEXT_BUSINESS_DAY]


# Refusals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "down", "options", "field"),
    [
        (0, 0, {"count": 1}, "total_cents"),
        (-100, 0, {"count": 1}, "total_cents"),
        (10_000, -1, {"count": 1}, "down_payment_cents"),
        (10_000, 10_000, {"count": 1}, "down_payment_cents"),
        (10_000, 12_000, {"count": 1}, "down_payment_cents"),
        (10_000, 0, {"count": 0}, "count"),
        (10_000, 0, {"count": MAX_INSTALLMENTS + 1}, "count"),
        (2, 0, {"count": 3}, "count"),  # cannot give each installment a cent
        (10_000, 0, {}, "count"),  # neither count nor amount
        (10_000, 0, {"count": 2, "installment_cents": 5_000}, "count"),  # both
        (10_000, 0, {"installment_cents": 0}, "installment_cents"),
        (100_000, 0, {"installment_cents": 800}, "installment_cents"),  # 125 installments
        (10_000, 0, {"count": 2, "frequency": "daily"}, "frequency"),
        (10_000, 0, {"count": 2, "due_rule": "whenever"}, "due_rule"),
    ],
)
def test_nonsense_plans_are_refused_naming_the_field(total, down, options, field):
    options = {"frequency": Frequency.MONTHLY, **options}
    with pytest.raises(CasefileError) as refused:
        schedule(total, down, date(2026, 3, 2), **options)
    assert refused.value.field == field


def test_money_as_float_is_a_bug_not_something_to_round():
    with pytest.raises(TypeError):
        schedule(1000.0, 0, date(2026, 3, 2), Frequency.MONTHLY, count=2)


# Properties --------------------------------------------------------------------------------------


@st.composite
def plans(draw):
    total = draw(st.integers(min_value=1, max_value=10**9))
    down = draw(st.sampled_from([0, 0, draw(st.integers(min_value=0, max_value=total - 1))]))
    first = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
    frequency = draw(st.sampled_from(Frequency))
    if draw(st.booleans()):
        options = {"count": draw(st.integers(1, min(MAX_INSTALLMENTS, total - down)))}
    else:
        smallest = -(-(total - down) // MAX_INSTALLMENTS)  # ceiling: at most 120 installments
        options = {"installment_cents": draw(st.integers(smallest, total - down + 10))}
    holidays = public_holidays("NY", range(first.year, first.year + 11))
    return total, down, first, frequency, options, holidays


@settings(max_examples=200)
@given(plans())
def test_every_schedule_adds_up_exactly_and_its_dates_only_move_forward(plan_args):
    total, down, first, frequency, options, holidays = plan_args
    plan = schedule(total, down, first, frequency, holidays=holidays, **options)
    assert sum(amounts(plan)) == total
    assert all(i.amount_cents > 0 for i in plan)
    scheduled = [i.scheduled_on for i in plan]
    assert scheduled[0] == first
    assert all(a < b for a, b in zip(scheduled, scheduled[1:], strict=False))
    assert all(a < b for a, b in zip(due_dates(plan), due_dates(plan)[1:], strict=False))
    for installment in plan:
        assert (
            installment.scheduled_on
            <= installment.due_on
            <= installment.scheduled_on + (timedelta(days=5))
        )
        assert is_business_day(installment.due_on, holidays)
    regular = [i.amount_cents for i in plan if not i.is_down_payment]
    if "count" in options:
        assert len(regular) == options["count"]
        assert set(regular[:-1]) <= {regular[0]}
        assert 0 <= regular[-1] - regular[0] < len(regular)
    else:
        assert set(regular[:-1]) <= {options["installment_cents"]}
        assert regular[-1] <= options["installment_cents"]
    if frequency is Frequency.MONTHLY:
        assert all(d.day == min(first.day, monthrange(d.year, d.month)[1]) for d in scheduled)


@given(
    st.lists(st.integers(1, 50_000), min_size=1, max_size=12),
    st.lists(st.integers(0, 40_000), max_size=8),
)
def test_payments_pay_installments_oldest_first(installment_amounts, payment_amounts):
    total = sum(installment_amounts)
    weeks = [date(2026, 3, 2) + timedelta(weeks=n) for n in range(len(installment_amounts))]
    plan = [
        Installment(n, day, day, amount)
        for n, (day, amount) in enumerate(zip(weeks, installment_amounts, strict=True), start=1)
    ]
    payments = [(date(2026, 3, 1), cents) for cents in payment_amounts]
    status = plan_status(plan, payments, date(2026, 3, 1), grace_days=5)
    paid = sum(payment_amounts)
    assert sum(line.paid_cents for line in status.lines) == min(paid, total)
    assert status.remaining_cents == max(total - paid, 0)
    for earlier, later in zip(status.lines, status.lines[1:], strict=False):
        if later.paid_cents:
            assert earlier.outstanding_cents == 0
    assert (status.state is PlanState.PAID) is (paid >= total)


# Status and default ------------------------------------------------------------------------------

# 300.00 in three monthly installments of 100.00 from Monday 2 March 2026: due 2 March,
# Thursday 2 April, and Monday 4 May (2 May is a Saturday). Five days' grace.
PLAN = schedule(30_000, 0, date(2026, 3, 2), Frequency.MONTHLY, count=3, holidays=FEDERAL)
GRACE = 5


def test_the_example_plan_is_what_the_comment_says():
    assert due_dates(PLAN) == [date(2026, 3, 2), date(2026, 4, 2), date(2026, 5, 4)]


@pytest.mark.parametrize(
    ("as_of", "plan_state", "first_state"),
    [
        (date(2026, 3, 1), PlanState.ON_TRACK, InstallmentState.DUE),
        (date(2026, 3, 2), PlanState.ON_TRACK, InstallmentState.DUE),  # due today
        (date(2026, 3, 3), PlanState.LATE, InstallmentState.LATE),
        (date(2026, 3, 7), PlanState.LATE, InstallmentState.LATE),  # last day of grace
        (date(2026, 3, 8), PlanState.IN_DEFAULT, InstallmentState.MISSED),
        (date(2026, 3, 9), PlanState.IN_DEFAULT, InstallmentState.MISSED),
    ],
)
def test_an_unpaid_installment_turns_late_then_missed_as_days_pass(as_of, plan_state, first_state):
    status = plan_status(PLAN, [], as_of, GRACE)
    assert status.state is plan_state
    assert status.lines[0].state is first_state
    assert status.lines[1].state is InstallmentState.DUE
    if plan_state is PlanState.IN_DEFAULT:
        assert (status.defaulted_on, status.defaulted_installment) == (date(2026, 3, 8), PLAN[0])
    else:
        assert status.defaulted_on is None


def test_default_is_detected_on_the_first_day_after_grace_walking_day_by_day():
    day, seen = date(2026, 3, 1), []
    while day <= date(2026, 3, 10):
        seen.append((day, plan_status(PLAN, [], day, GRACE).state))
        day += timedelta(days=1)
    first_default = next(day for day, state in seen if state is PlanState.IN_DEFAULT)
    assert first_default == date(2026, 3, 2) + timedelta(days=GRACE + 1) == date(2026, 3, 8)


def test_paying_on_the_last_day_of_grace_avoids_default():
    status = plan_status(PLAN, [(date(2026, 3, 7), 10_000)], date(2026, 3, 20), GRACE)
    assert status.state is PlanState.ON_TRACK
    assert status.lines[0].state is InstallmentState.PAID
    assert status.next_due.installment == PLAN[1]


def test_paying_a_day_after_grace_does_not_undo_the_default():
    status = plan_status(PLAN, [(date(2026, 3, 8), 10_000)], date(2026, 3, 20), GRACE)
    assert status.state is PlanState.IN_DEFAULT
    assert status.defaulted_on == date(2026, 3, 8)
    assert status.lines[0].state is InstallmentState.PAID
    assert (status.paid_cents, status.remaining_cents, status.arrears_cents) == (10_000, 20_000, 0)


def test_default_on_a_later_installment_names_it():
    # The first is paid on time; the second (2 April) is not paid by 7 April.
    status = plan_status(PLAN, [(date(2026, 3, 2), 10_000)], date(2026, 4, 8), GRACE)
    assert (status.defaulted_on, status.defaulted_installment) == (date(2026, 4, 8), PLAN[1])
    assert [line.state for line in status.lines] == [
        InstallmentState.PAID, InstallmentState.MISSED, InstallmentState.DUE
    ]  # fmt: skip


def test_one_payment_can_cover_several_installments_and_part_of_another():
    status = plan_status(PLAN, [(date(2026, 3, 2), 25_000)], date(2026, 3, 2), GRACE)
    assert [(line.paid_cents, line.state) for line in status.lines] == [
        (10_000, InstallmentState.PAID),
        (10_000, InstallmentState.PAID),
        (5_000, InstallmentState.PARTLY_PAID),
    ]
    assert status.state is PlanState.ON_TRACK
    assert (status.next_due.installment.number, status.next_due.outstanding_cents) == (3, 5_000)


def test_a_part_payment_leaves_the_rest_late():
    status = plan_status(PLAN, [(date(2026, 3, 2), 4_000)], date(2026, 3, 4), GRACE)
    assert status.state is PlanState.LATE
    assert (status.lines[0].paid_cents, status.arrears_cents) == (4_000, 6_000)


def test_payments_after_as_of_do_not_count_yet():
    status = plan_status(PLAN, [(date(2026, 3, 5), 10_000)], date(2026, 3, 4), GRACE)
    assert (status.paid_cents, status.state) == (0, PlanState.LATE)


def test_paying_the_total_makes_the_plan_paid_even_after_a_default():
    payments = [(date(2026, 3, 20), 20_000), (date(2026, 3, 25), 11_000)]
    status = plan_status(PLAN, payments, date(2026, 3, 31), GRACE)
    assert status.state is PlanState.PAID
    assert status.defaulted_on == date(2026, 3, 8)  # the history stays visible
    assert (status.paid_cents, status.remaining_cents, status.next_due) == (31_000, 0, None)


def test_negative_grace_is_refused():
    with pytest.raises(CasefileError):
        plan_status(PLAN, [], date(2026, 3, 1), grace_days=-1)


# Renegotiation -----------------------------------------------------------------------------------


def test_renegotiating_schedules_what_remains():
    status = plan_status(PLAN, [(date(2026, 3, 8), 10_000)], date(2026, 4, 6), GRACE)
    new_plan = renegotiate(status.remaining_cents, date(2026, 4, 6), "monthly", count=2)
    assert [(i.due_on, i.amount_cents) for i in new_plan] == [
        (date(2026, 4, 6), 10_000), (date(2026, 5, 6), 10_000)
    ]  # fmt: skip


def test_nothing_left_to_renegotiate_is_refused():
    with pytest.raises(CasefileError):
        renegotiate(0, date(2026, 4, 6), "monthly", count=2)


# Settlement authority ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("balance", "basis_points", "floor"),
    [
        (123_457, 8_000, 98_766),  # 1,234.57 × 80 % = 987.656 → 987.66
        (12_345, 5_000, 6_173),  # 61.725 rounds half-up to 61.73 (not half-even 61.72)
        (100_000, 10_000, 100_000),
        (100_000, 0, 0),
        (1, 4_999, 0),  # 0.4999 cent
        (1, 5_000, 1),  # 0.5 cent
    ],
)
def test_the_floor_is_a_share_of_the_balance_rounded_half_up(balance, basis_points, floor):
    assert settlement_floor_cents(balance, basis_points) == floor


@pytest.mark.parametrize(
    ("offer", "needs_approval"),
    [(98_765, True), (98_766, False), (123_457, False), (0, True)],
)
def test_an_offer_below_the_floor_needs_the_clients_approval(offer, needs_approval):
    assert needs_client_approval(offer, 123_457, 8_000) is needs_approval


@pytest.mark.parametrize(
    ("offer", "balance", "basis_points", "field"),
    [
        (-1, 100_000, 8_000, "offer_cents"),
        (50_000, 0, 8_000, "balance_cents"),
        (50_000, 100_000, 10_001, "floor_basis_points"),
        (50_000, 100_000, -1, "floor_basis_points"),
    ],
)
def test_nonsense_authority_questions_are_refused(offer, balance, basis_points, field):
    with pytest.raises(CasefileError) as refused:
        needs_client_approval(offer, balance, basis_points)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("offer", "balance", "basis_points"),
    [
        (80_000, 100_000, 2_000),
        (20_000, 30_000, 3_333),  # 33.333 %
        (10_000, 30_000, 6_667),  # 66.667 %
        (19_999, 20_000, 1),  # half a basis point rounds up
        (100_000, 100_000, 0),
        (0, 100_000, 10_000),
        (110_000, 100_000, -1_000),  # more than the balance
    ],
)
def test_the_discount_is_shown_in_basis_points(offer, balance, basis_points):
    assert discount(offer, balance) == basis_points


@pytest.mark.parametrize(
    ("original", "paid", "owed"),
    [(100_000, 35_000, 65_000), (100_000, 0, 100_000), (100_000, 120_000, 0)],
)
def test_a_default_restores_the_original_balance_less_what_was_paid(original, paid, owed):
    assert balance_after_default(original, paid) == owed
