"""Court holidays, answer deadlines, judgment life and renewal, limitation warnings.

Every expected date below was counted by hand on a 2026 calendar (1 January 2026 is a Thursday)
and checked against the statute cited in casefile/data/jurisdictions.json.
"""

from datetime import date

import pytest

from casefile.domain.calendar import (
    add_months,
    add_years,
    next_business_day,
    previous_business_day,
    roll_forward,
)
from casefile.domain.deadlines import (
    LimitationWarning,
    Renews,
    ServiceMethod,
    answer_deadline,
    judgment_expiry,
    limitation_warning,
    renewal_deadline,
)
from casefile.domain.errors import CasefileError
from casefile.domain.jurisdictions import limitation
from casefile.ledger.rules import jurisdiction, public_holidays

NY, CA, OTHER = jurisdiction("NY"), jurisdiction("CA"), jurisdiction("OTHER")
THANKSGIVING = date(2026, 11, 26)
LINCOLNS_BIRTHDAY = date(2026, 2, 12)  # a New York holiday, not a federal one


def holidays_of(code: str):
    return public_holidays(code, [2026, 2027])


# Public holidays -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "day", "closed"),
    [
        ("NY", LINCOLNS_BIRTHDAY, True),
        ("OTHER", LINCOLNS_BIRTHDAY, False),
        ("NY", date(2026, 11, 3), True),  # Election Day (N.Y. Gen. Constr. Law § 24)
        ("NY", date(2026, 11, 27), False),  # the day after Thanksgiving is not a NY holiday
        ("CA", date(2026, 11, 27), True),  # ... but is a California one
        ("CA", date(2026, 3, 31), True),  # Cesar Chavez Day
        ("CA", date(2026, 10, 12), True),  # federal Columbus Day kept though CA drops it
        ("OTHER", THANKSGIVING, True),
        ("OTHER", date(2026, 7, 3), True),  # 4 July 2026 is a Saturday: observed on Friday
        ("OTHER", date(2026, 6, 19), True),  # Juneteenth
        ("ZZ", date(2026, 6, 19), True),
        ("OTHER", date(2026, 11, 24), False),
    ],
)
def test_public_holidays_are_federal_plus_the_states(code, day, closed):
    assert (day in public_holidays(code, 2026)) is closed


def test_unknown_or_generic_jurisdictions_get_the_federal_holidays_only():
    federal = public_holidays("OTHER", 2026)
    assert public_holidays("ZZ", 2026) == federal
    assert public_holidays("ny", 2026) == public_holidays("NY", 2026) > federal
    # New Year's Day, MLK, Washington's Birthday, Memorial Day, Juneteenth, 3 July (observed),
    # 4 July, Labor Day, Columbus Day, Veterans Day, Thanksgiving, Christmas.
    assert len(federal) == 12


def test_holidays_span_the_years_asked_for():
    both = public_holidays("NY", range(2026, 2028))
    assert date(2027, 1, 1) in both
    assert date(2026, 1, 1) in both
    assert date(2027, 1, 1) not in public_holidays("NY", 2026)


# Roll-forward and months ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 25), date(2026, 11, 25)),  # a business day stays
        (THANKSGIVING, date(2026, 11, 27)),
        (date(2026, 11, 28), date(2026, 11, 30)),  # Saturday
        (date(2026, 7, 3), date(2026, 7, 6)),  # observed Independence Day, then the weekend
    ],
)
def test_a_day_on_a_weekend_or_holiday_rolls_forward_to_the_next_business_day(day, expected):
    assert roll_forward(day, public_holidays("OTHER", 2026)) == expected


def test_next_and_previous_business_days_are_strictly_after_and_before():
    federal = public_holidays("OTHER", 2026)
    assert next_business_day(date(2026, 11, 25), federal) == date(2026, 11, 27)
    assert previous_business_day(date(2026, 11, 27), federal) == date(2026, 11, 25)
    assert next_business_day(date(2026, 11, 23)) == date(2026, 11, 24)


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (1, date(2026, 2, 28)),
        (2, date(2026, 3, 31)),
        (3, date(2026, 4, 30)),
        (11, date(2026, 12, 31)),
        (12, date(2027, 1, 31)),
        (25, date(2028, 2, 29)),  # leap year
        (-2, date(2025, 11, 30)),
    ],
)
def test_months_keep_the_anchor_day_or_the_last_day_of_a_shorter_month(months, expected):
    assert add_months(date(2026, 1, 31), months) == expected


