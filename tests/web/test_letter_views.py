"""Letters over HTTP: choose, preview, generate, review, send, download."""

import io
import re
import zipfile

import docx
from sqlalchemy import select

from casefile.audit.models import AuditEvent
from casefile.diary.models import Task
from casefile.domain.parties import HoldKind
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.letters import library
from casefile.letters.models import Letter, LetterStatus
from casefile.matters.services import move_stage, place_hold
from casefile.types import utcnow
from tests.factories import TODAY
from tests.web.helpers import login

DEBTOR = "Smith & Sons <Holdings> LLC"


def setup_matter(make):
    attorney = make.user(Role.ATTORNEY, name="Dana Whitfield")
    paralegal = make.user(Role.PARALEGAL, name="Sam Okafor")
    matter = make.matter(
        debtor="Smith & Sons <Holdings> LLC", attorney=attorney, paralegal=paralegal
    )
    move_stage(matter, Stage.DEMAND, "Letters", make.actor(attorney), TODAY)
    return attorney, paralegal, matter


def template_id(key: str) -> int:
    from casefile.documents.store import document_store

    library.sync_catalog(document_store())
    return library.template_by_key(key).id


def test_the_matter_page_offers_letters_and_the_form_lists_those_for_the_stage(client, make):
    attorney, _paralegal, matter = setup_matter(make)
    login(client, attorney)
    page = client.get(f"/matters/{matter.id}").get_data(as_text=True)
    assert f'href="/letters/matters/{matter.id}/new"' in page
    form = client.get(f"/letters/matters/{matter.id}/new").get_data(as_text=True)
    assert "Final demand" in form
    assert "Follow-up" in form
    assert "Validation notice" not in form  # consumer only
    assert "Settlement agreement" not in form  # not at the demand stage


