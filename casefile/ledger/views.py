"""The matter's Money tab: ledger, balance and its explanation, payoff quote, money forms."""

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, url_for

from casefile.auth.views import recent_auth_required
from casefile.domain.balance import Component, EntryKind
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.ledger import queries, services
from casefile.ledger.forms import (
    AdjustmentForm,
    ChargeForm,
    InterestTermForm,
    PaymentForm,
    ReverseForm,
)
from casefile.ledger.models import LedgerEntry
from casefile.matters.models import Matter
from casefile.web.access import requires
from casefile.web.helpers import current_actor, date_arg, saved, today

bp = Blueprint("ledger", __name__, url_prefix="/matters")


@bp.route("/<int:matter_id>/money")
def money(matter_id: int, forms: dict | None = None):
    matter = db.get_or_404(Matter, matter_id)
    day = today()
    as_of = date_arg("as_of", day)
    payoff_on = date_arg("payoff", day + timedelta(days=14))
    forms = forms or {}
    rows = queries.ledger_rows(matter.id)
    return render_template(
        "ledger/money.html",
        matter=matter,
        as_of=as_of,
        today=day,
        owed=queries.matter_balance(matter, as_of),
        payoff=queries.matter_payoff(matter, payoff_on),
        rows=rows,
        reversed_ids={r.reverses_id for r in rows if r.reverses_id},
        terms=queries.interest_terms(matter.id),
        Component=Component,
        payment_form=forms.get("payment") or PaymentForm(formdata=None, on=day),
        charge_form=forms.get("charge") or ChargeForm(formdata=None, on=day),
        adjustment_form=forms.get("adjustment") or AdjustmentForm(formdata=None, on=day),
        reverse_form=ReverseForm(formdata=None, on=day),
        term_form=forms.get("term") or InterestTermForm(formdata=None, basis=365),
    )


@bp.route("/<int:matter_id>/money/payments", methods=["POST"])
@requires(Capability.RECORD_PAYMENTS)
@recent_auth_required
def record_payment(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = PaymentForm()
    if form.validate_on_submit():
        data = services.PaymentData(
            form.on.data,
            form.amount.cents,
            form.method.data,
            form.payer.data,
            form.reference.data or "",
            form.received_by.data,
            form.memo.data or "",
        )
        if saved(
            form,
            lambda: services.record_payment(
                matter, data, current_actor(), today(), form.nonce.data
            ),
        ):
            return _back(matter, "Payment recorded.")
    return money(matter.id, {"payment": form}), 200


@bp.route("/<int:matter_id>/money/charges", methods=["POST"])
@requires(Capability.RECORD_PAYMENTS)
@recent_auth_required
def post_charge(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = ChargeForm()
    if form.validate_on_submit() and saved(
        form,
        lambda: services.post_charge(
            matter,
            EntryKind(form.kind.data),
            form.on.data,
            form.amount.cents,
            form.memo.data,
            current_actor(),
            today(),
            form.nonce.data,
        ),
    ):
        return _back(matter, f"{form.kind.data.capitalize()} posted.")
    return money(matter.id, {"charge": form}), 200


@bp.route("/<int:matter_id>/money/adjustments", methods=["POST"])
@requires(Capability.ADJUST_LEDGER)
@recent_auth_required
def post_adjustment(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = AdjustmentForm()
    if form.validate_on_submit():
        signed = form.amount.cents * (-1 if form.direction.data == "-" else 1)
        if saved(
            form,
            lambda: services.post_adjustment(
                matter,
                Component(form.component.data),
                form.on.data,
                signed,
                form.memo.data,
                current_actor(),
                today(),
                form.nonce.data,
            ),
        ):
            return _back(matter, "Adjustment posted.")
    return money(matter.id, {"adjustment": form}), 200


@bp.route("/<int:matter_id>/money/interest", methods=["POST"])
@requires(Capability.ADJUST_LEDGER)
@recent_auth_required
def add_interest_term(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = InterestTermForm()
    if form.validate_on_submit() and saved(
        form,
        lambda: services.add_interest_term(
            matter,
            int(form.rate.data * 100),
            form.basis.data,
            form.start_on.data,
            form.end_on.data,
            form.label.data or "",
            current_actor(),
        ),
    ):
        return _back(matter, "Contract interest rate recorded.")
    return money(matter.id, {"term": form}), 200


@bp.route("/ledger/<int:entry_id>/reverse", methods=["POST"])
@requires(Capability.ADJUST_LEDGER)
@recent_auth_required
def reverse(entry_id: int):
    entry = db.get_or_404(LedgerEntry, entry_id)
    form = ReverseForm()
    matter = db.session.get(Matter, entry.matter_id)
    if not form.validate_on_submit():
        flash("Give the reversal date and the reason.", "error")
    elif saved(
        form,
        lambda: services.reverse_entry(
            entry, form.on.data, form.reason.data, current_actor(), today(), form.nonce.data
        ),
    ):
        return _back(matter, "Entry reversed.")
    return redirect(url_for("ledger.money", matter_id=matter.id))


def _back(matter: Matter, message: str):
    flash(message, "success")
    return redirect(url_for("ledger.money", matter_id=matter.id))
