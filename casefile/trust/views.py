"""Trust pages for attorneys and admins: the account, client ledgers, movements, remittance
runs and statements, and the monthly three-way reconciliation."""

import calendar
from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casefile.audit.services import record
from casefile.auth.views import recent_auth_required
from casefile.clients.models import Client
from casefile.database import transaction, write_intent
from casefile.domain.paging import Page
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.letters.rendering import DOCX_MIMETYPE
from casefile.matters.models import Matter
from casefile.matters.queries import clients as client_list
from casefile.trust import queries, services
from casefile.trust.forms import MovementForm, ReconciliationForm, RemittanceRunForm
from casefile.trust.models import Reconciliation, Remittance
from casefile.trust.statements import statement_csv, statement_docx, statement_filename
from casefile.web.access import requires
from casefile.web.downloads import attachment
from casefile.web.helpers import current_actor, date_arg, page_number, saved, today

bp = Blueprint("trust", __name__, url_prefix="/trust")
JOURNAL_PAGE = 50


@bp.route("/")
@requires(Capability.MANAGE_TRUST)
def index():
    number = page_number()
    rows, total = queries.journal_page(JOURNAL_PAGE, (number - 1) * JOURNAL_PAGE)
    balances = queries.client_balances()
    return render_template(
        "trust/index.html",
        journal=Page(rows, number, JOURNAL_PAGE, total),
        balances=balances,
        journal_cents=queries.journal_balance(),
        ledgers_cents=sum(cents for _client, cents in balances),
        latest=db.session.scalar(
            select(Reconciliation).order_by(Reconciliation.id.desc()).limit(1)
        ),
    )


@bp.route("/clients/<int:client_id>")
@requires(Capability.MANAGE_TRUST)
def client_ledger(client_id: int):
    client = db.get_or_404(Client, client_id)
    number = page_number()
    lines, total = queries.client_ledger(client.id, JOURNAL_PAGE, (number - 1) * JOURNAL_PAGE)
    return render_template(
        "trust/client.html",
        client=client,
        ledger=Page(lines, number, JOURNAL_PAGE, total),
        balance_cents=queries.client_balance(client.id),
        remittances=queries.remittances_of(client.id),
    )


@bp.route("/movements/new", methods=["GET", "POST"])
@requires(Capability.MANAGE_TRUST)
@recent_auth_required
def new_movement():
    form = MovementForm(on=today(), client_id=request.args.get("client", type=int))
    form.client_id.choices = [(c.id, c.name) for c in client_list()]
    if form.validate_on_submit():
        matter_id = _matter_id(form)
        if matter_id is not False:
            data = services.Movement(
                client_id=form.client_id.data,
                on=form.on.data,
                amount_cents=form.amount.cents,
                counterparty=form.counterparty.data,
                memo=form.memo.data,
                matter_id=matter_id,
                reference=form.reference.data or "",
            )
            post = (
                services.record_deposit if form.kind.data == "deposit" else services.record_refund
            )
            if saved(form, lambda: post(data, current_actor(), today(), form.nonce.data)):
                flash(f"{form.kind.data.capitalize()} recorded.", "success")
                return redirect(url_for("trust.client_ledger", client_id=form.client_id.data))
    return render_template("trust/movement.html", form=form)


@bp.get("/remittances")
@requires(Capability.MANAGE_TRUST)
def remittances():
    through = date_arg("through", today())
    number = page_number()
    total = db.session.scalar(select(db.func.count(Remittance.id)))
    done = db.session.scalars(
        select(Remittance)
        .options(selectinload(Remittance.client))
        .order_by(Remittance.id.desc())
        .limit(JOURNAL_PAGE)
        .offset((number - 1) * JOURNAL_PAGE)
    ).all()
    return render_template(
        "trust/remittances.html",
        form=RemittanceRunForm(formdata=None, through=through),
        through=through,
        preview=services.preview_remittances(through) if "through" in request.args else None,
        page=Page(done, number, JOURNAL_PAGE, total),
    )


