"""Uploaded templates are untrusted: checked before they are kept, refused with the exact
problem, rendered in a bounded child process, and versioned."""

import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from sqlalchemy import select

from casefile.audit.models import AuditEvent
from casefile.documents.services import Upload
from casefile.documents.store import document_store
from casefile.domain.errors import NotPermittedError
from casefile.domain.money import format_cents
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.letters import checks, library, sandbox, services, uploads
from casefile.letters.checks import TemplateRefused, check_template
from casefile.letters.context import build_context
from casefile.letters.models import LetterTemplateVersion
from casefile.matters.services import move_stage
from tests.factories import TODAY

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def word(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, change) -> bytes:
    """`data` (a .docx) with its parts passed through `change(name, bytes) -> bytes | None`
    and any extra parts `change` adds under the name None."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, change(item.filename, source.read(item.filename)))
        for name, body in change(None, b"") or []:
            target.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


GOOD = word(
    "{{ letter.date | date }}",
    "{{ debtor.name }}",
    "Dear {{ debtor.salutation }}, you owe {{ balance.total_cents | money }} to {{ client.name }}.",
    "{{ attorney.name }}",
)


def test_a_clean_template_passes_and_lists_its_fields():
    checked = check_template("reminder.docx", GOOD)
    assert checked.fields == {"letter", "debtor", "balance", "client", "attorney"}
    assert checked.repaired_tags == []


def test_smart_quotes_in_tags_are_repaired_and_reported_with_the_exact_tag():
    data = word("Pay by {{ letter.pay_by | date }}", "{{ “Dear” }} {{ debtor.name }}")
    checked = check_template("quotes.docx", data)
    assert checked.repaired_tags == ["{{ “Dear” }}"]


@pytest.mark.parametrize(
    ("paragraph", "message"),
    [
        ("Dear {{ debtor_name }}", "unknown fields: “debtor_name”"),
        ("Dear {{ debtor.nmae }}", "“nmae”, which is not a known field"),
        ("{{ ''.__class__.__mro__ }}", "reaches for “__mro__”"),
        ("{{ cycler.__init__.__globals__ }}", "reaches for “__globals__”"),
        ("{{ cycler }}", "unknown fields: “cycler”"),
        ("{% include 'x.docx' %}", "may not load other templates"),
        ("{% for i in invoices %}{{ i.number }}", "is not valid"),
        ("{{ letter.title | money }}", "whole cents"),
    ],
)
def test_a_bad_template_is_refused_with_the_exact_problem(paragraph, message):
    with pytest.raises(TemplateRefused, match=message):
        check_template("bad.docx", word(paragraph))


def test_an_injection_template_is_refused():
    hostile = word("{{ debtor.name.__class__.__base__.__subclasses__() }}")
    with pytest.raises(TemplateRefused, match="a template may only use fields"):
        check_template("hostile.docx", hostile)


def test_a_loop_that_never_ends_is_stopped_by_the_time_limit(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT_SECONDS", 3)
    endless = word(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    with pytest.raises(TemplateRefused, match="longer than 3 seconds"):
        check_template("loop.docx", endless)


def test_a_template_that_eats_memory_is_stopped():
    with pytest.raises(TemplateRefused, match="MemoryError|memory"):
        check_template("memory.docx", word("{{ letter.title * 1000000000 }}"))


def test_files_that_are_not_plain_word_documents_are_refused_before_opening():
    with pytest.raises(TemplateRefused, match="named .docx but its content is"):
        check_template("letter.docx", b"%PDF-1.7 not a docx")
    with pytest.raises(TemplateRefused, match="only PDF, Word"):
        check_template("letter.docm", GOOD)
    with pytest.raises(TemplateRefused, match="larger than 5 MB"):
        check_template("big.docx", GOOD + b"\0" * checks.MAX_TEMPLATE_BYTES)
    bomb = rezip(
        GOOD, lambda name, body: [("word/padding.xml", b"0" * 20_000_000)] if name is None else body
    )
    with pytest.raises(TemplateRefused, match="zip bomb"):
        check_template("bomb.docx", bomb)
    dtd = rezip(
        GOOD,
        lambda name, body: (
            body.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x "y">]>', 1)
            if name == "word/document.xml"
            else (None if name is None else body)
        ),
    )
    with pytest.raises(TemplateRefused, match="DOCTYPE"):
        check_template("dtd.docx", dtd)
    macro = rezip(
        GOOD, lambda name, body: [("word/vbaProject.bin", b"VBA")] if name is None else body
    )
    with pytest.raises(TemplateRefused, match="macros"):
        check_template("macro.docx", macro)


@pytest.fixture
def attorney(make):
    return make.user(Role.ATTORNEY, name="Dana Whitfield")


def test_a_new_version_is_kept_and_used_and_the_letter_names_it(app, make, attorney):
    store = document_store()
    library.sync_catalog(store)
    reminder = library.template_by_key("first_reminder")
    data = word(
        "NEW VERSION for {{ debtor.name }}: {{ balance.total_cents | money }}",
        "{{ “Signed” }} {{ attorney.name }}",
    )
    version = uploads.add_version(
        reminder, Upload("reminder-v2.docx", data), "Shorter", make.actor(attorney), NOW, store
    )
    assert version.number == 2
    assert not version.trusted
    assert version.note == "Shorter\nSmart quotes straightened in: {{ “Signed” }}"
    matter = make.matter(debtor="Smith & Sons <Holdings> LLC", attorney=attorney)
    move_stage(matter, Stage.DEMAND, "Letters", make.actor(attorney), TODAY)
    letter = services.generate_letter(matter, reminder, make.actor(attorney), NOW, store)
    assert letter.template_version.number == 2
    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(store.read(letter.document.sha256))).paragraphs
    )
    total = build_context(matter, reminder, NOW.date())["balance"]["total_cents"]
    assert f"NEW VERSION for Smith & Sons <Holdings> LLC: {format_cents(total)}" in text
    assert "Signed Dana Whitfield" in text
    versions = db.session.scalars(
        select(LetterTemplateVersion.number).where(LetterTemplateVersion.template_id == reminder.id)
    ).all()
    assert sorted(versions) == [1, 2]
    assert (
        db.session.scalar(
            select(AuditEvent.summary).where(AuditEvent.action == "letter_template.version_added")
        )
        == "First reminder v2 from reminder-v2.docx"
    )


def test_a_refused_upload_keeps_nothing(app, make, attorney):
    store = document_store()
    library.sync_catalog(store)
    reminder = library.template_by_key("first_reminder")
    with pytest.raises(TemplateRefused, match="“debtor_nmae”"):
        uploads.add_version(
            reminder,
            Upload("v2.docx", word("{{ debtor_nmae }}")),
            "",
            make.actor(attorney),
            NOW,
            store,
        )
    assert library.version_count(reminder.id) == 1


def test_a_paralegal_cannot_upload_templates(app, make):
    store = document_store()
    library.sync_catalog(store)
    with pytest.raises(NotPermittedError):
        uploads.add_version(
            library.template_by_key("first_reminder"),
            Upload("v2.docx", GOOD),
            "",
            make.actor(make.user(Role.PARALEGAL)),
            NOW,
            store,
        )


def test_a_new_template_with_its_metadata(app, make, attorney):
    meta = uploads.TemplateMeta(
        key="courtesy_call_confirmation",
        title="Call confirmation",
        purpose="Confirms what was agreed on a call.",
        stages=("demand", "negotiation"),
        debt_types=("commercial",),
        letter_kind="collection",
        addressed_to="debtor",
        needs_approval=False,
        pay_within_business_days=5,
        response_days=7,
    )
    template = uploads.create_template(
        meta, Upload("call.docx", GOOD), "", make.actor(attorney), NOW, document_store()
    )
    assert template.stage_list == ["demand", "negotiation"]
    assert library.current_version(template).number == 1
    with pytest.raises(Exception, match="exists"):
        uploads.create_template(
            meta, Upload("call.docx", GOOD), "", make.actor(attorney), NOW, document_store()
        )
