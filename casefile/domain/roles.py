"""Who may do what: the four roles and the capabilities each has."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    ATTORNEY = "attorney"
    PARALEGAL = "paralegal"
    CLIENT = "client"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_staff(self) -> bool:
        return self is not Role.CLIENT


class Capability(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_CLIENTS = "manage_clients"
    WORK_MATTERS = "work_matters"  # create, edit, move stages, diary
    REVIEW_INTAKE = "review_intake"  # accept or reject a placement
    VIEW_AUDIT = "view_audit"
    VIEW_OWN_CLIENT = "view_own_client"  # the client portal
    PLACE_MATTERS = "place_matters"  # a client's own placements, by form or export
    RECORD_PAYMENTS = "record_payments"  # payments received, costs advanced
    ADJUST_LEDGER = "adjust_ledger"  # fees, adjustments, reversals, interest terms
    MANAGE_TRUST = "manage_trust"  # trust pages, deposits, refunds, remittance runs
    RECONCILE_TRUST = "reconcile_trust"  # enter the bank statement for the reconciliation
    APPROVE_LETTERS = "approve_letters"  # approve or return a draft letter on letterhead
    MANAGE_TEMPLATES = "manage_templates"  # upload letter templates and their versions


_STAFF = {Capability.WORK_MATTERS, Capability.VIEW_AUDIT, Capability.RECORD_PAYMENTS}
_LAWYER = _STAFF | {
    Capability.MANAGE_CLIENTS,
    Capability.REVIEW_INTAKE,
    Capability.ADJUST_LEDGER,
    Capability.MANAGE_TRUST,
    Capability.APPROVE_LETTERS,
    Capability.MANAGE_TEMPLATES,
}
_GRANTS: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: frozenset(_LAWYER | {Capability.MANAGE_USERS, Capability.RECONCILE_TRUST}),
    Role.ATTORNEY: frozenset(_LAWYER),
    Role.PARALEGAL: frozenset(_STAFF),
    Role.CLIENT: frozenset({Capability.VIEW_OWN_CLIENT, Capability.PLACE_MATTERS}),
}


def can(role: Role, capability: Capability) -> bool:
    """True if `role` has `capability`."""
    return capability in _GRANTS[role]
