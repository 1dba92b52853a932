"""What a client is remitted for the payments collected on its matters: pure arithmetic.

The conventions, for the README and for anyone checking a statement by hand:

- Collected into trust is the sum of the payments the firm received (minus any returned
  item, e.g. a bounced check) that no earlier remittance included.
- The contingency fee is the client's agreed percentage of each matter's collections,
  rounded half-up to the cent per matter; the statement's fee is the sum of the matter fees.
- Costs the firm advanced on a matter are reimbursed out of that matter's collections after
  the fee (when the client's agreement allows it), never more than is left of the client's
  whole remittance after fees, so the net remitted is never negative.
- Net to the client = collected into trust - fee - costs reimbursed, per matter and in total.
- Payments made to the client directly are not in trust: the fee on them is invoiced to the
  client, computed the same way, and shown on the same statement.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Collected:
    """One payment (positive) or returned payment (negative) to remit for."""

    matter_id: int
    ledger_entry_id: int
    amount_cents: int
    into_trust: bool  # False: paid to the client directly
    on: date | None = None  # when it was paid (or returned)


@dataclass(frozen=True)
class MatterLine:
    matter_id: int
    collected_trust_cents: int
    collected_direct_cents: int
    fee_cents: int
    direct_fee_cents: int
    costs_reimbursed_cents: int

    @property
    def net_cents(self) -> int:
        return self.collected_trust_cents - self.fee_cents - self.costs_reimbursed_cents


@dataclass(frozen=True)
class RemittancePlan:
    fee_basis_points: int
    lines: tuple[MatterLine, ...]
    items: tuple[Collected, ...] = field(default=())

    @property
    def collected_trust_cents(self) -> int:
        return sum(line.collected_trust_cents for line in self.lines)

    @property
    def collected_direct_cents(self) -> int:
        return sum(line.collected_direct_cents for line in self.lines)

    @property
    def fee_cents(self) -> int:
        return sum(line.fee_cents for line in self.lines)

    @property
    def direct_fee_cents(self) -> int:
        return sum(line.direct_fee_cents for line in self.lines)

    @property
    def costs_reimbursed_cents(self) -> int:
        return sum(line.costs_reimbursed_cents for line in self.lines)

    @property
    def net_cents(self) -> int:
        return sum(line.net_cents for line in self.lines)

    @property
    def first_payment_on(self) -> date | None:
        return min((item.on for item in self.items if item.on is not None), default=None)


class NothingToRemit(ValueError):
    """A client's pending items do not add up to a remittance; the reason says why."""


def percentage_of(cents: int, basis_points: int) -> int:
    """`basis_points`/100 % of `cents`, rounded half-up (away from zero) to the cent."""
    exact = Decimal(cents) * Decimal(basis_points) / Decimal(10_000)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def plan_remittance(
    items: Iterable[Collected],
    fee_basis_points: int,
    outstanding_costs: dict[int, int],
    reimburse_costs: bool,
) -> RemittancePlan:
    """The fee, costs reimbursed and net, per matter, for one client's pending items.

    `outstanding_costs` maps a matter to the costs advanced on it and not yet reimbursed.
    """
    if not 0 <= fee_basis_points <= 10_000:
        raise ValueError("the fee is a percentage between 0 and 100")
    items = tuple(items)
    trust: dict[int, int] = {}
    direct: dict[int, int] = {}
    for item in items:
        bucket = trust if item.into_trust else direct
        bucket[item.matter_id] = bucket.get(item.matter_id, 0) + item.amount_cents
    matters = sorted(trust.keys() | direct.keys())
    total_trust = sum(trust.values())
    if total_trust < 0:
        raise NothingToRemit(
            "Returned payments exceed the payments received since the last remittance; "
            "nothing can be remitted until more is collected."
        )
    if not items or (total_trust == 0 and not any(direct.values())):
        raise NothingToRemit("No payments are waiting to be remitted.")

    fees = {m: percentage_of(trust.get(m, 0), fee_basis_points) for m in matters}
    # Costs come out of what is left after fees, matter by matter, within the client's total.
    room = total_trust - sum(fees.values())
    if room < 0:  # only possible when returned payments almost cancel the receipts
        raise NothingToRemit(
            "After the fee on each matter nothing is left to remit; wait for more payments."
        )
    costs: dict[int, int] = {}
    for matter_id in matters:
        left_on_matter = trust.get(matter_id, 0) - fees[matter_id]
        owed = outstanding_costs.get(matter_id, 0) if reimburse_costs else 0
        costs[matter_id] = max(0, min(owed, left_on_matter, room))
        room -= costs[matter_id]

    lines = tuple(
        MatterLine(
            matter_id=m,
            collected_trust_cents=trust.get(m, 0),
            collected_direct_cents=direct.get(m, 0),
            fee_cents=fees[m],
            direct_fee_cents=percentage_of(direct.get(m, 0), fee_basis_points),
            costs_reimbursed_cents=costs[m],
        )
        for m in matters
    )
    return RemittancePlan(fee_basis_points, lines, items)
