"""Litigation and judgment through the services: suit (guarded), the answer deadline across
weekends and holidays, court dates, the judgment and the balance's switch to post-judgment
interest, and the limitation date with its warnings."""

from datetime import date

import pytest
from sqlalchemy import select

from casefile.compliance.reviews import Checklist, record_review
from casefile.compliance.services import ComplianceRefusal
from casefile.diary.models import Task
from casefile.domain.balance import Component
from casefile.domain.compliance import Action
from casefile.domain.deadlines import LimitationWarning
from casefile.domain.errors import CasefileError
from casefile.domain.parties import HoldKind
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.ledger.models import LedgerEntry
from casefile.ledger.queries import matter_balance
from casefile.matters.services import BankruptcyCase, InvoiceData, move_stage, place_hold
from casefile.resolution import litigation
from casefile.resolution.queries import matter_limitation
from casefile.types import utcnow
from tests.factories import TODAY
from tests.web.helpers import snapshot


def review(desk, matter=None):
    checks = Checklist(documentation_reviewed=True, balance_verified=True, limitation_checked=True)
    record_review(matter or desk.matter, Action.SUIT, checks, "File complete", desk.actor, utcnow())


def sue(desk, fee_cents=45_000, reviewed=False):
    if not reviewed:
        review(desk)
    data = litigation.SuitData("Supreme Court, New York County", TODAY, "650123/2026", fee_cents)
    return litigation.file_suit(desk.matter, data, desk.actor, TODAY)


def tasks(desk, prefix):
    return db.session.scalars(
        select(Task).where(Task.matter_id == desk.matter.id, Task.title.like(prefix + "%"))
    ).all()


def test_filing_suit_posts_the_fee_as_a_cost_and_moves_to_litigation(desk):
    suit = sue(desk)
    assert desk.matter.stage is Stage.LITIGATION
    cost = db.session.scalar(select(LedgerEntry).where(LedgerEntry.matter_id == desk.matter.id))
    assert (cost.kind.value, cost.amount_cents, cost.on) == ("cost", 45_000, TODAY)
    assert matter_balance(desk.matter, TODAY).owed[Component.COSTS] == 45_000
    assert suit.index_number == "650123/2026"


def test_a_bankruptcy_stay_refuses_suit_and_writes_nothing(desk):
    place_hold(desk.matter, HoldKind.BANKRUPTCY, TODAY, "Notice of filing", desk.actor, TODAY,
               bankruptcy=BankruptcyCase("26-40112", 7, "Bankr. E.D.N.Y.", TODAY))  # fmt: skip
    review(desk)
    before = snapshot()
    with pytest.raises(ComplianceRefusal, match="bankruptcy"):
        sue(desk, reviewed=True)
    assert snapshot() == before
    assert desk.matter.stage is Stage.DEMAND
    assert not db.session.scalar(select(LedgerEntry.id))  # no filing fee posted


def test_suit_on_a_time_barred_claim_is_refused_with_the_reason(make, desk):
    old = [InvoiceData("OLD-1", date(2020, 9, 1), date(2020, 10, 1), 80_000)]
    matter = make.matter(client=desk.client, attorney=desk.attorney, invoices=old)
    move_stage(matter, Stage.DEMAND, "Demand", desk.actor, TODAY)
    review(desk, matter)
    assert matter_limitation(matter, TODAY).warning is LimitationWarning.PASSED
    with pytest.raises(ComplianceRefusal, match="(?i)limitation"):
        litigation.file_suit(matter, litigation.SuitData("Civil Court", TODAY), desk.actor, TODAY)
    assert matter.stage is Stage.DEMAND