def test_preview_shows_the_text_and_stores_nothing(client, make):
    attorney, _paralegal, matter = setup_matter(make)
    login(client, attorney)
    response = client.post(
        f"/letters/matters/{matter.id}/new",
        data={"template": template_id("final_demand"), "action": "preview"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "FINAL DEMAND FOR PAYMENT" in page
    assert "Smith &amp; Sons &lt;Holdings&gt; LLC" in page
    assert db.session.scalar(select(Letter.id)) is None


def test_a_paralegal_generates_and_the_attorney_approves_then_it_is_sent(client, make):
    attorney, paralegal, matter = setup_matter(make)
    login(client, paralegal)
    response = client.post(
        f"/letters/matters/{matter.id}/new",
        data={"template": template_id("final_demand"), "action": "generate"},
    )
    letter = db.session.scalar(select(Letter))
    assert response.headers["Location"] == f"/letters/{letter.id}"
    assert letter.status is LetterStatus.AWAITING_APPROVAL
    timeline = client.get(f"/matters/{matter.id}").get_data(as_text=True)
    assert "Awaiting approval, not sent" in timeline  # a draft is no letter sent
    queue = client.get("/letters/queue").get_data(as_text=True)
    assert f'href="/letters/{letter.id}"' in queue
    draft = client.get(f"/letters/{letter.id}/download")
    assert "DRAFT" in draft.headers["Content-Disposition"]
    assert client.post(f"/letters/{letter.id}/approve").status_code == 403
    refused = client.post(
        f"/letters/{letter.id}/sent", data={"sent_on": "2026-11-24", "method": "mail"}
    )
    assert refused.status_code == 302
    db.session.expire_all()
    assert db.session.get(Letter, letter.id).status is LetterStatus.AWAITING_APPROVAL

    client.post("/logout")
    login(client, attorney)
    client.post(
        f"/letters/{letter.id}/approve",
        data={"documentation_reviewed": "y", "balance_verified": "y", "limitation_checked": "y"},
    )
    final = client.get(f"/letters/{letter.id}/download")
    assert "DRAFT" not in final.headers["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(final.data)).paragraphs)
    assert "Smith & Sons <Holdings> LLC" in text
    response = client.post(
        f"/letters/{letter.id}/sent",
        data={
            "sent_on": utcnow().date().isoformat(),
            "method": "certified_mail",
            "tracking_number": "9407-1",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    sent = db.session.get(Letter, letter.id)
    assert (sent.status, sent.tracking_number) == (LetterStatus.SENT, "9407-1")
    assert db.session.get(Task, sent.response_task_id).title == (
        "Response due: Final demand — next: Notice of intent to sue"
    )
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "letter").order_by(AuditEvent.id)
    ).all()
    assert actions == ["letter.generated", "letter.approved", "letter.sent"]
    page = client.get(f"/matters/{matter.id}").get_data(as_text=True)
    assert re.search(r"Final demand</a>.*?Sent", page, re.S)


def test_a_matter_in_bankruptcy_lists_the_demand_as_refused_with_the_reason(client, make):
    attorney, _paralegal, matter = setup_matter(make)
    place_hold(matter, HoldKind.BANKRUPTCY, TODAY, "Chapter 7", make.actor(attorney), TODAY)
    login(client, attorney)
    page = client.get(f"/letters/matters/{matter.id}/new").get_data(as_text=True)
    assert "<strong>Final demand</strong> is not available: The debtor is in bankruptcy" in page
    response = client.post(
        f"/letters/matters/{matter.id}/new",
        data={"template": template_id("final_demand"), "action": "generate"},
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(select(Letter.id)) is None


def test_a_document_link_to_a_generated_letter_goes_through_the_letter(client, make):
    attorney, _paralegal, matter = setup_matter(make)
    login(client, attorney)
    client.post(
        f"/letters/matters/{matter.id}/new",
        data={"template": template_id("first_reminder"), "action": "generate"},
    )
    letter = db.session.scalar(select(Letter))
    response = client.get(f"/documents/{letter.document_id}")
    assert response.headers["Location"] == f"/letters/{letter.id}/download"


def test_templates_page_lists_the_catalogue(client, make):
    login(client, make.user(Role.PARALEGAL))
    page = client.get("/letters/templates").get_data(as_text=True)
    for title in (
        "First reminder",
        "Final demand",
        "Payment plan agreement",
        "Client status report",
    ):
        assert title in page
    assert page.count("(shipped)") == 12


def upload_page(client, template_id: int, data: bytes, name: str = "v2.docx"):
    return client.post(
        f"/letters/templates/{template_id}/versions",
        data={"file": (io.BytesIO(data), name), "note": "Test"},
        content_type="multipart/form-data",
    )


def test_an_upload_with_an_unknown_field_is_refused_with_its_name(client, make):
    attorney = make.user(Role.ATTORNEY)
    login(client, attorney)
    document = docx.Document()
    document.add_paragraph("Dear {{ debtor.name }}, pay {{ amount_due }}.")
    out = io.BytesIO()
    document.save(out)
    response = upload_page(client, template_id("first_reminder"), out.getvalue())
    assert response.status_code == 422
    assert "The body uses unknown fields: “amount_due”" in response.get_data(as_text=True)
    assert library.version_count(template_id("first_reminder")) == 1


def test_uploads_need_an_attorney_and_a_recent_password(client, make, app):
    login(client, make.user(Role.PARALEGAL))
    assert upload_page(client, template_id("first_reminder"), b"x").status_code == 403
    client.post("/logout")
    login(client, make.user(Role.ATTORNEY))
    with client.session_transaction() as session:
        session["reauth_at"] = 0
    response = upload_page(client, template_id("first_reminder"), b"x")
    assert response.headers["Location"].startswith("/account/confirm")


def test_the_batch_page_generates_the_due_letters_and_offers_the_zip(make_app):
    from tests.factories import Factory

    app = make_app(LETTER_BATCH_MODE="inline")
    client = app.test_client()
    with app.app_context():
        make = Factory(app)
        attorney, _paralegal, matter = setup_matter(make)
        other = make.matter(debtor="No Address Ltd", attorney=attorney)
        move_stage(other, Stage.DEMAND, "Letters", make.actor(attorney), TODAY)
        place_hold(other, HoldKind.DISPUTE, TODAY, "Disputed by phone", make.actor(attorney), TODAY)
        ids = (matter.id, other.id)
        db.session.commit()
        login(client, attorney)
        page = client.get("/letters/batch?stage=demand").get_data(as_text=True)
        assert page.count('name="matter_ids"') == 2
        response = client.post("/letters/batch", data={"matter_ids": list(ids)})
        location = response.headers["Location"]
        run = client.get(location)
        text = run.get_data(as_text=True)
        assert "Refresh" not in run.headers
        assert "1 letters generated; 1 matters got none." in text
        assert "The debtor disputes the debt" in text
        archive = client.get(location + "/zip")
        assert archive.headers["Content-Type"] == "application/zip"
        assert db.session.scalar(select(Letter.matter_id)) == matter.id


def test_a_client_ladder_is_edited_on_its_page(client, make):
    admin = make.admin
    acme = make.client("Acme")
    login(client, admin)
    page = client.get(f"/letters/ladders/{acme.id}").get_data(as_text=True)
    assert "follows the firm’s ladder" in page
    data = {f"letters-{n}": "" for n in range(8)} | {f"waits-{n}": "" for n in range(8)}
    data |= {
        "letters-0": "final_demand",
        "waits-0": "0",
        "letters-1": "intent_to_sue",
        "waits-1": "7",
    }
    client.post(f"/letters/ladders/{acme.id}", data=data)
    from casefile.letters.escalation import ladder_for

    assert [(s.template.key, s.wait_days) for s in ladder_for(acme.id)] == [
        ("final_demand", 0),
        ("intent_to_sue", 7),
    ]


FAKE_SOFFICE = """#!/bin/sh
# A stand-in for LibreOffice: writes a PDF next to the .docx it was given.
while [ "$#" -gt 1 ]; do
  if [ "$1" = "--outdir" ]; then out="$2"; fi
  shift
done
printf '%%PDF-1.7 converted' > "$out/letter.pdf"
"""


def test_pdf_export_is_offered_only_when_libreoffice_is_installed(
    client, make, tmp_path, monkeypatch
):
    from casefile.letters import pdf

    attorney, _paralegal, matter = setup_matter(make)
    login(client, attorney)
    client.post(
        f"/letters/matters/{matter.id}/new",
        data={"template": template_id("first_reminder"), "action": "generate"},
    )
    letter = db.session.scalar(select(Letter))
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    assert 'id="pdf"' not in client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert client.get(f"/letters/{letter.id}/pdf").status_code == 302
    program = tmp_path / "soffice"
    program.write_text(FAKE_SOFFICE)
    program.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice", lambda: str(program))
    assert 'id="pdf"' in client.get(f"/letters/{letter.id}").get_data(as_text=True)
    response = client.get(f"/letters/{letter.id}/pdf")
    assert response.data == b"%PDF-1.7 converted"
    assert response.headers["Content-Type"] == "application/pdf"


def test_a_batch_in_its_own_thread_shows_progress_until_it_is_done(make_app):
    import time

    from tests.factories import Factory

    app = make_app(LETTER_BATCH_MODE="thread")
    client = app.test_client()
    with app.app_context():
        make = Factory(app)
        attorney, _paralegal, matter = setup_matter(make)
        db.session.commit()
        login(client, attorney)
        location = client.post("/letters/batch", data={"matter_ids": [matter.id]}).headers[
            "Location"
        ]
        for _attempt in range(100):
            page = client.get(location)
            if "Refresh" not in page.headers:
                break
            assert "working…" in page.get_data(as_text=True)
            time.sleep(0.1)
        assert "1 letters generated; 0 matters got none." in page.get_data(as_text=True)
        names = zipfile.ZipFile(io.BytesIO(client.get(location + "/zip").data)).namelist()
        assert names == [f"{matter.reference} First reminder {utcnow().date().isoformat()}.docx",
                         "report.csv"]  # fmt: skip
