"""The matter pages: opening a matter by form, the list's filters, moving a matter."""

import io
from datetime import date, timedelta

from sqlalchemy import func, select

from casefile.correspondence.services import log_letter
from casefile.domain.compliance import LetterKind
from casefile.domain.parties import DebtType, HoldKind, PartyKind, PartyRole
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.models import Invoice, Matter
from casefile.matters.services import InvoiceData, PartyData, add_party, move_stage, place_hold
from casefile.types import utcnow
from tests.factories import TODAY
from tests.files import eml, pdf_with_text
from tests.web.helpers import login


def _new_matter_form(client_id, **changes):
    form = {
        "client_id": client_id,
        "client_reference": "AR-7",
        "placed_on": "2026-11-20",
        "debt_type": "commercial",
        "jurisdiction": "NY",
        "attorney_id": "",
        "paralegal_id": "",
        "summary": "",
        "debtor-kind": "business",
        "debtor-name": "Harbor View Bistro LLC",
        "debtor-line1": "1 Pier Road",
        "debtor-city": "Brooklyn",
        "debtor-region": "NY",
        "debtor-email": "owner@harbor.example",
        "debtor-phone": "(718) 555-0101",
        "invoices-0-number": "INV-100",
        "invoices-0-issued_on": "2026-06-01",
        "invoices-0-due_on": "2026-07-01",
        "invoices-0-amount": "1,250.50",
        "invoices-0-currency": "USD",
        "invoices-1-number": "INV-101",
        "invoices-1-issued_on": "2026-07-01",
        "invoices-1-due_on": "2026-07-31",
        "invoices-1-amount": "99.99",
        "invoices-1-currency": "USD",
    }
    return {**form, **changes}


def _matter_count() -> int:
    return db.session.scalar(select(func.count(Matter.id)))


def test_paralegal_opens_a_matter_with_two_invoices(client, make):
    paralegal = make.user(Role.PARALEGAL)
    acme = make.client("Acme")
    login(client, paralegal)
    response = client.post("/matters/new", data=_new_matter_form(acme.id))
    assert response.status_code == 302
    matter = db.session.scalar(select(Matter))
    assert response.headers["Location"] == f"/matters/{matter.id}"
    amounts = sorted(db.session.scalars(select(Invoice.amount_cents)))
    assert amounts == [9_999, 125_050]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Harbor View Bistro LLC" in page
    assert "$1,350.49" in page  # total placed


def test_bad_invoice_rows_are_explained_and_nothing_is_saved(client, make):
    paralegal = make.user(Role.PARALEGAL)
    acme = make.client("Acme")
    login(client, paralegal)
    for change, message in [
        ({"invoices-0-amount": "12.345"}, "at most two decimals"),
        ({"invoices-0-due_on": "2026-05-01"}, "due date cannot be before the issue date"),
        ({"debtor-name": ""}, "This field is required."),
        ({"invoices-0-number": "", "invoices-1-number": ""}, "enter Invoice no."),
    ]:
        response = client.post("/matters/new", data=_new_matter_form(acme.id, **change))
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert message in page, message
        assert 'value="1 Pier Road"' in page  # what the user typed is kept
        assert _matter_count() == 0


def test_the_list_filters_by_stage_hold_and_text(client, make):
    attorney = make.user(Role.ATTORNEY)
    actor = make.actor(attorney)
    stays = make.matter(debtor="Quiet Open Ltd", attorney=attorney)
    sent = make.matter(debtor="Demanded Corp", attorney=attorney)
    move_stage(sent, Stage.DEMAND, "sent", actor, TODAY)
    held = make.matter(debtor="Bankrupt Bakery Inc")
    place_hold(held, HoldKind.BANKRUPTCY, TODAY, "Ch. 7", actor, TODAY)
    add_party(
        stays,
        PartyData(
            "Gina Guarantor", PartyKind.PERSON, PartyRole.GUARANTOR, aliases="G. G. Smith-Jones"
        ),
        actor,
    )
    login(client, attorney)

    def shown(query: str) -> set[str]:
        page = client.get(f"/matters/?{query}").get_data(as_text=True)
        return {m.reference for m in (stays, sent, held) if m.reference in page}

    assert shown("") == {stays.reference, sent.reference, held.reference}
    assert shown("stage=demand") == {sent.reference}
    assert shown("hold=bankruptcy") == {held.reference}
    assert shown("hold=none") == {stays.reference, sent.reference}
    assert shown("q=bakery") == {held.reference}
    assert shown("q=smith-jones") == {stays.reference}  # another party's alias
    assert shown(f"q={sent.invoices[0].number}") == {sent.reference}
    assert shown(f"q={stays.reference[:-1]}") >= {stays.reference}
    assert shown("q=100%25") == set()  # a literal %, not a wildcard


