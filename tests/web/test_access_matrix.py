"""Nobody sees what is not theirs: every route that names an object, walked from app.url_map.

A client user calling any such route with another client's object gets 404 for every method,
and nothing changes. A route added later without an entry here fails `test_every_route_*`.
"""

import re
from dataclasses import dataclass

import pytest

from casefile.diary.services import create_task
from casefile.documents.models import Document
from casefile.documents.store import document_store
from casefile.domain.diary import Priority
from casefile.domain.parties import HoldKind
from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.intake.imports import upload_export
from casefile.ledger.services import PaymentData, record_payment
from casefile.letters import library
from casefile.letters.batch import run_batch, start_batch
from casefile.letters.services import generate_letter
from casefile.matters.services import place_hold
from casefile.trust.services import run_remittances
from casefile.types import utcnow
from tests.factories import TODAY
from tests.web.helpers import denied_events, login, snapshot


@dataclass
class World:
    client_a: object
    client_b: object
    user_a: object
    user_b: object
    matter_a: object
    matter_b: object
    hold_b: object
    task_b: object
    internal_task: object
    attorney: object
    entry_b: object
    remittance_b: object
    import_b: object
    document_b: object
    letter_b: object
    batch: object


EXPORT = (
    b"customer,invoice_number,issue_date,due_date,amount\n"
    b"B Debtor,B-77,2026-01-05,2026-02-04,10.00\n"
)


@pytest.fixture
def world(make):
    attorney = make.user(Role.ATTORNEY)
    client_a, client_b = make.client("Alpha Supplies"), make.client("Beta Foods")
    matter_a = make.matter(client=client_a, attorney=attorney)
    matter_b = make.matter(client=client_b, attorney=attorney)
    actor = make.actor(attorney)
    hold_b = place_hold(matter_b, HoldKind.DISPUTE, TODAY, "Letter of dispute", actor, TODAY)
    task_b = create_task(actor, attorney.id, "Call debtor", TODAY, Priority.NORMAL, matter_b)
    internal = create_task(actor, attorney.id, "Firm meeting", TODAY, Priority.LOW)
    entry_b = record_payment(
        matter_b, PaymentData(TODAY, 1_000, "check", "Debtor B", "B-1"), actor, TODAY
    )
    [remittance_b] = run_remittances(TODAY, actor, TODAY).remittances
    user_b = make.user(Role.CLIENT, client=client_b)
    import_b = upload_export("b.csv", EXPORT, make.actor(user_b), TODAY)
    document_b = _document(client_b, matter_b, user_b)
    letter_b = _letter(client_b, matter_b, actor)
    batch = start_batch([matter_b.id], actor)
    run_batch(batch, [matter_b.id], actor, utcnow(), document_store())
    return World(
        client_a,
        client_b,
        make.user(Role.CLIENT, client=client_a),
        user_b,
        matter_a,
        matter_b,
        hold_b,
        task_b,
        internal,
        attorney,
        entry_b,
        remittance_b,
        import_b,
        document_b,
        letter_b,
        batch,
    )


def _letter(client, matter, actor):
    """A report to client B on its matter (the dispute hold stops letters to the debtor)."""
    client.contact_name, client.address = "Bea Foods", "1 Beta Way\nAlbany, NY"
    library.sync_catalog(document_store())
    template = library.template_by_key("placement_ack")
    return generate_letter(matter, template, actor, utcnow(), document_store())


def _resolution_b(w):
    """Client B's offer and agreement, made once, as rows (the dispute hold on matter B would
    rightly refuse a settlement through the services)."""
    if getattr(w, "agreement_b", None) is None:
        from casefile.resolution.models import (
            Agreement,
            EnforcementAction,
            Installment,
            Offer,
            SettlementKind,
            Suit,
        )

        offer = Offer(
            matter_id=w.matter_b.id, made_by="debtor", made_on=TODAY, kind=SettlementKind.PLAN,
            amount_cents=90_000, balance_cents=125_000, floor_basis_points=8000,
            status="awaiting_client",
        )  # fmt: skip
        db.session.add(offer)
        db.session.flush()
        agreement = Agreement(
            matter_id=w.matter_b.id, offer_id=offer.id, kind=SettlementKind.PLAN,
            agreed_on=TODAY, balance_cents=125_000, settled_cents=90_000,
            frequency="monthly", due_rule="next_business_day",
        )  # fmt: skip
        db.session.add(agreement)
        db.session.flush()
        db.session.add(Installment(agreement_id=agreement.id, number=1, scheduled_on=TODAY,
                                   due_on=TODAY, amount_cents=90_000))  # fmt: skip
        suit = Suit(matter_id=w.matter_b.id, court="Albany City Court", filed_on=TODAY)
        action = EnforcementAction(matter_id=w.matter_b.id, kind="bank_levy", third_party="Bank",
                                   status="served", started_on=TODAY, status_on=TODAY)  # fmt: skip
        db.session.add_all([suit, action])
        db.session.commit()
        w.offer_b, w.agreement_b, w.suit_b, w.action_b = offer, agreement, suit, action
    return w


