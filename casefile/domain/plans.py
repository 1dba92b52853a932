"""Payment plans and settlements: schedules that add up to the cent, where a plan stands on a
day, renegotiation, and whether a settlement offer is within the firm's authority.

Money is whole cents (int). Splitting uses integer division of cents (exact, rounding down) and
percentages use Decimal; nothing here ever touches float.

The plan's shape, stated once so an agreement can repeat it:
- A down payment, when there is one, is installment 0, scheduled on `first_due`; the regular
  installments follow one period after it. Without one, installment 1 is on `first_due`.
- Regular installments are equal, rounded down to the cent; the last one takes the remainder,
  so the schedule adds up exactly to the total.
- Monthly dates keep the day of the month of `first_due`, on the last day of a shorter month
  (31 January, 28/29 February, 31 March, ...): every date counts from `first_due`, never from
  the date before it, so the day never drifts.
- Each installment has a scheduled date and a due date; `DUE_RULE_TEXT` states the due rule.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from casefile.domain.calendar import add_months, roll_forward
from casefile.domain.errors import CasefileError
from casefile.domain.money import format_cents

MAX_INSTALLMENTS = 120  # ten years of monthly payments; anything longer is a typing error
BASIS_POINTS = 10_000  # 100 %


class Frequency(StrEnum):
    WEEKLY = "weekly"
    EVERY_TWO_WEEKS = "every_two_weeks"
    MONTHLY = "monthly"


_WEEKS_APART = {Frequency.WEEKLY: 1, Frequency.EVERY_TWO_WEEKS: 2}


class DueRule(StrEnum):
    NEXT_BUSINESS_DAY = "next_business_day"
    AS_SCHEDULED = "as_scheduled"


DUE_RULE_TEXT = {
    DueRule.NEXT_BUSINESS_DAY: (
        "A payment whose date falls on a Saturday, a Sunday or a public holiday is due on the "
        "next business day."
    ),
    DueRule.AS_SCHEDULED: (
        "Each payment is due on its date, even when that is a Saturday, a Sunday or a public "
        "holiday."
    ),
}


@dataclass(frozen=True)
class Installment:
    number: int  # 0 is the down payment; regular installments count from 1
    scheduled_on: date  # the date in the plan's rhythm
    due_on: date  # `scheduled_on` after the plan's due rule
    amount_cents: int

    @property
    def is_down_payment(self) -> bool:
        return self.number == 0


def schedule(
    total_cents: int,
    down_payment_cents: int,
    first_due: date,
    frequency: Frequency | str,
    count: int | None = None,
    installment_cents: int | None = None,
    holidays: Collection[date] = frozenset(),
    due_rule: DueRule | str = DueRule.NEXT_BUSINESS_DAY,
) -> tuple[Installment, ...]:
    """The installments that pay `total_cents`: an optional down payment on `first_due`, then
    either `count` equal installments or as many of `installment_cents` as it takes.

    Exactly one of `count` and `installment_cents` is given; `count` does not include the down
    payment. Amounts always add up to `total_cents` (see the module docstring for the rules).
    """
    frequency = _choice(Frequency, frequency, "frequency")
    due_rule = _choice(DueRule, due_rule, "due_rule")
    _check_total_and_down_payment(total_cents, down_payment_cents)
    regular = _regular_amounts(total_cents - down_payment_cents, count, installment_cents)
    numbered = [(0, down_payment_cents)] if down_payment_cents else []
    numbered += list(enumerate(regular, start=1))
    installments = []
    for periods_after_first, (number, amount) in enumerate(numbered):
        scheduled = period_date(first_due, frequency, periods_after_first)
        due = (
            roll_forward(scheduled, holidays)
            if due_rule is DueRule.NEXT_BUSINESS_DAY
            else scheduled
        )
        installments.append(Installment(number, scheduled, due, amount))
    return tuple(installments)


def period_date(first: date, frequency: Frequency, periods: int) -> date:
    """The date `periods` periods after `first`, counted from `first` itself (no drift)."""
    if frequency is Frequency.MONTHLY:
        return add_months(first, periods)
    return first + timedelta(weeks=periods * _WEEKS_APART[frequency])


def _choice(kind, value, field: str):
    try:
        return kind(value)
    except ValueError:
        raise CasefileError(f"“{value}” is not a {field.replace('_', ' ')}.", field) from None


def _require_int(value, field: str) -> None:
    """Money arrives as whole cents; a float here is a bug upstream, never something to round."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{field} must be a whole number (int), not {type(value).__name__}")


def _check_total_and_down_payment(total_cents: int, down_payment_cents: int) -> None:
    _require_int(total_cents, "total_cents")
    _require_int(down_payment_cents, "down_payment_cents")
    if total_cents <= 0:
        raise CasefileError("A plan needs an amount to pay of more than zero.", "total_cents")
    if down_payment_cents < 0:
        raise CasefileError("The down payment cannot be negative.", "down_payment_cents")
    if down_payment_cents >= total_cents:
        raise CasefileError(
            f"The down payment must be less than the {format_cents(total_cents)} to pay: "
            "a payment in full needs no plan.",
            "down_payment_cents",
        )


