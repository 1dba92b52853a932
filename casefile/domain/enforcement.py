"""Enforcement of a money judgment: the kinds of action and the status flow each follows.

One flow fits all kinds: the paper is prepared and issued (execution, income execution,
restraining notice, subpoena), served on the third party (employer, bank, county clerk,
debtor), then it is active (deductions, a levy, a lien of record, an examination scheduled)
until it ends: satisfied, released, or returned unsatisfied. Pure data, checked here.
"""

from enum import StrEnum

from casefile.domain.errors import TransitionError


class EnforcementKind(StrEnum):
    WAGE_GARNISHMENT = "wage_garnishment"
    BANK_LEVY = "bank_levy"  # restraint and levy on a bank account
    PROPERTY_LIEN = "property_lien"
    INFORMATION_SUBPOENA = "information_subpoena"
    DEBTOR_EXAMINATION = "debtor_examination"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def third_party(self) -> str:
        """Who the action is aimed at, for the form's label."""
        return _THIRD_PARTY[self]


_KIND_LABELS = {
    EnforcementKind.WAGE_GARNISHMENT: "Wage garnishment",
    EnforcementKind.BANK_LEVY: "Bank restraint and levy",
    EnforcementKind.PROPERTY_LIEN: "Property lien",
    EnforcementKind.INFORMATION_SUBPOENA: "Information subpoena",
    EnforcementKind.DEBTOR_EXAMINATION: "Debtor examination",
}
_THIRD_PARTY = {
    EnforcementKind.WAGE_GARNISHMENT: "employer",
    EnforcementKind.BANK_LEVY: "bank",
    EnforcementKind.PROPERTY_LIEN: "county",
    EnforcementKind.INFORMATION_SUBPOENA: "recipient",
    EnforcementKind.DEBTOR_EXAMINATION: "court",
}


class EnforcementStatus(StrEnum):
    PREPARED = "prepared"
    ISSUED = "issued"
    SERVED = "served"
    ACTIVE = "active"
    SATISFIED = "satisfied"
    RELEASED = "released"
    UNSATISFIED = "unsatisfied"  # returned unsatisfied: nothing found, employee left, ...

    @property
    def label(self) -> str:
        return "Returned unsatisfied" if self is EnforcementStatus.UNSATISFIED else self.title()

    @property
    def is_final(self) -> bool:
        return self in _FINAL


E = EnforcementStatus
_FINAL = frozenset({E.SATISFIED, E.RELEASED, E.UNSATISFIED})
_ENDINGS = _FINAL
FLOW: dict[EnforcementStatus, frozenset[EnforcementStatus]] = {
    E.PREPARED: frozenset({E.ISSUED, E.RELEASED}),
    E.ISSUED: frozenset({E.SERVED, E.RELEASED, E.UNSATISFIED}),
    E.SERVED: frozenset({E.ACTIVE} | _ENDINGS),
    E.ACTIVE: _ENDINGS,
    E.SATISFIED: frozenset(),
    E.RELEASED: frozenset(),
    E.UNSATISFIED: frozenset(),
}


def next_statuses(status: EnforcementStatus) -> list[EnforcementStatus]:
    """Where an action in `status` may go next, in the flow's order."""
    return [s for s in EnforcementStatus if s in FLOW[status]]


def check_status_change(source: EnforcementStatus, target: EnforcementStatus) -> None:
    """Refuse a status change the flow does not allow."""
    if target not in FLOW[source]:
        allowed = ", ".join(s.label.lower() for s in next_statuses(source)) or "nothing: it ended"
        raise TransitionError(
            f"An action that is {source.label.lower()} cannot become {target.label.lower()} "
            f"(next: {allowed}).",
            "status",
        )
