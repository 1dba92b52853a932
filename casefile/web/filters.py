"""Jinja filters and globals for the HTML pages."""

import json
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask import request, url_for

from casefile.domain.money import format_basis_points, format_cents
from casefile.domain.roles import Capability


def register(app) -> None:
    app.jinja_env.filters["money"] = format_cents
    app.jinja_env.filters["percent"] = format_basis_points
    app.jinja_env.filters["money_exact"] = _money_exact
    app.jinja_env.filters["day"] = _day
    app.jinja_env.filters["when"] = _when
    app.jinja_env.filters["audit_changes"] = _audit_changes
    app.jinja_env.globals["Capability"] = Capability
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.globals["firm_name"] = lambda: app.config["FIRM_NAME"]


def _money_exact(cents: Decimal, currency: str = "USD") -> str:
    """A fractional number of cents (a per-diem) shown to the cent, rounded half-up."""
    return format_cents(int(cents.quantize(Decimal(1), rounding=ROUND_HALF_UP)), currency)


def _day(value: date | None) -> str:
    return value.strftime("%b %-d, %Y") if value else ""


def _when(value: datetime | None) -> str:
    return value.strftime("%b %-d, %Y %H:%M UTC") if value else ""


def _audit_changes(encoded: str) -> list[tuple[str, object, object]]:
    """An audit event's recorded changes as (field, before, after) rows."""
    if not encoded:
        return []
    return [
        (name.replace("_", " "), pair[0], pair[1]) for name, pair in json.loads(encoded).items()
    ]


def url_with(**changes) -> str:
    """The current page's URL with some query arguments changed (None removes one)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)