@pytest.mark.parametrize(
    ("due_on", "today", "warning"),
    [
        (date(2020, 12, 24), date(2026, 11, 24), LimitationWarning.DAYS_30),  # 30 days left
        (date(2020, 12, 25), date(2026, 11, 24), LimitationWarning.DAYS_90),  # 31 days left
        (date(2021, 2, 22), date(2026, 11, 24), LimitationWarning.DAYS_90),  # 90 days left
        (date(2021, 2, 23), date(2026, 11, 24), None),  # 91 days left
    ],
)
def test_every_matter_warns_90_and_30_days_before_its_last_day_to_sue(
    make, desk, due_on, today, warning
):
    rows = [InvoiceData("L-1", date(2020, 9, 1), due_on, 10_000)]
    matter = make.matter(client=desk.client, invoices=rows)
    found = matter_limitation(matter, today)
    assert found.last_day == due_on.replace(year=due_on.year + 6)  # New York: 6 years
    assert found.warning == warning


def test_the_answer_deadline_rolls_past_christmas_and_the_weekend_into_the_diary(desk):
    suit = sue(desk)
    # Personal delivery on Sat 5 Dec 2026: 20 days is Fri 25 Dec (Christmas), so Mon 28 Dec.
    litigation.record_service(suit, date(2026, 12, 5), "personal", desk.actor, date(2026, 12, 6))
    assert suit.answer_due_on == date(2026, 12, 28)
    assert "CPLR 320(a)" in suit.answer_rule
    [task] = tasks(desk, "Answer due")
    assert (task.due_on, task.owner_id) == (date(2026, 12, 28), desk.attorney.id)


def test_substituted_service_needs_the_date_proof_of_service_was_filed(desk):
    suit = sue(desk)
    with pytest.raises(CasefileError, match="date of that step") as refused:
        litigation.record_service(suit, TODAY, "substituted", desk.actor, TODAY)
    assert refused.value.field == "completing_step_on"
    litigation.record_service(suit, TODAY, "substituted", desk.actor, TODAY,
                              completing_step_on=date(2026, 11, 24))  # fmt: skip
    # Complete 10 days after filing proof (4 Dec), then 30 days: Sun 3 Jan 2027 -> Mon 4 Jan.
    assert suit.answer_due_on == date(2027, 1, 4)


def test_a_court_date_is_listed_and_diarised(desk):
    sue(desk)
    litigation.add_court_date(desk.matter, date(2027, 2, 3), "Preliminary conference",
                              desk.actor, "09:30", "60 Centre Street, Part 12")  # fmt: skip
    [task] = tasks(desk, "Court: Preliminary conference")
    assert task.due_on == date(2027, 2, 3)


def test_the_judgment_switches_the_balance_to_post_judgment_interest(desk):
    sue(desk, fee_cents=0)
    data = litigation.JudgmentData(TODAY, 125_000, 4_000, 45_000, 0)
    judgment = litigation.enter_judgment(desk.matter, data, desk.actor, TODAY)
    assert judgment.amount_cents == 174_000
    assert judgment.rate_basis_points == 900  # New York CPLR 5004, commercial
    assert desk.matter.stage is Stage.JUDGMENT
    on_entry = matter_balance(desk.matter, TODAY)
    assert on_entry.total_cents == 174_000
    # 30 days at 9 % on 1,740.00: 1740 x 0.09 x 30 / 365 = 12.87
    later = matter_balance(desk.matter, date(2026, 12, 24))
    assert later.total_cents == 174_000 + 1_287
    assert later.owed[Component.PRINCIPAL] == 174_000


def test_the_judgment_expires_and_must_be_renewed_per_the_jurisdiction(desk):
    sue(desk, fee_cents=0)
    judgment = litigation.enter_judgment(
        desk.matter, litigation.JudgmentData(TODAY, 125_000), desk.actor, TODAY
    )
    assert judgment.expires_on == date(2046, 11, 24)  # CPLR 211(b): 20 years
    # The lien lapses on Mon 24 Nov 2036 (10 years): renew by the business day before it.
    assert judgment.renewal_due_on == date(2036, 11, 21)
    [task] = tasks(desk, "Renew the judgment")
    assert task.due_on == date(2036, 11, 21)
    with pytest.raises(CasefileError, match="already recorded"):
        litigation.enter_judgment(desk.matter, litigation.JudgmentData(TODAY, 1), desk.actor, TODAY)
