"""Loading the jurisdiction interest rules shipped in casefile/data/jurisdictions.json."""

import json
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from casefile.domain.jurisdictions import InterestRule, Jurisdiction, LimitationRule

DATA = Path(__file__).resolve().parent.parent / "data" / "jurisdictions.json"
FALLBACK = "OTHER"


@cache
def _all() -> dict[str, Jurisdiction]:
    raw = json.loads(DATA.read_text())
    found = {}
    for code, entry in raw.items():
        if code.startswith("_"):
            continue
        rules = tuple(sorted((_rule(r) for r in entry["rules"]), key=lambda r: r.effective))
        limits = tuple(
            sorted((_limit(r) for r in entry.get("limitations", ())), key=lambda r: r.effective)
        )
        found[code] = Jurisdiction(code, entry["name"], rules, limits)
    return found


def _rule(raw: dict) -> InterestRule:
    consumer = raw.get("consumer_postjudgment_rate")
    return InterestRule(
        effective=date.fromisoformat(raw["effective"]),
        prejudgment_rate=Decimal(raw["prejudgment_rate"]),
        postjudgment_rate=Decimal(raw["postjudgment_rate"]),
        consumer_postjudgment_rate=Decimal(consumer) if consumer is not None else None,
        source=raw["source"],
        prejudgment_source=raw.get("prejudgment_source", ""),
    )


def _limit(raw: dict) -> LimitationRule:
    return LimitationRule(
        effective=date.fromisoformat(raw["effective"]),
        contract_years=int(raw["contract_years"]),
        consumer_years=int(raw["consumer_years"]),
        source=raw["source"],
    )


def jurisdiction(code: str) -> Jurisdiction:
    """The rules for `code`, or the generic default (no statutory interest) if none on file."""
    rules = _all()
    return rules.get(code) or rules[FALLBACK]


def jurisdiction_codes() -> list[str]:
    """Every jurisdiction on file."""
    return sorted(_all())