def _document(client, matter, user):
    digest, _ = document_store().put(b"%PDF-1.7 client B's contract")
    row = Document(
        client_id=client.id,
        matter_id=matter.id,
        filename="b-contract.pdf",
        kind="PDF",
        content_type="application/pdf",
        size_bytes=28,
        sha256=digest,
        uploaded_by_id=user.id,
    )
    db.session.add(row)
    db.session.commit()
    return row


# endpoint -> the view arguments naming an object that client A's user must not reach.
OTHER_CLIENTS_OBJECT = {
    "matters.detail": lambda w: {"matter_id": w.matter_b.id},
    "ledger.money": lambda w: {"matter_id": w.matter_b.id},
    "ledger.record_payment": lambda w: {"matter_id": w.matter_b.id},
    "ledger.post_charge": lambda w: {"matter_id": w.matter_b.id},
    "ledger.post_adjustment": lambda w: {"matter_id": w.matter_b.id},
    "ledger.add_interest_term": lambda w: {"matter_id": w.matter_b.id},
    "ledger.reverse": lambda w: {"entry_id": w.entry_b.id},
    "matters.edit": lambda w: {"matter_id": w.matter_b.id},
    "correspondence.add_note": lambda w: {"matter_id": w.matter_b.id},
    "correspondence.log_call": lambda w: {"matter_id": w.matter_b.id},
    "correspondence.log_letter": lambda w: {"matter_id": w.matter_b.id},
    "correspondence.log_email": lambda w: {"matter_id": w.matter_b.id},
    "correspondence.log_paper": lambda w: {"matter_id": w.matter_b.id},
    "intake.review": lambda w: {"matter_id": w.matter_b.id},
    "intake.accept": lambda w: {"matter_id": w.matter_b.id},
    "intake.reject": lambda w: {"matter_id": w.matter_b.id},
    "matters.change_stage": lambda w: {"matter_id": w.matter_b.id},
    "matters.reopen": lambda w: {"matter_id": w.matter_b.id},
    "matters.new_party": lambda w: {"matter_id": w.matter_b.id},
    "matters.new_invoice": lambda w: {"matter_id": w.matter_b.id},
    "matters.new_hold": lambda w: {"matter_id": w.matter_b.id},
    "matters.lift_hold": lambda w: {"hold_id": w.hold_b.id},
    "matters.edit_party": lambda w: {"party_id": w.matter_b.parties[0].id},
    "diary.task": lambda w: {"task_id": w.task_b.id},
    "diary.complete": lambda w: {"task_id": w.task_b.id},
    "diary.reassign": lambda w: {"task_id": w.task_b.id},
    "diary.snooze": lambda w: {"task_id": w.task_b.id},
    "admin.edit_user": lambda w: {"user_id": w.user_b.id},
    "admin.reset_password": lambda w: {"user_id": w.user_b.id},
    "admin.edit_client": lambda w: {"client_id": w.client_b.id},
    "portal.matter": lambda w: {"matter_id": w.matter_b.id},
    "portal.send_message": lambda w: {"matter_id": w.matter_b.id},
    "compliance.review": lambda w: {"matter_id": w.matter_b.id},
    "portal.remittance": lambda w: {"remittance_id": w.remittance_b.id},
    "portal.import_preview": lambda w: {"import_id": w.import_b.id},
    "portal.document": lambda w: {"document_id": w.document_b.id},
    "documents.download": lambda w: {"document_id": w.document_b.id},
    "portal.place_export": lambda w: {"import_id": w.import_b.id},
    "portal.import_columns": lambda w: {"import_id": w.import_b.id},
    "portal.statement_word": lambda w: {"remittance_id": w.remittance_b.id},
    "portal.statement_spreadsheet": lambda w: {"remittance_id": w.remittance_b.id},
    "trust.client_ledger": lambda w: {"client_id": w.client_b.id},
    "trust.remittance": lambda w: {"remittance_id": w.remittance_b.id},
    "trust.statement_word": lambda w: {"remittance_id": w.remittance_b.id},
    "trust.statement_spreadsheet": lambda w: {"remittance_id": w.remittance_b.id},
    "letters.new": lambda w: {"matter_id": w.matter_b.id},
    "resolution.page": lambda w: {"matter_id": w.matter_b.id},
    "resolution.record_offer": lambda w: {"matter_id": w.matter_b.id},
    "resolution.ask_client": lambda w: {"offer_id": _resolution_b(w).offer_b.id},
    "resolution.reject_offer": lambda w: {"offer_id": _resolution_b(w).offer_b.id},
    "resolution.accept_offer": lambda w: {"offer_id": _resolution_b(w).offer_b.id},
    "resolution.decide": lambda w: {"offer_id": _resolution_b(w).offer_b.id},
    "resolution.record_payment": lambda w: {"agreement_id": _resolution_b(w).agreement_b.id},
    "resolution.renegotiate": lambda w: {"agreement_id": _resolution_b(w).agreement_b.id},
    "resolution.complete": lambda w: {"agreement_id": _resolution_b(w).agreement_b.id},
    "resolution.act_on_default": lambda w: {"agreement_id": _resolution_b(w).agreement_b.id},
    "resolution.file_suit": lambda w: {"matter_id": w.matter_b.id},
    "resolution.record_service": lambda w: {"suit_id": _resolution_b(w).suit_b.id},
    "resolution.add_court_date": lambda w: {"matter_id": w.matter_b.id},
    "resolution.enter_judgment": lambda w: {"matter_id": w.matter_b.id},
    "resolution.start_enforcement": lambda w: {"matter_id": w.matter_b.id},
    # A feed token is a bearer secret: an unknown (or revoked) one is 404 for everyone.
    "resolution.calendar_feed": lambda w: {"token": "not-a-real-token"},
    "resolution.enforcement_status": lambda w: {"action_id": _resolution_b(w).action_b.id},
    "resolution.record_recovery": lambda w: {"action_id": _resolution_b(w).action_b.id},
    "letters.show": lambda w: {"letter_id": w.letter_b.id},
    "letters.download": lambda w: {"letter_id": w.letter_b.id},
    "letters.approve": lambda w: {"letter_id": w.letter_b.id},
    "letters.send_back": lambda w: {"letter_id": w.letter_b.id},
    "letters.mark_sent": lambda w: {"letter_id": w.letter_b.id},
    "letters.template": lambda w: {"template_id": w.letter_b.template_id},
    "letters.template_file": lambda w: {"template_id": w.letter_b.template_id},
    "letters.add_version": lambda w: {"template_id": w.letter_b.template_id},
    "letters.pdf": lambda w: {"letter_id": w.letter_b.id},
    "letters.batch_run": lambda w: {"batch_id": w.batch.id},
    "letters.batch_zip": lambda w: {"batch_id": w.batch.id},
    "letters.ladder": lambda w: {"client_id": w.client_b.id},
}


