"""Trust pages, remittance statements (Word and CSV, read back) and the portal's statements."""

import csv
import io

import docx
from sqlalchemy import func, select

from casefile.audit.models import AuditEvent
from casefile.domain.balance import EntryKind
from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.ledger.services import PaymentData, post_charge, record_payment
from casefile.trust import queries
from casefile.trust.models import Reconciliation, Remittance, TrustEntry
from casefile.web.helpers import today
from tests.factories import TODAY
from tests.web.helpers import login


def _collected(make, client_name="Smith & Sons <Wholesale>", payer="Debtor Inc."):
    """A client with $1,234.57 collected into trust and $95.00 of costs advanced."""
    attorney = make.user(Role.ATTORNEY)
    client = make.client(client_name, fee_basis_points=2500)
    matter = make.matter(client=client, attorney=attorney, debtor="Hart & Daughters LLC")
    actor = make.actor(attorney)
    post_charge(matter, EntryKind.COST, TODAY, 9_500, "Filing fee", actor, TODAY)
    record_payment(matter, PaymentData(TODAY, 123_457, "check", payer, "CHK-77"), actor, TODAY)
    return attorney, client, matter


def _run(client, through=None):
    return client.post(
        "/trust/remittances",
        data={"through": (through or today()).isoformat(), "nonce": "run-1"},
        follow_redirects=True,
    )


def test_the_trust_page_shows_each_clients_ledger_and_the_journal(client, make):
    attorney, firm_client, matter = _collected(make)
    login(client, attorney)
    page = client.get("/trust/").get_data(as_text=True)
    assert "Smith &amp; Sons &lt;Wholesale&gt;" in page
    assert page.count("$1,234.57") >= 3  # client ledger, sum of ledgers, journal balance
    ledger = client.get(f"/trust/clients/{firm_client.id}").get_data(as_text=True)
    assert matter.reference in ledger
    assert "CHK-77" in ledger


def test_paralegals_and_clients_cannot_open_the_trust_pages(client, make):
    _collected(make)
    login(client, make.user(Role.PARALEGAL))
    assert client.get("/trust/").status_code == 403
    assert _run(client).status_code == 403


def test_preview_then_run_creates_a_statement_that_explains_itself(client, make):
    attorney, firm_client, matter = _collected(make)
    login(client, attorney)
    preview = client.get(f"/trust/remittances?through={today().isoformat()}")
    body = preview.get_data(as_text=True)
    # 25 % of 123,457 c = 30,864.25 → $308.64; costs $95.00; net 123,457 − 30,864 − 9,500
    assert "$308.64" in body
    assert "$95.00" in body
    assert "$830.93" in body
    assert db.session.scalar(select(func.count(Remittance.id))) == 0  # a preview moves nothing
    done = _run(client).get_data(as_text=True)
    assert "1 remittance statement(s) created." in done
    remittance = db.session.scalar(select(Remittance))
    statement = client.get(f"/trust/remittances/{remittance.id}").get_data(as_text=True)
    assert remittance.reference in statement
    assert matter.reference in statement
    assert "$830.93" in statement
    assert "CHK-77" in statement
    assert queries.client_balance(firm_client.id) == 0
    again = _run(client).get_data(as_text=True)
    assert "No payments are waiting to be remitted." in again


def test_the_word_statement_opens_and_reads_back_with_every_figure(client, make):
    attorney, firm_client, matter = _collected(make)
    login(client, attorney)
    _run(client)
    remittance = db.session.scalar(select(Remittance))
    response = client.get(f"/trust/remittances/{remittance.id}/statement.docx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "To: Smith & Sons <Wholesale>" in text  # escaped for Word, not truncated
    assert f"Remittance statement {remittance.reference}" in text
    for figure in ("$1,234.57", "$308.64", "$95.00", "$830.93", matter.reference, "CHK-77"):
        assert figure in cells, figure
    assert "Hart & Daughters LLC" in cells
    assert not any("{{" in c or "{%" in c for c in cells + [text])


def test_the_csv_statement_adds_up_to_the_net_and_cannot_run_formulas(client, make):
    attorney, _, matter = _collected(make, payer='=HYPERLINK("http://evil.test")')
    login(client, attorney)
    _run(client)
    remittance = db.session.scalar(select(Remittance))
    response = client.get(f"/trust/remittances/{remittance.id}/statement.csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r["line"] for r in rows] == ["payment", "contingency fee", "costs reimbursed"]
    assert sum(int(r["amount"].replace(".", "")) for r in rows) == remittance.net_cents
    assert rows[0]["payer"].startswith("'=")
    assert rows[0]["matter"] == matter.reference


def test_a_client_user_finds_and_downloads_only_their_own_statements(client, make):
    attorney, firm_client, _ = _collected(make, client_name="Alpha Supplies")
    _, other_client, _ = _collected(make, client_name="Beta Foods")
    login(client, attorney)
    _run(client)
    client.post("/logout")
    mine = db.session.scalar(select(Remittance).where(Remittance.client_id == firm_client.id))
    theirs = db.session.scalar(select(Remittance).where(Remittance.client_id == other_client.id))
    login(client, make.user(Role.CLIENT, client=firm_client))
    listing = client.get("/portal/remittances").get_data(as_text=True)
    assert mine.reference in listing
    assert theirs.reference not in listing
    assert "$830.93" in client.get(f"/portal/remittances/{mine.id}").get_data(as_text=True)
    download = client.get(f"/portal/remittances/{mine.id}/statement.docx")
    assert download.status_code == 200
    assert docx.Document(io.BytesIO(download.data)).tables
    assert client.get(f"/portal/remittances/{theirs.id}/statement.csv").status_code == 404
    audited = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "trust.statement_downloaded")
    )
    assert audited == 1


def test_a_refund_larger_than_the_client_holds_is_refused_with_the_reason(client, make):
    attorney, firm_client, _ = _collected(make)
    login(client, attorney)
    before = db.session.scalar(select(func.count(TrustEntry.id)))
    form = {
        "kind": "refund",
        "client_id": firm_client.id,
        "matter": "",
        "on": today().isoformat(),
        "amount": "2,000.00",
        "counterparty": "Debtor Inc.",
        "reference": "",
        "memo": "Overpayment",
        "nonce": "refund-1",
    }
    page = client.post("/trust/movements/new", data=form).get_data(as_text=True)
    assert "would take its ledger below zero" in page
    assert db.session.scalar(select(func.count(TrustEntry.id))) == before
    ok = client.post("/trust/movements/new", data={**form, "amount": "34.57"})
    assert ok.status_code == 302
    assert queries.client_balance(firm_client.id) == 120_000


def test_only_an_admin_enters_the_bank_statement(client, make):
    attorney, _, _ = _collected(make)
    month = {"month": "2026-10", "statement_balance": "0.00", "note": ""}
    login(client, attorney)
    assert client.get("/trust/reconciliations").status_code == 200
    assert client.post("/trust/reconciliations", data=month).status_code == 403
    client.post("/logout")
    login(client, make.user(Role.ADMIN))
    page = client.post("/trust/reconciliations", data=month, follow_redirects=True)
    assert "Reconciliation for October 2026 recorded." in page.get_data(as_text=True)
    assert "balanced" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Reconciliation.id))) == 1
    bad = client.post("/trust/reconciliations", data={**month, "month": "October"})
    assert "Enter the month as YYYY-MM" in bad.get_data(as_text=True)
