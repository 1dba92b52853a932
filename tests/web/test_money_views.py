"""The Money tab and the portal's balance, over HTTP."""

import time
from datetime import timedelta

from sqlalchemy import func, select

from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.ledger.models import LedgerEntry
from casefile.ledger.services import PaymentData, record_payment
from casefile.matters.services import InvoiceData
from casefile.web.helpers import today
from tests.web.helpers import login


def _matter(make, attorney=None):
    due = today() - timedelta(days=365)
    return make.matter(
        attorney=attorney, invoices=[InvoiceData("INV-9", due - timedelta(days=30), due, 365_000)]
    )


def _entries() -> int:
    return db.session.scalar(select(func.count(LedgerEntry.id)))


def _payment_form(**changes):
    form = {
        "on": today().isoformat(),
        "amount": "250.00",
        "method": "check",
        "payer": "Debtor Inc.",
        "reference": "CHK 501",
        "received_by": "firm",
        "memo": "",
        "nonce": "form-nonce-1",
    }
    return {**form, **changes}


def test_the_money_tab_explains_the_balance(client, make):
    attorney = make.user(Role.ATTORNEY)
    matter = _matter(make, attorney)
    login(client, attorney)
    page = client.get(f"/matters/{matter.id}/money").get_data(as_text=True)
    # 365,000 c × 9% × 365 days / 365 = 32,850 c of NY statutory interest
    assert "$328.50" in page
    assert "$3,978.50" in page  # total owed
    assert "New York statutory rate (CPLR 5001, 5004)" in page
    assert "$0.90 a day" in page  # per-diem: 365,000 × 9% / 365 = 90 c
    earlier = client.get(
        f"/matters/{matter.id}/money?as_of={(today() - timedelta(days=265)).isoformat()}"
    ).get_data(as_text=True)
    assert "$90.00" in earlier  # 100 days of interest


def test_a_paralegal_records_a_payment_once_even_if_sent_twice(client, make):
    paralegal = make.user(Role.PARALEGAL)
    matter = _matter(make)
    login(client, paralegal)
    first = client.post(f"/matters/{matter.id}/money/payments", data=_payment_form())
    again = client.post(f"/matters/{matter.id}/money/payments", data=_payment_form())
    assert first.headers["Location"] == f"/matters/{matter.id}/money"
    assert again.headers["Location"] == f"/matters/{matter.id}/money"
    assert _entries() == 1
    assert db.session.scalar(select(LedgerEntry.amount_cents)) == 25_000


def test_a_bad_amount_is_explained_and_nothing_recorded(client, make):
    paralegal = make.user(Role.PARALEGAL)
    matter = _matter(make)
    login(client, paralegal)
    response = client.post(
        f"/matters/{matter.id}/money/payments", data=_payment_form(amount="12.345")
    )
    assert "at most two decimals" in response.get_data(as_text=True)
    assert _entries() == 0


def test_a_duplicate_reference_is_refused_next_to_the_field(client, make):
    paralegal = make.user(Role.PARALEGAL)
    matter = _matter(make)
    login(client, paralegal)
    client.post(f"/matters/{matter.id}/money/payments", data=_payment_form())
    response = client.post(
        f"/matters/{matter.id}/money/payments", data=_payment_form(nonce="another-form")
    )
    assert "is already recorded on this matter" in response.get_data(as_text=True)
    assert _entries() == 1


def test_paralegals_cannot_adjust_or_reverse(client, make):
    paralegal = make.user(Role.PARALEGAL)
    matter = _matter(make)
    login(client, paralegal)
    page = client.get(f"/matters/{matter.id}/money").get_data(as_text=True)
    assert "Adjust the balance" not in page
    response = client.post(
        f"/matters/{matter.id}/money/adjustments",
        data={
            "component": "interest",
            "direction": "-",
            "on": today().isoformat(),
            "amount": "10.00",
            "memo": "waive",
            "nonce": "n",
        },
    )
    assert response.status_code == 403
    assert _entries() == 0


def test_money_moves_need_a_recent_password(make_app, make):
    app = make_app(REAUTH_WINDOW=timedelta(0))
    client = app.test_client()
    paralegal = make.user(Role.PARALEGAL)
    matter = _matter(make)
    login(client, paralegal)
    time.sleep(1.01)
    response = client.post(
        f"/matters/{matter.id}/money/payments",
        data=_payment_form(),
        headers={"Referer": f"http://localhost/matters/{matter.id}/money"},
    )
    assert response.headers["Location"].startswith("/account/confirm")
    assert f"next=/matters/{matter.id}/money" in response.headers["Location"]
    assert _entries() == 0


def test_the_client_sees_balance_and_payments_but_not_internal_notes(client, make):
    attorney = make.user(Role.ATTORNEY)
    matter = _matter(make, attorney)
    record_payment(
        matter,
        PaymentData(today(), 10_000, "check", "Debtor", memo="debtor sounded evasive"),
        make.actor(attorney),
        today(),
    )
    login(client, make.user(Role.CLIENT, client=matter.client))
    page = client.get(f"/portal/matters/{matter.id}").get_data(as_text=True)
    assert "Balance today" in page
    assert "$100.00" in page
    assert "evasive" not in page
    assert client.get(f"/matters/{matter.id}/money").status_code == 403
