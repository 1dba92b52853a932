"""The shipped templates' catalogue (`letter_templates/catalog.json`): what each is for, where it
applies, and whether an attorney must approve it. The database holds the same metadata (plus
uploaded templates); `casefile.letters.templates.sync_catalog` keeps the two in step."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from casefile.domain.compliance import LetterKind
from casefile.domain.parties import DebtType
from casefile.domain.stages import Stage

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "letter_templates"
CATALOG = TEMPLATE_DIR / "catalog.json"
TERMS = ("", "settlement", "plan", "missed")


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    file: str
    title: str
    purpose: str
    stages: tuple[Stage, ...]
    debt_types: tuple[DebtType, ...]
    letter_kind: LetterKind
    addressed_to: str  # "debtor" or "client"
    needs_approval: bool
    pay_within_business_days: int
    response_days: int
    terms: str = ""

    @property
    def path(self) -> Path:
        return TEMPLATE_DIR / self.file


@cache
def shipped() -> dict[str, TemplateSpec]:
    """Every shipped template by key, in catalogue order."""
    raw = json.loads(CATALOG.read_text())
    return {key: _spec(key, entry) for key, entry in raw.items() if not key.startswith("_")}


def _spec(key: str, entry: dict) -> TemplateSpec:
    spec = TemplateSpec(
        key=key,
        file=entry["file"],
        title=entry["title"],
        purpose=entry["purpose"],
        stages=tuple(Stage(s) for s in entry["stages"]),
        debt_types=tuple(DebtType(d) for d in entry["debt_types"]),
        letter_kind=LetterKind(entry["letter_kind"]),
        addressed_to=entry["addressed_to"],
        needs_approval=bool(entry["needs_approval"]),
        pay_within_business_days=int(entry["pay_within_business_days"]),
        response_days=int(entry["response_days"]),
        terms=entry.get("terms", ""),
    )
    if spec.addressed_to not in ("debtor", "client") or spec.terms not in TERMS:
        raise ValueError(f"catalog entry {key}: addressed_to or terms not known")
    return spec
