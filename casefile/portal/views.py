"""Client users see their own client's matters and only what is meant for them."""

from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from casefile.domain.balance import Component
from casefile.domain.paging import Page
from casefile.extensions import db
from casefile.ledger.queries import matter_balance
from casefile.matters.models import Matter
from casefile.matters.queries import invoice_totals
from casefile.trust import queries as trust_queries
from casefile.trust.views import download_statement, load_remittance
from casefile.web.access import client_only
from casefile.web.helpers import page_number, today

bp = Blueprint("portal", __name__, url_prefix="/portal")
PAGE_SIZE = 25


@bp.route("/")
@client_only
def index():
    mine = Matter.client_id == current_user.client_id
    number = page_number()
    total = db.session.scalar(select(func.count(Matter.id)).where(mine))
    matters = db.session.scalars(
        select(Matter)
        .where(mine)
        .order_by(Matter.placed_on.desc(), Matter.id.desc())
        .limit(PAGE_SIZE)
        .offset((number - 1) * PAGE_SIZE)
    ).all()
    return render_template(
        "portal/index.html",
        page=Page(matters, number, PAGE_SIZE, total),
        totals=invoice_totals([m.id for m in matters]),
    )


@bp.route("/matters/<int:matter_id>")
@client_only
def matter(matter_id: int):
    found = db.session.scalar(
        select(Matter)
        .where(Matter.id == matter_id, Matter.client_id == current_user.client_id)
        .options(selectinload(Matter.invoices), selectinload(Matter.stage_events))
    )
    if found is None:
        abort(404)
    owed = matter_balance(found, today())
    return render_template(
        "portal/matter.html",
        matter=found,
        total_cents=sum(i.amount_cents for i in found.invoices),
        owed=owed,
        Component=Component,
    )


@bp.route("/remittances")
@client_only
def remittances():
    return render_template(
        "portal/remittances.html", remittances=trust_queries.remittances_of(current_user.client_id)
    )


@bp.route("/remittances/<int:remittance_id>")
@client_only
def remittance(remittance_id: int):
    found = load_remittance(remittance_id, current_user.client_id)
    return render_template("trust/statement.html", remittance=found, portal=True)


@bp.route("/remittances/<int:remittance_id>/statement.docx")
@client_only
def statement_word(remittance_id: int):
    return download_statement(load_remittance(remittance_id, current_user.client_id), "docx")


@bp.route("/remittances/<int:remittance_id>/statement.csv")
@client_only
def statement_spreadsheet(remittance_id: int):
    return download_statement(load_remittance(remittance_id, current_user.client_id), "csv")
