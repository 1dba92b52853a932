"""Negotiation and settlement pages: the matter's Resolution card and its forms, the plans
needing attention, and the client's answer to an approval request in the portal."""

from datetime import timedelta

import click
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from casefile.audit.services import SYSTEM
from casefile.auth.forms import PostForm
from casefile.auth.views import recent_auth_required
from casefile.domain.enforcement import next_statuses
from casefile.domain.errors import CasefileError
from casefile.domain.money import format_cents
from casefile.domain.plans import DueRule, Frequency, settlement_floor_cents
from casefile.domain.roles import Capability
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.ledger.forms import PaymentForm
from casefile.ledger.queries import matter_balance
from casefile.ledger.services import PaymentData
from casefile.matters.models import Matter
from casefile.resolution import queries, services, tracking
from casefile.resolution.forms import (
    ClientDecisionForm,
    CourtDateForm,
    DefaultActionForm,
    EnforcementForm,
    EnforcementStatusForm,
    JudgmentForm,
    OfferForm,
    PlanTermsForm,
    RejectOfferForm,
    ServiceForm,
    SuitForm,
)
from casefile.resolution.models import (
    LIVE_OFFERS,
    Agreement,
    EnforcementAction,
    Offer,
    OfferFrom,
    SettlementKind,
)
from casefile.types import utcnow
from casefile.web.access import client_only, requires
from casefile.web.helpers import current_actor, form_version, saved, today

bp = Blueprint("resolution", __name__)


def resolution_card(matter: Matter, forms: dict | None = None) -> dict:
    """Everything the matter page's Resolution card shows, with blank forms unless given."""
    forms = forms or {}
    day = today()
    balance = max(matter_balance(matter, day).total_cents, 0)
    offers = queries.matter_offers(matter.id)
    agreements = queries.matter_agreements(matter.id, day)
    current = next(
        (a for a in agreements if a.agreement.status.value == "active"), None
    ) or next(
        (a for a in agreements if a.agreement.status.value == "defaulted"
         and a.agreement.ended_at is None),
        None,
    )  # fmt: skip
    accept_forms = {
        o.id: forms.get(f"accept-{o.id}") or _accept_form(o, day)
        for o in offers
        if o.status in LIVE_OFFERS
    }
    floor = matter.client.settlement_floor_basis_points
    actions = queries.matter_enforcement(matter.id)
    return {
        "balance_cents": balance,
        "floor_basis_points": floor,
        "floor_cents": settlement_floor_cents(balance, floor) if balance else 0,
        "offers": offers,
        "needs_approval": {o.id: services.needs_approval(o) for o in offers},
        "agreements": agreements,
        "current": current,
        "offer_form": forms.get("offer") or OfferForm(formdata=None, made_on=day),
        "accept_forms": accept_forms,
        "reject_form": RejectOfferForm(formdata=None),
        "payment_form": forms.get("payment")
        or PaymentForm(formdata=None, on=day, payer=matter.debtor_name, prefix="plan"),
        "renegotiate_form": forms.get("renegotiate")
        or PlanTermsForm(formdata=None, first_due=day + timedelta(days=7), prefix="renegotiate"),
        "default_form": DefaultActionForm(formdata=None),
        "post_form": PostForm(),
        "letters_url": _letters_url(matter),
        "today": day,
        "limitation": queries.matter_limitation(matter, day),
        "suits": queries.matter_suits(matter.id),
        "court_dates": queries.matter_court_dates(matter.id),
        "judgment": queries.matter_judgment_row(matter.id),
        "suit_form": forms.get("suit") or SuitForm(formdata=None, filed_on=day),
        "service_form": forms.get("service") or ServiceForm(formdata=None, served_on=day),
        "court_date_form": forms.get("court_date") or CourtDateForm(formdata=None),
        "judgment_form": forms.get("judgment") or JudgmentForm(formdata=None, entered_on=day),
        "actions": actions,
        "enforcement_form": forms.get("enforcement")
        or EnforcementForm(formdata=None, started_on=day),
        "status_forms": {a.id: _status_form(a, day) for a in actions},
        "recovery_form": PaymentForm(formdata=None, on=day, prefix="recovery"),
    }


def _status_form(action: EnforcementAction, day) -> EnforcementStatusForm:
    form = EnforcementStatusForm(formdata=None, on=day, prefix=f"status-{action.id}")
    form.status.choices = [c for c in form.status.choices if c.value in
                           {s.value for s in next_statuses(action.status)}]  # fmt: skip
    return form


