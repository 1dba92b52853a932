"""Loading the jurisdiction rules shipped in casefile/data/jurisdictions.json, and the public
holiday tables that the pure calendar and deadline functions take as arguments."""

import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

import holidays as holiday_tables

from casefile.domain.jurisdictions import (
    AnswerPeriodRule,
    InterestRule,
    JudgmentLifeRule,
    Jurisdiction,
    LimitationRule,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "jurisdictions.json"
FALLBACK = "OTHER"


@cache
def _all() -> dict[str, Jurisdiction]:
    raw = json.loads(DATA.read_text())
    found = {}
    for code, entry in raw.items():
        if code.startswith("_"):
            continue
        found[code] = Jurisdiction(
            code,
            entry["name"],
            _versions(_rule, entry["rules"]),
            _versions(_limit, entry.get("limitations", ())),
            _versions(_answer_period, entry.get("answer_periods", ())),
            _versions(_judgment_life, entry.get("judgment_life", ())),
        )
    return found


def _versions(parse, raw_versions) -> tuple:
    """Each version parsed, sorted by effective date (the order the domain relies on)."""
    return tuple(sorted((parse(r) for r in raw_versions), key=lambda r: r.effective))


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


def _answer_period(raw: dict) -> AnswerPeriodRule:
    return AnswerPeriodRule(
        effective=date.fromisoformat(raw["effective"]),
        method=raw["method"],
        answer_days=int(raw["answer_days"]),
        completion_step=raw["completion_step"],
        completion_days=int(raw["completion_days"]),
        completes=raw["completes"],
        source=raw["source"],
        generic=bool(raw.get("generic", False)),
    )


def _judgment_life(raw: dict) -> JudgmentLifeRule:
    lien_years = raw.get("lien_years")
    opens = raw.get("renewal_opens_years")
    return JudgmentLifeRule(
        effective=date.fromisoformat(raw["effective"]),
        enforceable_years=int(raw["enforceable_years"]),
        lien_years=int(lien_years) if lien_years is not None else None,
        renew_before=raw["renew_before"],
        renewal_opens_years=int(opens) if opens is not None else None,
        source=raw["source"],
    )


def jurisdiction(code: str) -> Jurisdiction:
    """The rules for `code`, or the generic default (no statutory interest) if none on file."""
    rules = _all()
    return rules.get(code) or rules[FALLBACK]


def jurisdiction_codes() -> list[str]:
    """Every jurisdiction on file."""
    return sorted(_all())


def public_holidays(jurisdiction_code: str, years: int | Iterable[int]) -> frozenset[date]:
    """US federal holidays plus those of the state `jurisdiction_code` ("NY", "CA", ...) in
    `years`, including the weekday on which a weekend holiday is observed.

    "OTHER" or any code that is not a US state or territory gives the federal holidays only.
    We treat these as the court holidays for deadlines and payment due dates. A court may close
    on further days, and this table may hold a day on which a state court sits (a federal holiday
    the state does not keep, a state observance): counting such a day as a holiday only ever
    moves a due date later, or a renewal reminder earlier, which is the safe side. The table
    lives here, not in `casefile.domain`, because the domain imports only the standard library
    and takes holidays as an argument.
    """
    wanted = (years,) if isinstance(years, int) else tuple(years)
    subdivision = _us_subdivision(jurisdiction_code)
    found: set[date] = set()
    for year in wanted:
        found |= _holidays_in(subdivision, year)
    return frozenset(found)


def _us_subdivision(code: str) -> str | None:
    code = code.strip().upper()
    return code if code in holiday_tables.US.subdivisions else None


@lru_cache(maxsize=512)
def _holidays_in(subdivision: str | None, year: int) -> frozenset[date]:
    """One year's table, cached: the package computes every rule afresh on each call.

    The federal table is added to the state's because a state's own table can leave out a
    federal holiday (California's has no Columbus Day)."""
    federal = holiday_tables.country_holidays("US", years=year)
    state = holiday_tables.country_holidays("US", subdiv=subdivision, years=year)
    return frozenset(federal) | frozenset(state)