def test_years_from_29_february_end_on_28_february_in_a_common_year():
    assert add_years(date(2016, 2, 29), 10) == date(2026, 2, 28)
    assert add_years(date(2016, 2, 29), 12) == date(2028, 2, 29)


# Answer deadlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "method", "served", "step", "last_day", "due"),
    [
        # NY personal delivery: 20 days; Fri 6 Nov + 20 = Thanksgiving → Friday 27 Nov.
        ("NY", "personal", date(2026, 11, 6), None, THANKSGIVING, date(2026, 11, 27)),
        # NY personal: Fri 23 Jan + 20 = Thu 12 Feb, Lincoln's Birthday in NY → Fri 13 Feb.
        ("NY", "personal", date(2026, 1, 23), None, LINCOLNS_BIRTHDAY, date(2026, 2, 13)),
        # NY substituted: proof filed Tue 10 Mar, complete Fri 20 Mar, + 30 = Sun 19 Apr.
        ("NY", "substituted", date(2026, 3, 2), date(2026, 3, 10), date(2026, 4, 19),
         date(2026, 4, 20)),
        # NY by mail: acknowledgment returned Mon 1 Jun, + 20 = Sun 21 Jun → Mon 22 Jun.
        ("NY", "mail_acknowledgment", date(2026, 5, 20), date(2026, 6, 1), date(2026, 6, 21),
         date(2026, 6, 22)),
        # CA personal: 30 days; Thu 8 Oct + 30 = Sat 7 Nov → Mon 9 Nov.
        ("CA", "personal", date(2026, 10, 8), None, date(2026, 11, 7), date(2026, 11, 9)),
        # CA personal: Tue 27 Oct + 30 = Thanksgiving, then the day after (a CA holiday) and a
        # weekend → Mon 30 Nov.
        ("CA", "personal", date(2026, 10, 27), None, THANKSGIVING, date(2026, 11, 30)),
        # CA substituted: mailed Mon 1 Jun, complete Thu 11 Jun, + 30 = Sat 11 Jul → Mon 13 Jul.
        ("CA", "substituted", date(2026, 6, 1), None, date(2026, 7, 11), date(2026, 7, 13)),
        # CA by mail: acknowledgment signed Wed 2 Dec, + 30 = New Year's Day 2027 (Friday).
        ("CA", "mail_acknowledgment", date(2026, 11, 25), date(2026, 12, 2), date(2027, 1, 1),
         date(2027, 1, 4)),
        # Generic: 21 days; Thu 22 Jan + 21 = Thu 12 Feb, no federal holiday.
        ("OTHER", "personal", date(2026, 1, 22), None, LINCOLNS_BIRTHDAY, LINCOLNS_BIRTHDAY),
    ],
)  # fmt: skip
def test_answer_deadlines_count_from_completed_service_and_roll_off_holidays(
    code, method, served, step, last_day, due
):
    deadline = answer_deadline(
        jurisdiction(code), method, served, holidays=holidays_of(code), completing_step_on=step
    )
    assert (deadline.last_day, deadline.due_on) == (last_day, due)
    assert deadline.moved_off_holiday is (last_day != due)


def test_an_answer_deadline_carries_its_rule_and_source():
    deadline = answer_deadline(
        NY, ServiceMethod.SUBSTITUTED, date(2026, 3, 2), holidays=holidays_of("NY"),
        completing_step_on=date(2026, 3, 10),
    )  # fmt: skip
    assert deadline.service_completed_on == date(2026, 3, 20)
    assert deadline.answer_days == 30
    assert "CPLR 320(a)" in deadline.source
    assert "308(2)" in deadline.source
    assert "proof of service" in deadline.completes
    assert not deadline.generic


def test_generic_answer_period_follows_the_version_in_force_on_the_day_of_service():
    # 20 days before the 2009 amendments: Mon 30 Nov 2009 + 20 = Sun 20 Dec → Mon 21 Dec.
    before = answer_deadline(OTHER, "personal", date(2009, 11, 30), holidays=())
    assert (before.answer_days, before.due_on) == (20, date(2009, 12, 21))
    # 21 days from 1 December 2009: Tue 22 Dec.
    after = answer_deadline(OTHER, "substituted", date(2009, 12, 1), holidays=())
    assert (after.answer_days, after.due_on) == (21, date(2009, 12, 22))
    assert after.generic
    assert "generic" in after.source


def test_a_stated_completion_date_overrides_the_rule():
    # NY "other" methods: 30 days after the completion date the user states.
    deadline = answer_deadline(
        NY, "other", date(2026, 2, 20), date(2026, 3, 2), holidays=holidays_of("NY")
    )
    assert deadline.due_on == date(2026, 4, 1)