def _letters_url(matter: Matter) -> str | None:
    """The letters page for the agreement and the default notice, when letters are installed."""
    try:
        return url_for("letters.new", matter_id=matter.id)
    except Exception:  # noqa: BLE001  (no letters blueprint: leave the link out)
        return None


def _accept_form(offer: Offer, day) -> PlanTermsForm:
    return PlanTermsForm(
        formdata=None,
        prefix=f"accept-{offer.id}",
        kind=offer.kind.value,
        count=offer.installments,
        frequency=(offer.frequency or Frequency.MONTHLY).value,
        first_due=day + timedelta(days=7),
        version=offer.version,
    )


@bp.route("/matters/<int:matter_id>/resolution")
def page(matter_id: int, forms: dict | None = None):
    matter = db.get_or_404(Matter, matter_id)
    return render_template(
        "resolution/matter.html", matter=matter, res=resolution_card(matter, forms)
    )


def _back(matter_id: int, message: str):
    flash(message, "success")
    return redirect(url_for("matters.detail", matter_id=matter_id) + "#resolution")


@bp.route("/matters/<int:matter_id>/offers", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def record_offer(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = OfferForm()
    if form.validate_on_submit():
        data = services.OfferData(
            made_by=OfferFrom(form.made_by.data),
            made_on=form.made_on.data,
            kind=SettlementKind(form.kind.data),
            amount_cents=form.amount.cents,
            installments=form.installments.data,
            frequency=Frequency(form.frequency.data),
            terms=form.terms.data or "",
            expires_on=form.expires_on.data,
        )
        if saved(form, lambda: services.record_offer(matter, data, current_actor(), today())):
            return _back(matter.id, f"Offer of {format_cents(data.amount_cents)} recorded.")
    return page(matter.id, {"offer": form}), 200


@bp.route("/offers/<int:offer_id>/ask-client", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def ask_client(offer_id: int):
    offer = db.get_or_404(Offer, offer_id)
    form = PostForm()
    if form.validate_on_submit() and _flashed(
        lambda: services.ask_client(offer, current_actor(), utcnow())
    ):
        return _back(offer.matter_id, "The client is asked to approve the offer in the portal.")
    return redirect(url_for("matters.detail", matter_id=offer.matter_id) + "#resolution")


@bp.route("/offers/<int:offer_id>/reject", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def reject_offer(offer_id: int):
    offer = db.get_or_404(Offer, offer_id)
    form = RejectOfferForm()
    if form.validate_on_submit() and _flashed(
        lambda: services.reject_offer(offer, form.reason.data, current_actor())
    ):
        return _back(offer.matter_id, "Offer rejected.")
    if form.errors:
        flash("Say why the offer is rejected.", "error")
    return redirect(url_for("matters.detail", matter_id=offer.matter_id) + "#resolution")


@bp.route("/offers/<int:offer_id>/accept", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def accept_offer(offer_id: int):
    offer = db.get_or_404(Offer, offer_id)
    matter_id = offer.matter_id
    form = PlanTermsForm(prefix=f"accept-{offer.id}")
    if form.validate_on_submit() and saved(
        form,
        lambda: services.accept_offer(
            offer, _terms(form), current_actor(), today(), form_version(form)
        ),
    ):
        return _back(matter_id, "Offer accepted: the agreement and its schedule are recorded.")
    return page(matter_id, {f"accept-{offer_id}": form}), 200


@bp.route("/agreements/<int:agreement_id>/payments", methods=["POST"])
@requires(Capability.RECORD_PAYMENTS)
@recent_auth_required
def record_payment(agreement_id: int):
    agreement = db.get_or_404(Agreement, agreement_id)
    matter_id = agreement.matter_id
    form = PaymentForm(prefix="plan")
    if form.validate_on_submit():
        data = PaymentData(
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
            lambda: tracking.record_plan_payment(
                agreement, data, current_actor(), today(), form.nonce.data
            ),
        ):
            return _back(matter_id, f"Payment of {format_cents(data.amount_cents)} recorded.")
    return page(matter_id, {"payment": form}), 200


@bp.route("/agreements/<int:agreement_id>/renegotiate", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def renegotiate(agreement_id: int):
    agreement = db.get_or_404(Agreement, agreement_id)
    matter_id = agreement.matter_id
    form = PlanTermsForm(prefix="renegotiate")
    if form.validate_on_submit() and saved(
        form,
        lambda: services.renegotiate_agreement(agreement, _terms(form), current_actor(), today()),
    ):
        return _back(matter_id, "Plan renegotiated: a new schedule from today's balance.")
    return page(matter_id, {"renegotiate": form}), 200


@bp.route("/agreements/<int:agreement_id>/complete", methods=["POST"])
@requires(Capability.ADJUST_LEDGER)
@recent_auth_required
def complete(agreement_id: int):
    agreement = db.get_or_404(Agreement, agreement_id)
    if PostForm().validate_on_submit() and _flashed(
        lambda: tracking.complete_agreement(agreement, current_actor(), today())
    ):
        return _back(agreement.matter_id, "Agreement paid: the matter is closed.")
    return redirect(url_for("matters.detail", matter_id=agreement.matter_id) + "#resolution")


@bp.route("/agreements/<int:agreement_id>/default", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def act_on_default(agreement_id: int):
    agreement = db.get_or_404(Agreement, agreement_id)
    form = DefaultActionForm()
    if form.validate_on_submit() and _flashed(
        lambda: tracking.act_on_default(
            agreement, Stage(form.target.data), form.reason.data, current_actor(), today()
        )
    ):
        return _back(agreement.matter_id, f"Matter moved to {Stage(form.target.data).label}.")
    if form.errors:
        flash("Choose where the matter goes and say why.", "error")
    return redirect(url_for("matters.detail", matter_id=agreement.matter_id) + "#resolution")


@bp.route("/resolution/plans")
def plans():
    return render_template(
        "resolution/plans.html",
        attention=queries.plans_needing_attention(today()),
        today=today(),
        post_form=PostForm(),
    )


@bp.route("/resolution/plans/check-defaults", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def check_defaults():
    if PostForm().validate_on_submit():
        found = tracking.detect_defaults(current_actor(), today())
        flash(f"{len(found)} plan(s) newly in default; diary tasks created.", "success")
    return redirect(url_for("resolution.plans"))


@bp.route("/portal/offers/<int:offer_id>/decide", methods=["POST"])
@client_only
def decide(offer_id: int):
    offer = db.get_or_404(Offer, offer_id)
    form = ClientDecisionForm(prefix=f"decide-{offer.id}")
    if form.validate_on_submit():
        approve = form.decision.data == "approve"
        if _flashed(
            lambda: services.decide_offer(
                offer, approve, form.note.data or "", current_actor(), utcnow()
            )
        ):
            flash("Thank you: the firm has your answer.", "success")
    return redirect(url_for("portal.matter", matter_id=offer.matter_id) + "#approvals")


def decision_forms(matter_id: int) -> list[tuple[Offer, ClientDecisionForm]]:
    """For the portal's matter page: the offers awaiting this client's answer."""
    if not current_user.is_authenticated:
        return []
    return [
        (offer, ClientDecisionForm(formdata=None, prefix=f"decide-{offer.id}"))
        for offer in queries.awaiting_client(matter_id)
    ]


def _flashed(action) -> bool:
    try:
        action()
    except CasefileError as error:
        flash(error.message, "error")
        return False
    return True


def _terms(form: PlanTermsForm) -> services.PlanTerms:
    plan = form.kind.data == SettlementKind.PLAN.value
    return services.PlanTerms(
        kind=SettlementKind(form.kind.data),
        first_due=form.first_due.data,
        frequency=Frequency(form.frequency.data),
        count=form.count.data if plan and form.installment.cents is None else None,
        installment_cents=form.installment.cents if plan else None,
        down_payment_cents=(form.down_payment.cents or 0) if plan else 0,
        grace_days=form.grace_days.data,
        due_rule=DueRule(form.due_rule.data),
        on_default=Stage(form.on_default.data),
        terms=form.terms.data or "",
    )


@bp.cli.command("check-defaults")
@click.option("--on", "on", default=None, help="the business date (YYYY-MM-DD); today if absent")
def check_defaults_command(on: str | None) -> None:
    """Mark plans in default (with a diary task each): run once a day."""
    from datetime import date

    day = date.fromisoformat(on) if on else today()
    found = tracking.detect_defaults(SYSTEM, day)
    click.echo(f"{len(found)} plan(s) newly in default")


# The litigation, enforcement and calendar routes live beside these, on the same blueprint.
from casefile.resolution import calendar_views, court_views  # noqa: E402, F401