def _object_routes(app):
    return [r for r in app.url_map.iter_rules() if r.arguments and r.endpoint != "static"]


def test_every_route_that_names_an_object_is_in_the_matrix(app):
    missing = {r.endpoint for r in _object_routes(app)} - OTHER_CLIENTS_OBJECT.keys()
    assert not missing, f"add these routes to OTHER_CLIENTS_OBJECT: {sorted(missing)}"
    stale = OTHER_CLIENTS_OBJECT.keys() - {r.endpoint for r in _object_routes(app)}
    assert not stale, f"these matrix entries name no route: {sorted(stale)}"


@pytest.mark.parametrize("endpoint", sorted(OTHER_CLIENTS_OBJECT))
def test_another_clients_object_is_not_found_for_every_method(app, client, world, endpoint):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        url = app.url_map.bind("localhost").build(endpoint, OTHER_CLIENTS_OBJECT[endpoint](world))
    login(client, world.user_a)
    before, denials = snapshot(), denied_events()
    methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
    for method in methods:
        response = client.open(
            url,
            method=method,
            data={"reason": "x", "target": "closed", "owner_id": world.attorney.id},
        )
        assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
        assert world.matter_b.reference not in response.get_data(as_text=True)
    assert snapshot() == before, f"{endpoint} changed data for another client's user"
    assert denied_events() == denials + len(methods)


