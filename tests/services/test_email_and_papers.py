"""E-mails (.eml) and papers received: stored with their attachments, whose text is read for
search; a file that cannot be read is kept and says so."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from casefile.compliance.services import ComplianceRefusal
from casefile.correspondence.models import Channel, Correspondence
from casefile.correspondence.services import log_email, log_paper, parse_eml
from casefile.documents.models import Document
from casefile.documents.services import Upload
from casefile.documents.store import DocumentStore
from casefile.domain.parties import HoldKind
from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.matters.services import place_hold
from tests.factories import TODAY
from tests.files import eml, pdf_with_text, word_with_text

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


@pytest.fixture
def case(make, tmp_path):
    paralegal = make.actor(make.user(Role.PARALEGAL))
    return make.matter(), paralegal, DocumentStore(tmp_path / "documents")


def test_an_eml_is_stored_with_its_attachments_and_their_text(case):
    matter, paralegal, store = case
    word = "application", "vnd.openxmlformats-officedocument.wordprocessingml.document"
    data = parse_eml(
        eml(
            [
                (
                    "payment-plan.docx",
                    word_with_text("Proposed payment plan: six installments"),
                    *word,
                ),
                ("setup.exe", b"MZ\x90\x00", "application", "octet-stream"),
            ]
        ),
        NOW,
    )
    assert data.sent_at == datetime(2026, 11, 20, 14, 15, tzinfo=UTC)
    item = log_email(matter, data, "in", paralegal, NOW, store)
    assert (item.channel, item.sender, item.subject) == (
        Channel.EMAIL,
        "Ann Lee <ann@harborfoods.example>",
        "Re: invoice 1040",
    )
    assert "We will pay $625.00 by the 15th of December." in item.body
    assert "Not kept: setup.exe" in item.body
    [attachment] = db.session.scalars(select(Document)).all()
    assert attachment.correspondence_id == item.id
    assert "six installments" in attachment.text
    assert (attachment.text_status, attachment.client_visible) == ("ok", False)
    assert store.read(attachment.sha256).startswith(b"PK")


def test_a_paper_received_keeps_its_text_or_says_why_not(case):
    matter, paralegal, store = case
    answer = Upload("answer.pdf", pdf_with_text("ANSWER TO THE COMPLAINT"))
    log_paper(matter, answer, NOW, "Answer to the complaint", paralegal, NOW, store)
    damaged = Upload("scan.pdf", b"%PDF-1.7 this file was cut short")
    log_paper(matter, damaged, NOW, "Court notice (damaged scan)", paralegal, NOW, store)
    good, bad = db.session.scalars(select(Document).order_by(Document.id)).all()
    assert "ANSWER TO THE COMPLAINT" in good.text
    assert good.text_status == "ok"
    assert bad.text == ""
    assert bad.text_status.startswith("the text could not be read")
    assert store.read(bad.sha256) == damaged.data  # stored all the same


def test_an_email_to_a_debtor_in_bankruptcy_is_refused_and_nothing_is_kept(case):
    matter, paralegal, store = case
    place_hold(matter, HoldKind.BANKRUPTCY, TODAY, "Ch. 7", paralegal, TODAY)
    data = parse_eml(eml([("plan.docx", word_with_text("plan"), "application", "msword")]), NOW)
    with pytest.raises(ComplianceRefusal, match="automatic stay"):
        log_email(matter, data, "out", paralegal, NOW, store)
    assert db.session.scalar(select(Correspondence)) is None
    assert db.session.scalar(select(Document)) is None
    assert not (store.root.exists() and any(p.is_file() for p in store.root.rglob("*")))
