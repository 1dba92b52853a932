"""A client user places matters from an export through the portal."""

import io
from pathlib import Path

from sqlalchemy import func, select

from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.intake.models import ImportBatch
from casefile.matters.models import Matter
from tests.web.helpers import login

QUICKBOOKS = (
    Path(__file__).resolve().parent.parent / "fixtures" / "quickbooks-ar-aging-detail.csv"
).read_bytes()


def _upload(client, data: bytes, name="aging.csv"):
    return client.post(
        "/portal/imports",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_upload_preview_then_place(client, make):
    placing = make.client("Northwind Supply Co.")
    login(client, make.user(Role.CLIENT, client=placing))
    uploaded = _upload(client, QUICKBOOKS)
    assert uploaded.status_code == 302
    preview = client.get(uploaded.headers["Location"]).get_data(as_text=True)
    assert "33</strong> invoice(s) found for <strong>15</strong> customer(s)" in preview
    assert "Credit" not in preview.split('id="rows"')[1]  # the credit memo is not a row to place
    assert db.session.scalar(select(func.count(Matter.id))) == 0  # a preview places nothing
    batch = db.session.scalar(select(ImportBatch))
    done = client.post(
        f"/portal/imports/{batch.id}/place",
        data={"debt_type": "commercial", "jurisdiction": "NY"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "15 matter(s) placed for review" in done
    assert db.session.scalar(select(func.count(Matter.id))) == 15
    mine = client.get("/portal/").get_data(as_text=True)
    assert "Nguyen Family Farms" in mine


def test_a_bad_file_is_refused_next_to_the_field(client, make):
    placing = make.client()
    login(client, make.user(Role.CLIENT, client=placing))
    page = _upload(client, b"name,total\nAcme,1\n").get_data(as_text=True)
    assert "No header row found" in page
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0


def test_the_template_downloads_with_the_documented_columns(client, make):
    login(client, make.user(Role.CLIENT, client=make.client()))
    response = client.get("/portal/imports/template.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    header = response.data.decode().splitlines()[0]
    assert header.startswith("customer,invoice_number,issue_date,due_date,amount")


def test_staff_use_the_intake_queue_not_the_portal_import(client, make):
    login(client, make.user(Role.ATTORNEY))
    assert client.get("/portal/imports").status_code == 403


def test_an_export_of_another_layout_is_read_once_its_columns_are_mapped(client, make):
    login(client, make.user(Role.CLIENT, client=make.client()))
    export = (
        b"Client;Doc no;Doc date;Pay by;Outstanding\n"
        b"Acme GmbH;R-1;15.08.2026;14.09.2026;1.234,50\n"
        b"Acme GmbH;R-2;01.09.2026;01.10.2026;99,00\n"
    )
    uploaded = _upload(client, export, "sage.csv")
    columns_page = client.get(uploaded.headers["Location"], follow_redirects=True)
    assert "Client · Doc no · Doc date · Pay by · Outstanding" in columns_page.get_data(
        as_text=True
    )
    batch = db.session.scalar(select(ImportBatch))
    mapping = {
        "customer": "0",
        "invoice_number": "1",
        "issue_date": "2",
        "due_date": "3",
        "amount": "4",
        "currency": "",
        "date_format": "%d.%m.%Y",
        "decimal_comma": "y",
    }
    preview = client.post(
        f"/portal/imports/{batch.id}/columns", data=mapping, follow_redirects=True
    ).get_data(as_text=True)
    assert "2</strong> invoice(s) found for <strong>1</strong> customer(s)" in preview
    assert "$1,234.50" in preview
    missing = client.post(
        f"/portal/imports/{batch.id}/columns", data={**mapping, "amount": ""}
    ).get_data(as_text=True)
    assert "Say which column holds: amount" in missing
