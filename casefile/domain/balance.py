"""What a debtor owes on a day, and why: a pure function of invoices, rates and ledger entries.

The same function answers the matter page, a payoff quote, a letter and a client report. It walks
the days from the first accrual date to `as_of`, accrues simple interest (see `interest`) on the
principal still unpaid, and applies each entry on its date:

- costs and fees add to their component; an adjustment adds to (or, negative, takes from) one;
- a payment is applied in the configured order (default: costs, fees, interest, principal);
  principal is paid oldest invoice first; anything left over is a credit, never negative principal;
- a reversal cancels the entry it names as if that entry had never been made (a bounced payment);
- a judgment replaces everything owed before its date by the judgment amount, which from then on
  earns post-judgment interest at the judgment rate.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from casefile.domain.interest import (
    ONE_DAY,
    RatePeriod,
    interest_cents,
    per_diem,
    rate_on,
    rate_runs,
)


class Component(StrEnum):
    COSTS = "costs"
    FEES = "fees"
    INTEREST = "interest"
    PRINCIPAL = "principal"


class EntryKind(StrEnum):
    COST = "cost"
    FEE = "fee"
    PAYMENT = "payment"
    ADJUSTMENT = "adjustment"
    REVERSAL = "reversal"


DEFAULT_ORDER = (Component.COSTS, Component.FEES, Component.INTEREST, Component.PRINCIPAL)
_ALL_COMPONENTS = frozenset(Component)
_NOTHING_OWED = dict.fromkeys(Component, 0)


class InvoiceDebt(NamedTuple):
    """Principal of one invoice and the date from which it earns interest (not that day)."""

    number: str
    principal_cents: int
    accrues_from: date


class Entry(NamedTuple):
    """A ledger entry as the balance needs it. Amounts are positive except adjustments."""

    id: int
    on: date
    kind: EntryKind
    amount_cents: int
    component: Component | None = None  # for adjustments
    reverses: int | None = None  # for reversals
    memo: str = ""


@dataclass(frozen=True)
class Judgment:
    on: date
    amount_cents: int
    rate: Decimal
    basis: int = 365
    label: str = "post-judgment"


class InterestLine(NamedTuple):
    first_day: date
    last_day: date
    days: int
    base_cents: int
    rate: Decimal
    basis: int
    amount_cents: int
    label: str


@dataclass(frozen=True)
class Application:
    """How one payment was applied: cents per component, and any credit left over."""

    entry: Entry
    parts: dict[Component, int]
    credit_cents: int


@dataclass
class Balance:
    as_of: date
    owed: dict[Component, int]
    credit_cents: int
    interest_lines: list[InterestLine] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    postings: list[Entry] = field(default_factory=list)  # costs, fees and adjustments applied
    reversed_ids: frozenset[int] = frozenset()
    judgment: Judgment | None = None
    merged_into_judgment: dict[Component, int] | None = None
    per_diem: Decimal = Decimal(0)  # cents per day earned after `as_of`
    placed_cents: int = 0

    @property
    def total_cents(self) -> int:
        """What the debtor owes: every component, less any credit."""
        return sum(self.owed.values()) - self.credit_cents

    @property
    def interest_earned_cents(self) -> int:
        return sum(line.amount_cents for line in self.interest_lines)

    @property
    def paid_cents(self) -> int:
        return sum(a.entry.amount_cents for a in self.applications)


class BalanceError(ValueError):
    """Entries that cannot be applied (an adjustment taking a component below zero, ...)."""


def balance(
    invoices: Iterable[InvoiceDebt],
    rates: Iterable[RatePeriod],
    entries: Iterable[Entry],
    as_of: date,
    order: tuple[Component, ...] = DEFAULT_ORDER,
    judgment: Judgment | None = None,
) -> Balance:
    """The balance owed at the end of `as_of`, with every step that led to it."""
    if order is not DEFAULT_ORDER and (len(order) != 4 or set(order) != _ALL_COMPONENTS):
        raise ValueError("the application order must name each component once")
    invoices = sorted(invoices, key=_accrual_key)
    periods = tuple(rates)
    live = _live_entries(entries, as_of)
    unpaid = {i.number: i.principal_cents for i in invoices}  # principal per invoice
    placed = sum(unpaid.values())
    result = Balance(
        as_of=as_of,
        owed={**_NOTHING_OWED, Component.PRINCIPAL: placed},
        credit_cents=0,
        reversed_ids=live.reversed_ids,
        judgment=judgment,
        placed_cents=placed,
    )

    by_day: dict[date, list[Entry]] = {}
    for entry in live.entries:
        by_day.setdefault(entry.on, []).append(entry)
    stops = {i.accrues_from for i in invoices}
    stops.update(by_day)
    stops.add(as_of)
    cursor = min(stops)
    if judgment is not None and judgment.on <= as_of:
        stops.add(judgment.on)
    judged = False
    for stop in sorted(stops):
        if stop > as_of:
            break
        if stop > cursor:
            _accrue(result, invoices, unpaid, periods, cursor, stop, judged)
            cursor = stop
        if judgment is not None and stop == judgment.on and not judged:
            _enter_judgment(result, unpaid, judgment)
            judged = True
        for entry in by_day.get(stop, ()):
            _apply(result, unpaid, entry, order)
    result.per_diem = _per_diem(result, invoices, unpaid, periods, judged)
    return result


def _accrual_key(invoice: InvoiceDebt) -> tuple[date, str]:
    return invoice.accrues_from, invoice.number


@dataclass(frozen=True)
class _Live:
    entries: list[Entry]
    reversed_ids: frozenset[int]


def _live_entries(entries: Iterable[Entry], as_of: date) -> _Live:
    """Entries up to `as_of` that count: a reversal and the entry it reverses both drop out."""
    if not entries:
        return _NO_ENTRIES
    known = [e for e in entries if e.on <= as_of]
    reversed_ids = frozenset(e.reverses for e in known if e.kind is EntryKind.REVERSAL)
    live = [e for e in known if e.kind is not EntryKind.REVERSAL and e.id not in reversed_ids]
    return _Live(sorted(live, key=lambda e: (e.on, e.id)), reversed_ids)


_NO_ENTRIES = _Live([], frozenset())


def _accruing_base(invoices, unpaid, day: date) -> int:
    base = 0
    for invoice in invoices:  # sorted by accrual date
        if invoice.accrues_from >= day:
            break
        base += unpaid[invoice.number]
    return base


def _accrue(
    result: Balance, invoices, unpaid, periods, after: date, through: date, judged: bool
) -> None:
    """Interest for the days after `after` up to `through`, in lines of one base and rate."""
    if judged:
        judgment = result.judgment
        base = result.owed[Component.PRINCIPAL]
        runs = [
            (
                after + ONE_DAY,
                through,
                RatePeriod(judgment.on, None, judgment.rate, judgment.basis, judgment.label),
            )
        ]
    else:
        base = _accruing_base(invoices, unpaid, after + ONE_DAY)
        if base <= 0:
            return
        runs = rate_runs(periods, after, through)
    for first, last, period in runs:
        if period is None or base <= 0 or period.rate == 0:
            continue
        days = (last - first).days + 1
        amount = interest_cents(base, period.rate, days, period.basis)
        result.interest_lines.append(
            InterestLine(first, last, days, base, period.rate, period.basis, amount, period.label)
        )
        result.owed[Component.INTEREST] += amount


def _enter_judgment(result: Balance, unpaid: dict[str, int], judgment: Judgment) -> None:
    """Everything owed so far merges into the judgment amount, now the principal."""
    result.merged_into_judgment = dict(result.owed)
    result.owed = dict.fromkeys(Component, 0)
    result.owed[Component.PRINCIPAL] = judgment.amount_cents
    for number in unpaid:
        unpaid[number] = 0


def _apply(result: Balance, unpaid: dict[str, int], entry: Entry, order) -> None:
    if entry.kind is EntryKind.COST:
        result.owed[Component.COSTS] += entry.amount_cents
        result.postings.append(entry)
    elif entry.kind is EntryKind.FEE:
        result.owed[Component.FEES] += entry.amount_cents
        result.postings.append(entry)
    elif entry.kind is EntryKind.ADJUSTMENT:
        _adjust(result, unpaid, entry)
        result.postings.append(entry)
    elif entry.kind is EntryKind.PAYMENT:
        result.applications.append(_pay(result, unpaid, entry, order))


def _adjust(result: Balance, unpaid: dict[str, int], entry: Entry) -> None:
    component = entry.component
    if component is None:
        raise BalanceError(f"adjustment {entry.id} names no component")
    if result.owed[component] + entry.amount_cents < 0:
        raise BalanceError(f"adjustment {entry.id} would take {component} below zero")
    result.owed[component] += entry.amount_cents
    if component is Component.PRINCIPAL:
        _change_principal(unpaid, entry.amount_cents)


def _pay(result: Balance, unpaid: dict[str, int], entry: Entry, order) -> Application:
    remaining = entry.amount_cents
    parts = {}
    for component in order:
        taken = min(remaining, result.owed[component])
        if taken:
            parts[component] = taken
            result.owed[component] -= taken
            remaining -= taken
            if component is Component.PRINCIPAL:
                _change_principal(unpaid, -taken)
    result.credit_cents += remaining
    return Application(entry, parts, remaining)


def _change_principal(unpaid: dict[str, int], delta: int) -> None:
    """Pay principal oldest invoice first; an increase goes to the newest invoice."""
    numbers = list(unpaid)
    if delta > 0:
        if numbers:
            unpaid[numbers[-1]] += delta
        return
    for number in numbers:
        taken = min(-delta, unpaid[number])
        unpaid[number] -= taken
        delta += taken
        if not delta:
            return


def _per_diem(result: Balance, invoices, unpaid, periods, judged: bool) -> Decimal:
    """Cents earned per day after `as_of` on what is then unpaid."""
    if judged:
        judgment = result.judgment
        return per_diem(result.owed[Component.PRINCIPAL], judgment.rate, judgment.basis)
    tomorrow = result.as_of + ONE_DAY
    period = rate_on(periods, tomorrow)
    if period is None:
        return Decimal(0)
    return per_diem(_accruing_base(invoices, unpaid, tomorrow), period.rate, period.basis)


@dataclass(frozen=True)
class PayoffQuote:
    """The amount that pays the matter off if received by `good_through`, and the per-diem
    to add for each day after it."""

    good_through: date
    amount_cents: int
    per_diem: Decimal
    balance: Balance


def payoff_quote(
    invoices,
    rates,
    entries,
    good_through: date,
    order=DEFAULT_ORDER,
    judgment: Judgment | None = None,
) -> PayoffQuote:
    """A payoff quote good through a (future) date, from the same balance function."""
    owed = balance(invoices, rates, entries, good_through, order, judgment)
    return PayoffQuote(good_through, max(owed.total_cents, 0), owed.per_diem, owed)