def _regular_amounts(
    rest_cents: int, count: int | None, installment_cents: int | None
) -> list[int]:
    if (count is None) == (installment_cents is None):
        raise CasefileError(
            "Give either the number of installments or the installment amount (one, not both).",
            "count",
        )
    if count is not None:
        return _equal_amounts(rest_cents, count)
    return _amounts_of(rest_cents, installment_cents)


def _equal_amounts(rest_cents: int, count: int) -> list[int]:
    """`count` amounts rounded down to the cent, the last taking the remainder."""
    _require_int(count, "count")
    if count < 1:
        raise CasefileError("A plan needs at least one installment.", "count")
    if count > MAX_INSTALLMENTS:
        raise CasefileError(f"A plan can have at most {MAX_INSTALLMENTS} installments.", "count")
    if rest_cents < count:
        raise CasefileError(
            f"{format_cents(rest_cents)} cannot be split into {count} installments of at least "
            "one cent.",
            "count",
        )
    each = rest_cents // count
    return [each] * (count - 1) + [rest_cents - each * (count - 1)]


def _amounts_of(rest_cents: int, installment_cents: int) -> list[int]:
    """As many installments of `installment_cents` as fit, then one for what is left."""
    _require_int(installment_cents, "installment_cents")
    if installment_cents <= 0:
        raise CasefileError("The installment must be more than zero.", "installment_cents")
    full, left_over = divmod(rest_cents, installment_cents)
    if full + (1 if left_over else 0) > MAX_INSTALLMENTS:
        raise CasefileError(
            f"At {format_cents(installment_cents)} the plan would need more than "
            f"{MAX_INSTALLMENTS} installments: raise the installment.",
            "installment_cents",
        )
    return [installment_cents] * full + ([left_over] if left_over else [])


class InstallmentState(StrEnum):
    PAID = "paid"
    PARTLY_PAID = "partly_paid"  # some paid, and its due date has not passed
    DUE = "due"  # nothing paid yet, and its due date has not passed (today or later)
    LATE = "late"  # not fully paid, past its due date but within the grace days
    MISSED = "missed"  # not fully paid after its due date and the grace days


class PlanState(StrEnum):
    ON_TRACK = "on_track"
    LATE = "late"
    IN_DEFAULT = "in_default"
    PAID = "paid"


@dataclass(frozen=True)
class InstallmentStatus:
    installment: Installment
    paid_cents: int
    state: InstallmentState

    @property
    def outstanding_cents(self) -> int:
        return self.installment.amount_cents - self.paid_cents


@dataclass(frozen=True)
class PlanStatus:
    as_of: date
    state: PlanState
    lines: tuple[InstallmentStatus, ...]
    total_cents: int
    paid_cents: int  # every payment up to `as_of`, any overpayment included
    remaining_cents: int  # total less paid, never below zero
    arrears_cents: int  # unpaid on installments past their due date
    next_due: InstallmentStatus | None  # the oldest installment not fully paid
    defaulted_on: date | None  # the day after the grace days of the first missed installment
    defaulted_installment: Installment | None


def plan_status(
    installments: Iterable[Installment],
    payments: Iterable[tuple[date, int]],
    as_of: date,
    grace_days: int,
) -> PlanStatus:
    """Where a plan stands at the end of `as_of`, given the payments (date, cents) received.

    Payments after `as_of` are ignored; the rest pay installments oldest first, so one payment
    may cover several installments or part of one. An installment not fully paid by the end of
    its due date plus `grace_days` calendar days is missed, and the plan is in default from the
    next day. Default is an event: paying the arrears later does not undo it (the firm may
    renegotiate); only paying the whole total makes the plan `paid`. Late: some installment is
    past due but within its grace days.
    """
    if grace_days < 0:
        raise CasefileError("Grace days cannot be negative.", "grace_days")
    ordered = sorted(installments, key=lambda i: (i.due_on, i.number))
    if not ordered:
        raise ValueError("a plan has at least one installment")
    received = _payments_up_to(payments, as_of)
    paid = sum(cents for _, cents in received)
    total = sum(i.amount_cents for i in ordered)
    lines = _allocate(ordered, paid, as_of, grace_days)
    default = _first_default(ordered, received, as_of, grace_days)
    return PlanStatus(
        as_of=as_of,
        state=_plan_state(lines, paid, total, default),
        lines=lines,
        total_cents=total,
        paid_cents=paid,
        remaining_cents=max(total - paid, 0),
        arrears_cents=sum(
            line.outstanding_cents
            for line in lines
            if line.state in (InstallmentState.LATE, InstallmentState.MISSED)
        ),
        next_due=next((line for line in lines if line.outstanding_cents), None),
        defaulted_on=default[0] if default else None,
        defaulted_installment=default[1] if default else None,
    )


def _payments_up_to(payments: Iterable[tuple[date, int]], as_of: date) -> list[tuple[date, int]]:
    received = []
    for on, cents in payments:
        _require_int(cents, "payment cents")
        if cents < 0:
            raise ValueError("a payment is never negative: a reversal removes it instead")
        if on <= as_of:
            received.append((on, cents))
    return sorted(received)


