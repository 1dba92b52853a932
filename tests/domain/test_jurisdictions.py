"""Statutory rates as versioned data: the version in force, the consumer-judgment exception."""

from datetime import date
from decimal import Decimal

from casefile.domain.balance import InvoiceDebt, balance
from casefile.domain.jurisdictions import judgment_rate, limitation, statutory_periods
from casefile.ledger.rules import jurisdiction

NY = jurisdiction("NY")


def test_new_york_judgments_earn_nine_percent_or_two_on_consumer_debt_after_april_2022():
    assert judgment_rate(NY, date(2022, 4, 29), consumer=True) == Decimal("0.09")
    assert judgment_rate(NY, date(2022, 4, 30), consumer=True) == Decimal("0.02")
    assert judgment_rate(NY, date(2026, 1, 5), consumer=False) == Decimal("0.09")


def test_a_version_that_kept_the_prejudgment_rate_does_not_split_interest_lines():
    # $1,000.00 due 2022-01-01, asked on 2022-12-31: 364 days at 9 % in one line across the
    # 2022-04-30 amendment (which changed only consumer judgments):
    # 100,000 c × 0.09 × 364 / 365 = 8,975.34 → 8,975 c.
    assert len(statutory_periods(NY)) == 1
    owed = balance(
        [InvoiceDebt("A", 100_000, date(2022, 1, 1))], statutory_periods(NY), [], date(2022, 12, 31)
    )
    [line] = owed.interest_lines
    assert (line.days, line.amount_cents) == (364, 8_975)


def test_an_unknown_jurisdiction_falls_back_to_no_statutory_interest():
    [period] = statutory_periods(jurisdiction("ZZ"))
    assert period.rate == 0
    assert judgment_rate(jurisdiction("ZZ"), date(2026, 1, 1), consumer=True) == 0


def test_limitation_periods_come_from_the_version_in_force_on_the_day_of_suit():
    dues = {"INV-2": date(2021, 3, 1), "INV-1": date(2020, 2, 29)}
    # New York: six years on a contract; three on consumer credit for suits from 2022-04-07.
    commercial = limitation(NY, dues, consumer=False, on=date(2026, 11, 24))
    assert (commercial.last_day, commercial.invoice) == (date(2026, 2, 28), "INV-1")
    consumer = limitation(NY, dues, consumer=True, on=date(2026, 11, 24))
    assert consumer.last_day == date(2023, 2, 28)
    assert "214-i" in consumer.source
    before_the_act = limitation(NY, dues, consumer=True, on=date(2022, 4, 6))
    assert before_the_act.last_day == date(2026, 2, 28)
    assert limitation(jurisdiction("CA"), dues, False, date(2026, 1, 1)).last_day == date(
        2024, 2, 29
    )
    assert limitation(jurisdiction("ZZ"), dues, False, date(2026, 1, 1)) is None