@pytest.mark.parametrize(
    ("code", "method", "field"),
    [
        ("NY", "substituted", "completing_step_on"),  # needs the date proof was filed
        ("CA", "mail_acknowledgment", "completing_step_on"),  # needs the date it was signed
        ("NY", "other", "service_completed_on"),
        ("NY", "carrier pigeon", "service_method"),
    ],
)
def test_an_answer_deadline_asks_for_what_it_cannot_know(code, method, field):
    with pytest.raises(CasefileError) as refused:
        answer_deadline(jurisdiction(code), method, date(2026, 3, 2), holidays=())
    assert refused.value.field == field


def test_service_cannot_complete_before_it_was_made():
    with pytest.raises(CasefileError):
        answer_deadline(NY, "other", date(2026, 3, 2), date(2026, 3, 1), holidays=())


def test_no_answer_period_before_any_version_on_file():
    assert answer_deadline(CA, "personal", date(1969, 1, 2), holidays=()) is None


# Judgments -------------------------------------------------------------------------------------


def test_a_new_york_judgment_lasts_twenty_years_and_its_lien_ten():
    expiry = judgment_expiry(NY, date(2016, 3, 15))
    assert (expiry.expires_on, expiry.lien_expires_on) == (date(2036, 3, 15), date(2026, 3, 15))
    assert "CPLR 211(b)" in expiry.source


def test_new_york_renewal_is_sought_in_the_year_before_the_lien_lapses():
    renewal = renewal_deadline(NY, date(2016, 3, 15), holidays=holidays_of("NY"))
    assert renewal.renews is Renews.LIEN
    assert renewal.opens_on == date(2025, 3, 15)
    assert renewal.file_before == date(2026, 3, 15)  # a Sunday
    assert renewal.last_day == date(2026, 3, 13)  # the Friday before
    assert "5014" in renewal.source


def test_california_renewal_must_be_filed_before_the_judgment_expires():
    # Entered Mon 28 Nov 2016: expires Sat 28 Nov 2026. Friday 27 (CA holiday) and Thanksgiving
    # are closed, so the last business day before expiry is Wednesday 25 November.
    expiry = judgment_expiry(CA, date(2016, 11, 28))
    assert expiry.expires_on == expiry.lien_expires_on == date(2026, 11, 28)
    renewal = renewal_deadline(CA, date(2016, 11, 28), holidays=holidays_of("CA"))
    assert renewal.renews is Renews.JUDGMENT
    assert renewal.opens_on is None
    assert (renewal.file_before, renewal.last_day) == (date(2026, 11, 28), date(2026, 11, 25))
    assert "683.130" in renewal.source


def test_a_judgment_entered_on_29_february_expires_on_28_february():
    assert judgment_expiry(CA, date(2016, 2, 29)).expires_on == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("code", "entered"),
    [("OTHER", date(2026, 1, 5)), ("ZZ", date(2026, 1, 5)), ("CA", date(1983, 6, 30))],
)
def test_no_judgment_life_on_file_gives_none(code, entered):
    assert judgment_expiry(jurisdiction(code), entered) is None
    assert renewal_deadline(jurisdiction(code), entered, holidays=()) is None


# Limitation warnings --------------------------------------------------------------------------

LAST_DAY_TO_SUE = date(2026, 12, 31)


@pytest.mark.parametrize(
    ("today", "warning"),
    [
        (date(2026, 10, 1), None),  # 91 days left
        (date(2026, 10, 2), LimitationWarning.DAYS_90),  # 90 days left
        (date(2026, 11, 30), LimitationWarning.DAYS_90),  # 31 days left
        (date(2026, 12, 1), LimitationWarning.DAYS_30),  # 30 days left
        (LAST_DAY_TO_SUE, LimitationWarning.DAYS_30),  # suit is still possible today
        (date(2027, 1, 1), LimitationWarning.PASSED),
    ],
)
def test_matters_warn_ninety_and_thirty_days_before_the_last_day_to_sue(today, warning):
    assert limitation_warning(LAST_DAY_TO_SUE, today) is warning


def test_limitation_warnings_take_the_date_from_the_limitation_rules():
    # NY consumer credit, due 15 June 2023: three years, last day 15 June 2026 (CPLR 214-i).
    today = date(2026, 5, 1)
    barred = limitation(NY, {"A": date(2023, 6, 15)}, consumer=True, on=today)
    assert barred.last_day == date(2026, 6, 15)
    assert limitation_warning(barred.last_day, today) == "90"  # 45 days left
    assert limitation_warning(None, today) is None
