"""Kinds of parties, debts and holds on a matter."""

from enum import StrEnum


class DebtType(StrEnum):
    CONSUMER = "consumer"
    COMMERCIAL = "commercial"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class PartyRole(StrEnum):
    DEBTOR = "debtor"
    CO_DEBTOR = "co_debtor"
    GUARANTOR = "guarantor"
    DEBTOR_ATTORNEY = "debtor_attorney"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", "-" if self is PartyRole.CO_DEBTOR else " ").capitalize()


class PartyKind(StrEnum):
    PERSON = "person"
    BUSINESS = "business"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ContactKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"


class HoldKind(StrEnum):
    DISPUTE = "dispute"
    CEASE_COMMUNICATION = "cease_communication"
    BANKRUPTCY = "bankruptcy"
    REPRESENTED = "represented"
    DECEASED = "deceased"
    TIME_BARRED = "time_barred"

    @property
    def label(self) -> str:
        return _HOLD_LABELS[self]


class HoldEnd(StrEnum):
    """How a hold ends. A bankruptcy must say which: a discharge ends collection of the debt
    (11 U.S.C. § 524), a dismissal or relief from the stay lets it resume (§ 362(c), (d))."""

    RESOLVED = "resolved"
    DISCHARGED = "discharged"
    DISMISSED = "dismissed"
    RELIEF_FROM_STAY = "relief_from_stay"
    VERIFIED = "verified"  # a dispute answered with verification of the debt

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


BANKRUPTCY_ENDS = (HoldEnd.DISCHARGED, HoldEnd.DISMISSED, HoldEnd.RELIEF_FROM_STAY)
BANKRUPTCY_CHAPTERS = (7, 11, 12, 13)


_HOLD_LABELS = {
    HoldKind.DISPUTE: "Dispute pending",
    HoldKind.CEASE_COMMUNICATION: "Cease communication",
    HoldKind.BANKRUPTCY: "Bankruptcy stay",
    HoldKind.REPRESENTED: "Represented by attorney",
    HoldKind.DECEASED: "Deceased",
    HoldKind.TIME_BARRED: "Time-barred",
}

JURISDICTIONS = {
    "NY": "New York",
    "NJ": "New Jersey",
    "CA": "California",
    "TX": "Texas",
    "FL": "Florida",
    "IL": "Illinois",
    "PA": "Pennsylvania",
    "OTHER": "Other / generic",
}
