"""The matter lifecycle, exhaustively: every allowed move works, every other is refused."""

import itertools

import pytest

from casefile.domain.errors import TransitionError
from casefile.domain.stages import (
    TRANSITIONS,
    Outcome,
    Stage,
    allowed_outcomes,
    check_reopen,
    check_transition,
)

S = Stage
# Written out again from DESIGN.md's lifecycle bullets, independently of the code's table.
DESIGN_LIFECYCLE = {
    S.INTAKE: {S.OPEN, S.CLOSED},
    S.OPEN: {S.DEMAND, S.CLOSED},
    S.DEMAND: {S.NEGOTIATION, S.SETTLEMENT, S.LITIGATION, S.CLOSED},
    S.NEGOTIATION: {S.SETTLEMENT, S.LITIGATION, S.DEMAND, S.CLOSED},
    S.SETTLEMENT: {S.CLOSED, S.LITIGATION, S.JUDGMENT, S.NEGOTIATION},
    S.LITIGATION: {S.SETTLEMENT, S.JUDGMENT, S.CLOSED},
    S.JUDGMENT: {S.ENFORCEMENT, S.SETTLEMENT, S.CLOSED},
    S.ENFORCEMENT: {S.SETTLEMENT, S.CLOSED},
    S.CLOSED: set(),
}
ALLOWED = [(a, b) for a, targets in DESIGN_LIFECYCLE.items() for b in targets]
REFUSED = [(a, b) for a, b in itertools.product(Stage, Stage) if (a, b) not in ALLOWED]


def test_transition_table_matches_the_design():
    assert {stage: set(targets) for stage, targets in TRANSITIONS.items()} == DESIGN_LIFECYCLE


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_transition_works(source, target):
    outcome = allowed_outcomes(source)[0] if target is Stage.CLOSED else None
    move = check_transition(source, target, outcome, reason="because")
    assert (move.source, move.target, move.outcome) == (source, target, outcome)


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_other_transition_is_refused_with_a_reason(source, target):
    outcome = Outcome.WITHDRAWN if target is Stage.CLOSED else None
    with pytest.raises(TransitionError) as refused:
        check_transition(source, target, outcome, reason="because")
    message = refused.value.message
    if source is Stage.CLOSED:
        assert "reopen" in message
    elif source is target:
        assert "already" in message
    else:
        for allowed in DESIGN_LIFECYCLE[source]:
            assert allowed.label in message


@pytest.mark.parametrize("source", [s for s in Stage if Stage.CLOSED in DESIGN_LIFECYCLE[s]])
def test_closing_requires_an_outcome(source):
    with pytest.raises(TransitionError, match="requires an outcome") as refused:
        check_transition(source, Stage.CLOSED, None, reason="done")
    assert refused.value.field == "outcome"


def test_only_a_closing_move_takes_an_outcome():
    with pytest.raises(TransitionError, match="Only a closing matter"):
        check_transition(Stage.OPEN, Stage.DEMAND, Outcome.SETTLED, reason="x")


def test_rejected_is_an_outcome_of_intake_only():
    assert Outcome.REJECTED in allowed_outcomes(Stage.INTAKE)
    check_transition(Stage.INTAKE, Stage.CLOSED, Outcome.REJECTED, reason="conflict")
    with pytest.raises(TransitionError, match="cannot close as"):
        check_transition(Stage.DEMAND, Stage.CLOSED, Outcome.REJECTED, reason="x")
    with pytest.raises(TransitionError, match="cannot close as"):
        check_transition(Stage.INTAKE, Stage.CLOSED, Outcome.PAID_IN_FULL, reason="x")


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_a_stage_change_needs_a_reason(reason):
    with pytest.raises(TransitionError, match="reason") as refused:
        check_transition(Stage.OPEN, Stage.DEMAND, None, reason=reason)
    assert refused.value.field == "reason"


@pytest.mark.parametrize("left_from", [s for s in Stage if s is not Stage.CLOSED])
def test_reopen_returns_to_the_stage_the_matter_left(left_from):
    move = check_reopen(Stage.CLOSED, left_from, reason="debtor resurfaced")
    assert (move.source, move.target) == (Stage.CLOSED, left_from)


def test_reopen_is_refused_for_an_open_matter_or_without_reason_or_origin():
    with pytest.raises(TransitionError, match="Only a closed matter"):
        check_reopen(Stage.DEMAND, Stage.OPEN, reason="x")
    with pytest.raises(TransitionError, match="reason"):
        check_reopen(Stage.CLOSED, Stage.DEMAND, reason=" ")
    with pytest.raises(TransitionError, match="no earlier stage"):
        check_reopen(Stage.CLOSED, None, reason="x")