@bp.post("/remittances")
@requires(Capability.MANAGE_TRUST)
@recent_auth_required
def run_remittances():
    form = RemittanceRunForm()
    if not form.validate_on_submit():
        flash("Give the last day of payments to remit.", "error")
        return redirect(url_for("trust.remittances"))
    outcome: list[services.RunResult] = []
    run = services.run_remittances
    if saved(form, lambda: outcome.append(run(form.through.data, current_actor(), today()))):
        for name, why in outcome[0].skipped.items():
            flash(f"{name}: not remitted. {why}", "warning")
        if outcome[0].remittances:
            flash(f"{len(outcome[0].remittances)} remittance statement(s) created.", "success")
        elif not outcome[0].skipped:
            flash("No payments are waiting to be remitted.", "info")
    return redirect(url_for("trust.remittances"))


@bp.route("/remittances/<int:remittance_id>")
@requires(Capability.MANAGE_TRUST)
def remittance(remittance_id: int):
    return render_template(
        "trust/statement.html", remittance=load_remittance(remittance_id), portal=False
    )


@bp.route("/remittances/<int:remittance_id>/statement.docx")
@requires(Capability.MANAGE_TRUST)
def statement_word(remittance_id: int):
    return download_statement(load_remittance(remittance_id), "docx")


@bp.route("/remittances/<int:remittance_id>/statement.csv")
@requires(Capability.MANAGE_TRUST)
def statement_spreadsheet(remittance_id: int):
    return download_statement(load_remittance(remittance_id), "csv")


@bp.get("/reconciliations")
@requires(Capability.MANAGE_TRUST)
def reconciliations():
    month_end = _month_end(request.args.get("month", "")) or _last_month_end(today())
    form = ReconciliationForm(formdata=None, month=f"{month_end:%Y-%m}")
    return _reconciliations_page(form, month_end)


@bp.post("/reconciliations")
@requires(Capability.RECONCILE_TRUST)
@recent_auth_required
def reconcile():
    form = ReconciliationForm()
    month_end = _month_end(form.month.data or "")
    if form.validate_on_submit() and month_end is None:
        form.month.errors = ["Enter the month as YYYY-MM, e.g. 2026-10."]
    elif form.validate_on_submit() and saved(
        form,
        lambda: services.record_reconciliation(
            month_end,
            form.statement_balance.cents,
            form.deposits_in_transit.cents or 0,
            form.outstanding_checks.cents or 0,
            form.note.data or "",
            current_actor(),
            today(),
        ),
    ):
        flash(f"Reconciliation for {month_end:%B %Y} recorded.", "success")
        return redirect(url_for("trust.reconciliations", month=f"{month_end:%Y-%m}"))
    return _reconciliations_page(form, month_end or _last_month_end(today())), 200


def _reconciliations_page(form: ReconciliationForm, month_end: date):
    balances = queries.client_balances(month_end)
    return render_template(
        "trust/reconciliations.html",
        form=form,
        month_end=month_end,
        journal_cents=queries.journal_balance(month_end),
        balances=balances,
        ledgers_cents=sum(cents for _client, cents in balances),
        history=db.session.scalars(
            select(Reconciliation).order_by(Reconciliation.id.desc()).limit(24)
        ).all(),
    )


def download_statement(remittance: Remittance, kind: str):
    """A statement file as an attachment; the download is audited (it is a client document)."""
    if kind == "docx":
        body, mimetype = statement_docx(remittance, current_app.config["FIRM_NAME"]), DOCX_MIMETYPE
    else:
        body, mimetype = statement_csv(remittance).encode("utf-8-sig"), "text/csv"
    with write_intent(), transaction():
        record(
            current_actor(),
            "trust.statement_downloaded",
            "remittance",
            remittance.id,
            client_id=remittance.client_id,
            summary=f"{remittance.reference}.{kind}",
        )
    return attachment(body, mimetype, statement_filename(remittance, kind))


def load_remittance(remittance_id: int, client_id: int | None = None) -> Remittance:
    """A remittance with its lines and items; 404 when missing or (for a client) not theirs."""
    found = queries.remittance(remittance_id, client_id)
    if found is None:
        abort(404)
    return found


def _matter_id(form: MovementForm) -> int | None | bool:
    """The matter named on the form (None when blank); False, with an error, when unknown."""
    reference = (form.matter.data or "").strip().upper()
    if not reference:
        return None
    found = db.session.scalar(
        select(Matter).where(Matter.reference == reference, Matter.client_id == form.client_id.data)
    )
    if found is None:
        form.matter.errors = [f"No matter {reference} for this client."]
        return False
    return found.id


def _month_end(text: str) -> date | None:
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None


def _last_month_end(day: date) -> date:
    return day.replace(day=1) - date.resolution
