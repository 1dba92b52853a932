"""Batches and the escalation ladder: the next letter for many matters, zipped; a matter that
cannot get one is reported with the reason and has nothing half-done."""

import csv
import io
import zipfile
from datetime import UTC, date, datetime

import docx
import pytest
from sqlalchemy import func, select

from casefile.audit.models import AuditEvent
from casefile.correspondence.models import Correspondence
from casefile.documents.models import Document
from casefile.documents.services import Upload
from casefile.documents.store import document_store
from casefile.domain.errors import CasefileError
from casefile.domain.parties import HoldKind
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.letters import batch, escalation, library, services, uploads
from casefile.letters.models import Letter, LetterStatus, SendMethod
from casefile.matters.services import InvoiceData, move_stage, place_hold
from tests.factories import TODAY

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


@pytest.fixture
def firm(make):
    attorney = make.user(Role.ATTORNEY, name="Dana Whitfield")
    library.sync_catalog(document_store())
    client = make.client("Acme Industrial Supply Co.")
    matters = []
    for n in range(4):
        matter = make.matter(
            client=client,
            debtor=f"Debtor {n} & Co <Ltd>",
            attorney=attorney,
            invoices=[InvoiceData(f"A-{n}", date(2026, 5, 1), date(2026, 6, 1), 10_000 * (n + 1))],
        )
        move_stage(matter, Stage.DEMAND, "Letters", make.actor(attorney), TODAY)
        matters.append(matter)
    return attorney, client, matters


def test_a_batch_with_one_bad_matter_produces_the_others_and_reports_it(app, make, firm):
    attorney, _client, matters = firm
    actor = make.actor(attorney)
    place_hold(matters[2], HoldKind.BANKRUPTCY, TODAY, "Chapter 7", actor, TODAY)
    ids = [m.id for m in matters]
    run = batch.start_batch(ids, actor)
    batch.run_batch(run, ids, actor, NOW, document_store())
    assert (run.done, run.total) == (4, 4)
    assert run.finished_at is not None
    archive = zipfile.ZipFile(io.BytesIO(document_store().read(run.zip_sha256)))
    names = sorted(archive.namelist())
    assert len(names) == 4  # three letters and the report
    for n in (0, 1, 3):
        [name] = [x for x in names if x.startswith(matters[n].reference)]
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(archive.read(name))).paragraphs)
        assert f"Debtor {n} & Co <Ltd>" in text
        assert f"A-{n}" in "\n".join(
            c.text
            for t in docx.Document(io.BytesIO(archive.read(name))).tables
            for r in t.rows
            for c in r.cells
        )
    report = list(csv.reader(io.StringIO(archive.read("report.csv").decode())))
    refused = [row for row in report if row[2] == "refused"]
    assert refused == [[matters[2].reference, "", "refused", refused[0][3]]]
    assert "bankruptcy" in refused[0][3]
    # Nothing half-done for the refused matter: no letter, no document, no correspondence.
    bad = matters[2].id
    assert db.session.scalar(select(func.count()).where(Letter.matter_id == bad)) == 0
    assert db.session.scalar(select(func.count()).where(Document.matter_id == bad)) == 0
    assert db.session.scalar(select(func.count()).where(Correspondence.matter_id == bad)) == 0
    assert db.session.scalar(select(func.count(Letter.id)).where(Letter.batch_id == run.id)) == 3
    refusal = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "compliance.refused"))
    assert refusal.matter_id == bad
    assert "bankruptcy_stay" in refusal.summary


def test_the_ladder_moves_a_matter_on_after_the_waiting_days(app, make, firm):
    attorney, client, matters = firm
    actor = make.actor(attorney)
    ladder = escalation.ladder_for(client.id)
    assert [s.template.key for s in ladder] == [
        "first_reminder",
        "follow_up",
        "final_demand",
        "intent_to_sue",
    ]
    matter = matters[0]
    first = escalation.next_step(matter, ladder, NOW.date())
    assert first.due
    assert first.step.template.key == "first_reminder"
    letter = services.generate_letter(matter, first.step.template, actor, NOW, document_store())
    pending = escalation.next_step(matter, ladder, NOW.date())
    assert pending.reason == "A First reminder is already ready."
    services.mark_sent(
        letter, services.Sending(date(2026, 11, 24), SendMethod.MAIL), actor, NOW.date()
    )
    waiting = escalation.next_step(matter, ladder, date(2026, 12, 7))
    assert not waiting.due
    assert waiting.reason == "Follow-up is due on 2026-12-08."
    assert escalation.next_step(matter, ladder, date(2026, 12, 8)).due


def test_a_clients_own_ladder_replaces_the_firms(app, make, firm):
    attorney, client, matters = firm
    admin = make.actor(make.admin)
    escalation.set_ladder(client.id, [("final_demand", 0), ("intent_to_sue", 7)], admin)
    ladder = escalation.ladder_for(client.id)
    assert [(s.template.key, s.wait_days) for s in ladder] == [
        ("final_demand", 0),
        ("intent_to_sue", 7),
    ]
    assert escalation.next_step(matters[0], ladder, NOW.date()).step.template.key == "final_demand"
    other = make.client("Other Co")
    assert escalation.ladder_for(other.id)[0].template.key == "first_reminder"
    with pytest.raises(CasefileError, match="letter to the debtor"):
        escalation.set_ladder(client.id, [("status_report", 0)], admin)
    ids = [matters[0].id]
    run = batch.start_batch(ids, make.actor(make.user(Role.PARALEGAL)))
    batch.run_batch(run, ids, make.actor(make.user(Role.PARALEGAL)), NOW, document_store())
    letter = db.session.scalar(select(Letter).where(Letter.batch_id == run.id))
    assert letter.template.key == "final_demand"
    assert letter.status is LetterStatus.AWAITING_APPROVAL  # a paralegal's batch waits too
    archive = zipfile.ZipFile(io.BytesIO(document_store().read(run.zip_sha256)))
    assert any(name.startswith("DRAFT ") for name in archive.namelist())


def test_an_uploaded_version_renders_a_chunk_in_one_bounded_child(app, make, firm, monkeypatch):
    attorney, _client, matters = firm
    actor = make.actor(attorney)
    document = docx.Document()
    document.add_paragraph("UPLOADED: {{ debtor.name }} owes {{ balance.total_cents | money }}.")
    out = io.BytesIO()
    document.save(out)
    reminder = library.template_by_key("first_reminder")
    uploads.add_version(
        reminder, Upload("v2.docx", out.getvalue()), "", actor, NOW, document_store()
    )
    children = []
    real = batch.render_bounded

    def counted(data, contexts):
        children.append(len(contexts))
        return real(data, contexts)

    monkeypatch.setattr(batch, "render_bounded", counted)
    ids = [m.id for m in matters]
    run = batch.start_batch(ids, actor)
    batch.run_batch(run, ids, actor, NOW, document_store())
    assert children == [4]
    letters = db.session.scalars(select(Letter).where(Letter.batch_id == run.id)).all()
    assert [letter.template_version.number for letter in letters] == [2, 2, 2, 2]
    assert all(letter.document.text.startswith("UPLOADED: Debtor ") for letter in letters)
