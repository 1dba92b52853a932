"""The matter lifecycle as data: stages, closing outcomes and the allowed transitions.

Every stage change in casefile is checked here and nowhere else (DESIGN.md, "The matter
lifecycle"). A hold does not change the stage; holds are checked by the compliance rules.
"""

from dataclasses import dataclass
from enum import StrEnum

from casefile.domain.errors import TransitionError


class Stage(StrEnum):
    INTAKE = "intake"
    OPEN = "open"
    DEMAND = "demand"
    NEGOTIATION = "negotiation"
    SETTLEMENT = "settlement"
    LITIGATION = "litigation"
    JUDGMENT = "judgment"
    ENFORCEMENT = "enforcement"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Outcome(StrEnum):
    PAID_IN_FULL = "paid_in_full"
    SETTLED = "settled"
    UNCOLLECTIBLE = "uncollectible"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"
    BANKRUPT = "bankrupt"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.PAID_IN_FULL: "Paid in full",
    Outcome.SETTLED: "Settled",
    Outcome.UNCOLLECTIBLE: "Uncollectible",
    Outcome.WITHDRAWN: "Withdrawn by client",
    Outcome.REJECTED: "Rejected at intake",
    Outcome.BANKRUPT: "Debtor bankrupt",
}

S = Stage
TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    S.INTAKE: frozenset({S.OPEN, S.CLOSED}),
    S.OPEN: frozenset({S.DEMAND, S.CLOSED}),
    S.DEMAND: frozenset({S.NEGOTIATION, S.SETTLEMENT, S.LITIGATION, S.CLOSED}),
    S.NEGOTIATION: frozenset({S.SETTLEMENT, S.LITIGATION, S.DEMAND, S.CLOSED}),
    S.SETTLEMENT: frozenset({S.CLOSED, S.LITIGATION, S.JUDGMENT, S.NEGOTIATION}),
    S.LITIGATION: frozenset({S.SETTLEMENT, S.JUDGMENT, S.CLOSED}),
    S.JUDGMENT: frozenset({S.ENFORCEMENT, S.SETTLEMENT, S.CLOSED}),
    S.ENFORCEMENT: frozenset({S.SETTLEMENT, S.CLOSED}),
    S.CLOSED: frozenset(),  # leaving `closed` is a reopen, see `check_reopen`
}

# An intake that is turned down can only close as rejected; the other outcomes are for
# matters the firm accepted and worked.
_OUTCOMES_FROM_INTAKE = frozenset({Outcome.REJECTED, Outcome.WITHDRAWN})


@dataclass(frozen=True)
class Transition:
    """A checked move from one stage to another."""

    source: Stage
    target: Stage
    outcome: Outcome | None


def allowed_targets(stage: Stage) -> list[Stage]:
    """The stages a matter in `stage` may move to, in lifecycle order."""
    return [s for s in Stage if s in TRANSITIONS[stage]]


def allowed_outcomes(stage: Stage) -> list[Outcome]:
    """The outcomes a matter in `stage` may close with."""
    if stage is Stage.INTAKE:
        return [o for o in Outcome if o in _OUTCOMES_FROM_INTAKE]
    return [o for o in Outcome if o is not Outcome.REJECTED]


def check_transition(
    source: Stage, target: Stage, outcome: Outcome | None = None, reason: str = ""
) -> Transition:
    """Return the transition if the lifecycle allows it, else raise `TransitionError` saying why."""
    if not reason.strip():
        raise TransitionError("Give a reason for the stage change.", field="reason")
    if source is Stage.CLOSED:
        raise TransitionError("This matter is closed; reopen it instead.", field="target")
    if target is source:
        raise TransitionError(f"The matter is already in {source.label}.", field="target")
    if target not in TRANSITIONS[source]:
        choices = ", ".join(s.label for s in allowed_targets(source))
        raise TransitionError(
            f"A matter in {source.label} cannot move to {target.label}; it can move to {choices}.",
            field="target",
        )
    if target is Stage.CLOSED:
        if outcome is None:
            raise TransitionError("Closing a matter requires an outcome.", field="outcome")
        if outcome not in allowed_outcomes(source):
            raise TransitionError(
                f"A matter in {source.label} cannot close as “{outcome.label}”.", field="outcome"
            )
    elif outcome is not None:
        raise TransitionError("Only a closing matter takes an outcome.", field="outcome")
    return Transition(source, target, outcome)


def check_reopen(current: Stage, left_from: Stage | None, reason: str) -> Transition:
    """Reopen a closed matter to the stage it left; raise `TransitionError` if it cannot be."""
    if current is not Stage.CLOSED:
        raise TransitionError("Only a closed matter can be reopened.")
    if not reason.strip():
        raise TransitionError("Give a reason for reopening the matter.", field="reason")
    if left_from is None or left_from is Stage.CLOSED:
        raise TransitionError("There is no earlier stage to reopen this matter to.")
    return Transition(Stage.CLOSED, left_from, None)
