"""The search page for staff and its counterpart in the client portal."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from casefile.clients.models import Client
from casefile.correspondence.models import Channel
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.search import services
from casefile.search.query import Filters
from casefile.web.access import client_only
from casefile.web.helpers import date_arg, page_number

bp = Blueprint("search", __name__)
SORTS = ("relevance", "date")


@bp.get("/search")
def staff():
    clients = db.session.execute(db.select(Client.id, Client.name).order_by(Client.name)).all()
    return _results(
        "search/results.html",
        lambda hit: url_for("matters.detail", matter_id=hit.matter_id, _anchor=_anchor(hit)),
        clients=clients,
    )


@bp.get("/portal/search")
@client_only
def portal():
    return _results(
        "search/portal.html",
        lambda hit: url_for("portal.matter", matter_id=hit.matter_id, _anchor=_anchor(hit)),
    )


def _anchor(hit) -> str | None:
    return f"item-{hit.key[1:]}" if hit.kind == "item" else None


def _results(template: str, matter_link, **extra):
    text = request.args.get("q", "").strip()
    filters = _filters()
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else "relevance"
    outcome = None
    if text:
        outcome = services.run(text, services.scope_for(current_user), filters, page_number(), sort)
    return render_template(
        template,
        q=text,
        filters=filters,
        sort=sort,
        outcome=outcome,
        stages=list(Stage),
        channels=list(Channel),
        matter_link=matter_link,
        page_link=lambda number: url_for(
            request.endpoint, **{**request.args.to_dict(), "page": number}
        ),
        **extra,
    )


def _filters() -> Filters:
    args = request.args
    return Filters(
        client_id=args.get("client", type=int),
        stage=args.get("stage", "") if args.get("stage") in set(Stage) else "",
        channel=args.get("channel", "") if args.get("channel") in {*Channel, "matter"} else "",
        direction=args.get("direction", "") if args.get("direction") in ("in", "out") else "",
        date_from=date_arg("from", None),
        date_to=date_arg("to", None),
        mine=args.get("mine") == "1",
    )