def test_the_list_sorts_and_pages(make_app, make):
    app = make_app(PAGE_SIZE=2)
    client = app.test_client()
    attorney = make.user(Role.ATTORNEY)
    for name in ("Delta", "alpha", "Charlie", "Bravo", "Echo"):
        make.matter(debtor=f"{name} LLC", attorney=attorney)
    login(client, attorney)
    first = client.get("/matters/?sort=debtor&direction=asc").get_data(as_text=True)
    assert "1–2 of 5 matters" in first
    assert first.index("Bravo LLC") < first.index("Charlie LLC")
    assert "Delta LLC" not in first
    third = client.get("/matters/?sort=debtor&direction=asc&page=3").get_data(as_text=True)
    assert "5–5 of 5 matters" in third
    assert "alpha LLC" in third  # SQLite/PostgreSQL binary order: lower case sorts last


def test_a_refused_stage_change_says_where_the_matter_can_go(client, make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter(attorney=attorney)
    login(client, attorney)
    response = client.post(
        f"/matters/{matter.id}/stage",
        data={"target": "judgment", "reason": "skip", "version": matter.version},
        follow_redirects=True,
    )
    assert "cannot move to Judgment; it can move to Demand, Closed" in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(Matter, matter.id).stage is Stage.OPEN


def test_editing_a_matter_that_changed_meanwhile_is_refused(client, make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter(attorney=attorney)
    matter_id, opened = matter.id, matter.version
    login(client, attorney)
    form = {
        "client_id": matter.client_id,
        "debt_type": "commercial",
        "jurisdiction": "NY",
        "placed_on": "2026-11-20",
        "attorney_id": attorney.id,
        "paralegal_id": "",
        "client_reference": "",
        "version": opened,
    }
    assert (
        client.post(f"/matters/{matter_id}/edit", data={**form, "summary": "First"}).status_code
        == 302
    )
    stale = client.post(f"/matters/{matter_id}/edit", data={**form, "summary": "Second"})
    assert "changed by someone else" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Matter, matter_id).summary == "First"


def test_the_matter_page_explains_a_move_the_guard_refuses(client, make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter(attorney=attorney)
    move_stage(matter, Stage.DEMAND, "Demand sent", make.actor(attorney), TODAY)
    place_hold(matter, HoldKind.BANKRUPTCY, TODAY, "Ch. 13 filed", make.actor(attorney), TODAY)
    login(client, attorney)
    page = client.get(f"/matters/{matter.id}").get_data(as_text=True)
    refused = page.split('id="refused-moves"')[1].split("</ul>")[0]
    assert "Litigation</strong> is not available: The debtor is in bankruptcy" in refused
    assert "Settlement</strong> is not available" in refused
    options = page.split('id="target"')[1].split("</select>")[0]
    assert 'value="litigation"' not in options
    assert 'value="negotiation"' in options


def test_the_compliance_report_lists_holds_and_this_months_refusals(client, make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter(attorney=attorney)
    actor = make.actor(attorney)
    move_stage(matter, Stage.DEMAND, "Demand sent", actor, TODAY)
    place_hold(matter, HoldKind.CEASE_COMMUNICATION, TODAY, "Letter of 20 Nov", actor, TODAY)
    place_hold(matter, HoldKind.BANKRUPTCY, TODAY, "Ch. 13 filed", actor, TODAY)
    login(client, attorney)
    client.post(
        f"/matters/{matter.id}/stage",
        data={"target": "litigation", "reason": "File suit"},
    )
    report = client.get("/compliance/").get_data(as_text=True)
    holds = report.split('id="holds-in-force"')[1].split("</section>")[0]
    assert "Cease communication" in holds
    assert "Bankruptcy stay" in holds
    assert "Letter of 20 Nov" in holds
    refusals = report.split('id="refusals"')[1]
    assert matter.reference in refusals
    assert "suit: bankruptcy_stay" in refusals


def test_the_compliance_report_lists_matters_near_or_past_their_limitation_date(client, make):
    def placed(number, due):
        return [InvoiceData(number, due - timedelta(days=30), due, 10_000)]

    barred = make.matter(invoices=placed("A-1", date(2020, 1, 10)))  # NY 6 years: 2026-01-10
    near = make.matter(invoices=placed("B-1", date(2021, 1, 20)))  # 2027-01-20
    fresh = make.matter(invoices=placed("C-1", date(2026, 1, 5)))
    login(client, make.user(Role.ATTORNEY))
    section = client.get("/compliance/").get_data(as_text=True).split('id="limitations"')[1]
    section = section.split("</section>")[0]
    assert barred.reference in section
    assert "passed" in section.split(near.reference)[0]
    assert near.reference in section
    assert fresh.reference not in section


def test_calls_and_notes_are_logged_from_the_matter_page_and_refusals_explained(client, make):
    paralegal = make.user(Role.PARALEGAL)
    matter = make.matter(paralegal=paralegal)  # commercial: the consumer call rules do not apply
    login(client, paralegal)
    client.post(f"/matters/{matter.id}/notes", data={"body": "Debtor's CFO is Ann Lee"})
    client.post(
        f"/matters/{matter.id}/calls",
        data={
            "at": "2026-11-20T10:30",
            "direction": "out",
            "phone": "(212) 555-0100",
            "outcome": "spoke",
            "notes": "Promised to pay half by Friday",
            "promise_on": "2026-11-27",
            "promise_amount": "625.00",
        },
    )
    page = client.get(f"/matters/{matter.id}").get_data(as_text=True)
    timeline = page.split('id="correspondence-timeline"')[1].split("</ol>")[0]
    assert "Debtor&#39;s CFO is Ann Lee" in timeline
    assert "promised $625.00 by Nov 27, 2026" in timeline
    place_hold(matter, HoldKind.BANKRUPTCY, TODAY, "Ch. 7", make.actor(paralegal), TODAY)
    refused = client.post(
        f"/matters/{matter.id}/calls",
        data={"at": "2026-11-24T11:00", "direction": "out", "outcome": "no_answer"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "automatic stay" in refused


def test_an_eml_recorded_from_the_matter_page_shows_with_its_attachment(client, make):
    paralegal = make.user(Role.PARALEGAL)
    matter = make.matter(paralegal=paralegal)
    login(client, paralegal)
    raw = eml([("statement.pdf", pdf_with_text("Statement of account"), "application", "pdf")])
    client.post(
        f"/matters/{matter.id}/emails",
        data={"direction": "in", "eml": (io.BytesIO(raw), "reply.eml")},
        content_type="multipart/form-data",
    )
    page = client.get(f"/matters/{matter.id}").get_data(as_text=True)
    timeline = page.split('id="correspondence-timeline"')[1].split("</ol>")[0]
    assert "Re: invoice 1040" in timeline
    assert "statement.pdf" in timeline
    assert "We will pay $625.00" in timeline


def test_the_compliance_report_lists_consumer_matters_in_their_validation_period(client, make):
    paralegal = make.user(Role.PARALEGAL)
    actor = make.actor(paralegal)
    running = make.matter(debt_type=DebtType.CONSUMER)
    finished = make.matter(debt_type=DebtType.CONSUMER)
    now = utcnow()
    log_letter(running, LetterKind.VALIDATION_NOTICE, now, "Validation notice", "", actor, now)
    long_ago = now - timedelta(days=60)
    log_letter(
        finished, LetterKind.VALIDATION_NOTICE, long_ago, "Validation notice", "", actor, now
    )
    login(client, make.user(Role.ATTORNEY))
    section = client.get("/compliance/").get_data(as_text=True).split('id="validation-periods"')[1]
    section = section.split("</section>")[0]
    assert running.reference in section
    assert finished.reference not in section


def test_a_call_logged_in_the_future_is_refused_with_a_message_on_the_matter_page(client, make):
    paralegal = make.user(Role.PARALEGAL)
    matter = make.matter(paralegal=paralegal)
    login(client, paralegal)
    page = client.post(
        f"/matters/{matter.id}/calls",
        data={"at": "2099-01-01T10:00", "direction": "out", "outcome": "no_answer"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Record a call once it has happened." in page