def test_own_clients_object_on_a_staff_route_is_forbidden_not_shown(client, world):
    login(client, world.user_a)
    response = client.get(f"/matters/{world.matter_a.id}")
    assert response.status_code == 403
    assert world.matter_a.reference not in response.get_data(as_text=True)


def test_client_user_sees_own_matter_in_portal_and_not_the_other(client, world):
    login(client, world.user_a)
    own = client.get(f"/portal/matters/{world.matter_a.id}")
    assert own.status_code == 200
    assert world.matter_a.reference in own.get_data(as_text=True)
    listing = client.get("/portal/").get_data(as_text=True)
    assert world.matter_a.reference in listing
    assert world.matter_b.reference not in listing


def test_internal_task_is_not_reachable_by_a_client_user(client, world):
    login(client, world.user_a)
    response = client.post(f"/diary/tasks/{world.internal_task.id}/complete", data={})
    assert response.status_code == 404


def test_missing_object_is_404_for_staff_too(client, world):
    login(client, world.attorney)
    assert client.get("/matters/999999").status_code == 404


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PARALEGAL, Role.ADMIN])
def test_staff_see_every_clients_matter(client, world, make, role):
    login(client, make.user(role))
    for matter in (world.matter_a, world.matter_b):
        page = client.get(f"/matters/{matter.id}")
        assert page.status_code == 200
        assert matter.reference in page.get_data(as_text=True)


def _plain_routes(app):
    return [r for r in app.url_map.iter_rules() if not r.arguments and r.endpoint != "static"]


def test_every_non_public_route_sends_anonymous_visitors_to_sign_in(app, client):
    public = {"auth.login", "home.index", "home.health", "referrals.refer"}
    public.add("resolution.calendar_feed")  # its secret token is the credential
    for rule in _plain_routes(app) + _object_routes(app):
        if rule.endpoint in public:
            continue
        url = re.sub(r"<[^>]+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            assert response.status_code == 302, f"{method} {url}: {response.status_code}"
            assert response.headers["Location"].startswith("/login"), url


def test_every_staff_route_refuses_client_users(app, client, world):
    login(client, world.user_a)
    client_pages = {
        "portal.index",
        "portal.remittances",
        "portal.imports",
        "portal.upload_export",
        "portal.import_template",
        "portal.new_placement",
        "search.portal",
        "referrals.refer",
        "auth.change_password",
        "auth.confirm",
        "auth.logout",
        "auth.login",
        "home.index",
        "home.health",
    }
    for rule in _plain_routes(app):
        if rule.endpoint in client_pages:
            continue
        response = client.get(rule.rule) if "GET" in rule.methods else client.post(rule.rule)
        assert response.status_code == 403, f"{rule.rule}: {response.status_code}"


def test_paralegal_cannot_manage_users(client, make):
    login(client, make.user(Role.PARALEGAL))
    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users/new", data={"email": "x@y.z"}).status_code == 403


def test_forms_ignore_smuggled_fields(client, world, make):
    """A client_id or role posted to a form that does not declare it changes nothing."""
    paralegal = make.user(Role.PARALEGAL)
    login(client, paralegal)
    client.post(
        "/account/password",
        data={"role": "admin", "client_id": world.client_b.id, "current_password": "wrong"},
    )
    from casefile.auth.models import User
    from casefile.extensions import db

    db.session.expire_all()
    assert db.session.get(User, paralegal.id).role is Role.PARALEGAL


def test_no_page_changes_anything_when_it_is_only_read(app, client, world, make):
    """GET never changes state: every GET route, opened by an administrator, leaves data as is."""
    login(client, make.admin)
    before = snapshot()
    for rule in _plain_routes(app) + _object_routes(app):
        if "GET" not in rule.methods:
            continue
        args = OTHER_CLIENTS_OBJECT[rule.endpoint](world) if rule.arguments else {}
        with app.test_request_context():
            url = app.url_map.bind("localhost").build(rule.endpoint, args)
        client_only = getattr(app.view_functions[rule.endpoint], "audience", "") == "client"
        expected = (403,) if client_only else (200, 302)
        if rule.endpoint == "resolution.calendar_feed":
            expected = (404,)  # no such token
        assert client.get(url).status_code in expected, url
    assert snapshot() == before
