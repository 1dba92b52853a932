"""Remittance arithmetic checked by hand, and the properties every statement must keep."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.domain.remittance import Collected, NothingToRemit, percentage_of, plan_remittance


def test_fee_costs_and_net_on_two_matters_by_hand():
    # Client on 33.33 %, costs reimbursable.
    # Matter 1: $1,000.00 + $234.57 received = 123,457 c; 33.33 % = 41,148.22.. → 41,148 c fee.
    #   Costs advanced $95.00 (9,500 c) come back in full: net 123,457 − 41,148 − 9,500 = 72,809.
    # Matter 2: $50.00 received = 5,000 c; fee 1,666.5 → 1,667 c (half-up).
    #   Costs advanced $400.00 but only 5,000 − 1,667 = 3,333 c is left: 3,333 reimbursed, net 0.
    items = [
        Collected(1, 11, 100_000, True),
        Collected(1, 12, 23_457, True),
        Collected(2, 21, 5_000, True),
    ]
    plan = plan_remittance(items, 3333, {1: 9_500, 2: 40_000}, reimburse_costs=True)
    one, two = plan.lines
    assert (one.fee_cents, one.costs_reimbursed_cents, one.net_cents) == (41_148, 9_500, 72_809)
    assert (two.fee_cents, two.costs_reimbursed_cents, two.net_cents) == (1_667, 3_333, 0)
    assert plan.collected_trust_cents == 128_457
    assert plan.fee_cents == 42_815
    assert plan.costs_reimbursed_cents == 12_833
    assert plan.net_cents == 72_809


def test_costs_stay_with_the_firm_when_the_agreement_says_so():
    plan = plan_remittance([Collected(1, 1, 10_000, True)], 2500, {1: 5_000}, reimburse_costs=False)
    assert (plan.fee_cents, plan.costs_reimbursed_cents, plan.net_cents) == (2_500, 0, 7_500)


def test_a_payment_made_to_the_client_directly_is_invoiced_not_deducted():
    # $300.00 paid to the client directly on a 25 % agreement: $75.00 fee invoiced;
    # the $100.00 received into trust gives $25.00 fee and $75.00 net.
    items = [Collected(1, 1, 30_000, False), Collected(1, 2, 10_000, True)]
    plan = plan_remittance(items, 2500, {}, reimburse_costs=True)
    assert plan.collected_direct_cents == 30_000
    assert plan.direct_fee_cents == 7_500
    assert (plan.collected_trust_cents, plan.fee_cents, plan.net_cents) == (10_000, 2_500, 7_500)


def test_a_returned_payment_credits_back_the_fee_taken_on_it():
    # A $200.00 check remitted earlier bounced (−20,000); $500.00 came in since (50,000).
    # Fee 25 % of the matter's 30,000 net collections = 7,500; net 22,500.
    items = [Collected(1, 1, -20_000, True), Collected(1, 2, 50_000, True)]
    plan = plan_remittance(items, 2500, {}, reimburse_costs=True)
    assert (plan.fee_cents, plan.net_cents) == (7_500, 22_500)


def test_returns_larger_than_receipts_remit_nothing():
    with pytest.raises(NothingToRemit, match="Returned payments exceed"):
        plan_remittance([Collected(1, 1, -100, True)], 2500, {}, reimburse_costs=True)
    with pytest.raises(NothingToRemit, match="No payments"):
        plan_remittance([], 2500, {}, reimburse_costs=True)


def test_percentages_round_half_up_to_the_cent():
    assert percentage_of(1, 5000) == 1  # 0.5 c → 1 c
    assert percentage_of(-1, 5000) == -1  # away from zero, so a credit mirrors a charge
    assert percentage_of(12_345, 3333) == 4_115  # 4,114.59 c
    assert percentage_of(10_000, 0) == 0


_items = st.lists(
    st.builds(
        Collected,
        matter_id=st.integers(1, 4),
        ledger_entry_id=st.integers(1, 10_000),
        amount_cents=st.integers(-50_000, 500_000),
        into_trust=st.booleans(),
    ),
    max_size=12,
)


@given(
    _items,
    st.integers(0, 10_000),
    st.dictionaries(st.integers(1, 4), st.integers(0, 100_000)),
    st.booleans(),
)
def test_every_statement_splits_exactly_and_never_remits_a_negative(items, bps, costs, reimburse):
    try:
        plan = plan_remittance(items, bps, costs, reimburse)
    except NothingToRemit:
        trust = [i for i in items if i.into_trust]
        by_matter = {i.matter_id: 0 for i in trust}
        for item in trust:
            by_matter[item.matter_id] += item.amount_cents
        total = sum(by_matter.values())
        fees = sum(percentage_of(cents, bps) for cents in by_matter.values())
        direct = any(i.amount_cents for i in items if not i.into_trust)
        assert total < 0 or (total == 0 and not direct) or total - fees < 0
        return
    assert plan.fee_cents + plan.costs_reimbursed_cents + plan.net_cents == (
        plan.collected_trust_cents
    )
    assert plan.collected_trust_cents == sum(i.amount_cents for i in items if i.into_trust)
    assert plan.collected_direct_cents == sum(i.amount_cents for i in items if not i.into_trust)
    assert plan.net_cents >= 0
    for line in plan.lines:
        owed = costs.get(line.matter_id, 0) if reimburse else 0
        assert 0 <= line.costs_reimbursed_cents <= owed
        assert line.fee_cents == percentage_of(line.collected_trust_cents, bps)