def _allocate(
    ordered: list[Installment], paid_cents: int, as_of: date, grace_days: int
) -> tuple[InstallmentStatus, ...]:
    lines = []
    pool = paid_cents
    for installment in ordered:
        taken = min(pool, installment.amount_cents)
        pool -= taken
        state = _installment_state(installment, taken, as_of, grace_days)
        lines.append(InstallmentStatus(installment, taken, state))
    return tuple(lines)


def _installment_state(
    installment: Installment, paid_cents: int, as_of: date, grace_days: int
) -> InstallmentState:
    if paid_cents >= installment.amount_cents:
        return InstallmentState.PAID
    if as_of > installment.due_on + timedelta(days=grace_days):
        return InstallmentState.MISSED
    if as_of > installment.due_on:
        return InstallmentState.LATE
    return InstallmentState.PARTLY_PAID if paid_cents else InstallmentState.DUE


def _first_default(
    ordered: list[Installment], received: list[tuple[date, int]], as_of: date, grace_days: int
) -> tuple[date, Installment] | None:
    """The first installment whose grace days ended (before `as_of`) with less paid by then than
    was owed through it, and the day after those grace days."""
    owed = 0
    for installment in ordered:
        owed += installment.amount_cents
        grace_ends = installment.due_on + timedelta(days=grace_days)
        if grace_ends >= as_of:
            return None  # this one and every later one can still be paid in time
        paid_in_time = sum(cents for on, cents in received if on <= grace_ends)
        if paid_in_time < owed:
            return grace_ends + timedelta(days=1), installment
    return None


def _plan_state(lines: tuple[InstallmentStatus, ...], paid: int, total: int, default) -> PlanState:
    if paid >= total:
        return PlanState.PAID
    if default:
        return PlanState.IN_DEFAULT
    if any(line.state is InstallmentState.LATE for line in lines):
        return PlanState.LATE
    return PlanState.ON_TRACK


def renegotiate(
    remaining_cents: int,
    first_due: date,
    frequency: Frequency | str,
    count: int | None = None,
    installment_cents: int | None = None,
    down_payment_cents: int = 0,
    holidays: Collection[date] = frozenset(),
    due_rule: DueRule | str = DueRule.NEXT_BUSINESS_DAY,
) -> tuple[Installment, ...]:
    """A new schedule for what remains today (`remaining_cents`, normally the ledger's balance,
    interest included).

    Pure: it only schedules the new amount. Keeping the old plan and its payments in the
    matter's history, and marking it replaced, is the service's job.
    """
    if remaining_cents <= 0:
        raise CasefileError("Nothing remains to be paid, so there is nothing to renegotiate.")
    return schedule(
        remaining_cents,
        down_payment_cents,
        first_due,
        frequency,
        count=count,
        installment_cents=installment_cents,
        holidays=holidays,
        due_rule=due_rule,
    )


def settlement_floor_cents(balance_cents: int, floor_basis_points: int) -> int:
    """The lowest offer the firm may accept without asking the client: `floor_basis_points`
    hundredths of a percent of `balance_cents` (8000 = 80 %), rounded half-up to the cent."""
    _require_int(balance_cents, "balance_cents")
    _require_int(floor_basis_points, "floor_basis_points")
    if balance_cents <= 0:
        raise CasefileError("There is no balance to settle.", "balance_cents")
    if not 0 <= floor_basis_points <= BASIS_POINTS:
        raise CasefileError("The floor must be between 0 % and 100 %.", "floor_basis_points")
    share = Decimal(balance_cents) * floor_basis_points / BASIS_POINTS
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def needs_client_approval(offer_cents: int, balance_cents: int, floor_basis_points: int) -> bool:
    """True when `offer_cents` is below the client's floor; an offer equal to it is within the
    firm's authority."""
    _require_int(offer_cents, "offer_cents")
    if offer_cents < 0:
        raise CasefileError("An offer cannot be negative.", "offer_cents")
    return offer_cents < settlement_floor_cents(balance_cents, floor_basis_points)


def discount(offer_cents: int, balance_cents: int) -> int:
    """How much `offer_cents` takes off `balance_cents`, in basis points rounded half-up (for
    display with `money.format_basis_points`); negative when the offer exceeds the balance."""
    _require_int(offer_cents, "offer_cents")
    _require_int(balance_cents, "balance_cents")
    if balance_cents <= 0:
        raise CasefileError("There is no balance to discount.", "balance_cents")
    share = Decimal(balance_cents - offer_cents) * BASIS_POINTS / balance_cents
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def balance_after_default(original_balance_cents: int, paid_cents: int) -> int:
    """What a defaulted plan or settlement leaves owing: the full original balance restored,
    less what was paid under it (never below zero).

    Interest for the time since is not added here: the ledger's balance engine
    (`domain.balance`) accrues it on the restored balance.
    """
    _require_int(original_balance_cents, "original_balance_cents")
    _require_int(paid_cents, "paid_cents")
    if original_balance_cents < 0 or paid_cents < 0:
        raise ValueError("balances and payments are never negative")
    return max(original_balance_cents - paid_cents, 0)
