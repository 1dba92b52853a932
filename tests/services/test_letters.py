"""Generating letters: every figure exact, every field filled, the guard obeyed, drafts reviewed.

Each generated DOCX is opened with python-docx and read as a user would read it."""

import io
from datetime import UTC, date, datetime, timedelta

import docx
import pytest
from sqlalchemy import select

from casefile.audit.models import AuditEvent
from casefile.audit.services import Actor
from casefile.compliance.models import AttorneyReview
from casefile.compliance.reviews import Checklist
from casefile.correspondence.models import Channel, Correspondence
from casefile.diary.models import Task
from casefile.documents.models import Document
from casefile.documents.store import document_store
from casefile.domain.compliance import Action
from casefile.domain.errors import CasefileError, NotPermittedError
from casefile.domain.letters import walk
from casefile.domain.parties import DebtType, HoldEnd, HoldKind, PartyKind
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.ledger.services import PaymentData, record_payment
from casefile.letters import library, services
from casefile.letters.context import Terms, build_context, reference_context
from casefile.letters.fields import FIELDS, specimen
from casefile.letters.models import Letter, LetterStatus, SendMethod
from casefile.letters.rendering import LetterFault, render_letter
from casefile.matters.services import (
    AddressData,
    InvoiceData,
    MatterData,
    PartyData,
    create_matter,
    lift_hold,
    move_stage,
    place_hold,
)
from tests.factories import TODAY

CHECKED = Checklist(documentation_reviewed=True, balance_verified=True, limitation_checked=True)
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # a Tuesday
DEBTOR = "Smith & Sons <Holdings> LLC"
PAYMENT = PaymentData(date(2026, 10, 15), 20_000, "check", DEBTOR, "CK-1")


def text_of(data: bytes) -> str:
    """All the text a reader sees: body paragraphs, table rows, header and footer."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    section = document.sections[0]
    lines += [p.text for p in section.header.paragraphs]
    lines += [p.text for p in section.footer.paragraphs]
    return "\n".join(lines)


def letter_text(letter: Letter) -> str:
    return text_of(document_store().read(letter.document.sha256))


@pytest.fixture
def people(make):
    return {
        "attorney": make.user(Role.ATTORNEY, name="Dana Whitfield"),
        "paralegal": make.user(Role.PARALEGAL, name="Sam Okafor"),
    }


def make_matter(make, people, debt_type=DebtType.COMMERCIAL, stage=Stage.DEMAND, name=DEBTOR):
    client = make.client("Acme Industrial Supply Co.")
    kind = PartyKind.PERSON if debt_type is DebtType.CONSUMER else PartyKind.BUSINESS
    data = MatterData(
        client_id=client.id,
        debt_type=debt_type,
        jurisdiction="NY",
        placed_on=date(2026, 9, 1),
        attorney_id=people["attorney"].id,
        paralegal_id=people["paralegal"].id,
    )
    party = PartyData(
        name=name,
        kind=kind,
        emails=["ap@smith-sons.example"],
        phones=["(518) 555-0142"],
        addresses=[
            AddressData(line1="45 Elm Street", city="Albany", region="NY", postal_code="12207")
        ],
    )
    invoices = [
        InvoiceData("INV-1001", date(2026, 6, 1), date(2026, 7, 1), 125_000),
        InvoiceData("INV-1002", date(2026, 6, 15), date(2026, 7, 15), 48_050),
    ]
    actor = make.actor(people["attorney"])
    matter = create_matter(data, party, invoices, actor, TODAY)
    for step in PATH_TO[stage]:
        move_stage(matter, step, "Letters test", actor, TODAY)
    return matter


PATH_TO = {
    Stage.OPEN: [],
    Stage.DEMAND: [Stage.DEMAND],
    Stage.NEGOTIATION: [Stage.DEMAND, Stage.NEGOTIATION],
}


def template(key):
    library.sync_catalog(document_store())
    return library.template_by_key(key)


TERMS = {
    "settlement": Terms(150_000, date(2026, 12, 15)),
    "plan": Terms(180_000, date(2026, 12, 15), down_payment_cents=30_000, count=6),
    "missed": Terms(25_000, date(2026, 11, 15)),
}


def test_the_final_demand_states_every_name_address_invoice_amount_and_date(app, make, people):
    matter = make_matter(make, people)
    actor = make.actor(people["attorney"])
    record_payment(
        matter, PaymentData(date(2026, 10, 15), 20_000, "check", DEBTOR, "CK-1"), actor, TODAY
    )
    letter = services.generate_letter(
        matter, template("final_demand"), actor, NOW, document_store()
    )
    text = letter_text(letter)
    context = build_context(matter, letter.template, NOW.date())
    balance = context["balance"]
    assert DEBTOR in text  # autoescaped, not truncated, no XML injected
    assert "45 Elm Street\nAlbany, NY 12207" in text
    assert "Acme Industrial Supply Co." in text
    assert "INV-1001 | June 1, 2026 | July 1, 2026 | $1,250.00" in text
    assert "INV-1002 | June 15, 2026 | July 15, 2026 | $480.50" in text
    assert "Total of the invoices |  |  | $1,730.50" in text
    assert "Invoices (principal) | $1,730.50" in text
    assert "Payments received | -$200.00" in text
    interest = balance["interest_cents"]
    assert interest > 0
    assert f"Interest to November 24, 2026 | ${interest // 100}.{interest % 100:02d}" in text
    total = 173_050 + interest - 20_000
    assert balance["total_cents"] == total
    assert f"Owed on November 24, 2026 | ${total // 100:,}.{total % 100:02d}" in text
    # Ten business days after Tuesday 24 November 2026, skipping Thanksgiving (26 November).
    assert "to be received no later than December 9, 2026" in text
    assert "Dana Whitfield\nAttorney at Law\nCasefile Demo Firm LLP" in text
    assert f"Our reference {matter.reference}" in text  # the footer
    assert "Casefile Demo Firm LLP" in text.splitlines()[-4:][0] or "Casefile Demo Firm" in text
    assert "debt collector" not in text  # a commercial matter gets no consumer notice


def test_a_generated_letter_is_a_document_and_an_outgoing_letter_in_the_correspondence(
    app, make, people
):
    matter = make_matter(make, people)
    actor = make.actor(people["attorney"])
    letter = services.generate_letter(
        matter, template("first_reminder"), actor, NOW, document_store()
    )
    item = db.session.get(Correspondence, letter.correspondence_id)
    assert (item.channel, item.direction, item.subject) == (Channel.LETTER, "out", "First reminder")
    document = db.session.get(Document, letter.document_id)
    assert document.correspondence_id == item.id
    assert document.matter_id == matter.id
    assert not document.client_visible
    assert DEBTOR in document.text  # the text is kept for reading and search
    assert letter.template_version.number == 1
    assert letter.template_version.trusted
    assert letter.status is LetterStatus.READY
    events = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "letter")
    ).all()
    assert events == ["letter.generated"]


@pytest.mark.parametrize("debt_type", [DebtType.CONSUMER, DebtType.COMMERCIAL])
def test_every_shipped_template_renders_for_a_consumer_and_a_commercial_matter(
    app, make, people, debt_type
):
    matter = make_matter(make, people, debt_type=debt_type)
    matter.client.contact_name, matter.client.address = "Rosa Martinez", "12 Harbor Road\nNewark"
    actor = make.actor(people["attorney"])
    store = document_store()
    record_payment(
        matter, PaymentData(date(2026, 10, 15), 20_000, "check", DEBTOR, "C1"), actor, TODAY
    )
    first = services.generate_letter(matter, template("first_reminder"), actor, NOW, store)
    services.mark_sent(first, services.Sending(NOW.date(), SendMethod.MAIL), actor, NOW.date())
    rendered = 0
    for row in library.all_templates():
        if debt_type.value not in row.debt_type_list:
            continue
        for stage in row.stage_list[:1]:
            matter.stage = Stage(stage)
            draft = services.draft_letter(matter, row, NOW.date(), store, TERMS.get(row.terms))
            text = draft.text
            assert matter.reference in text_of(draft.data)
            name = "Acme Industrial Supply Co." if row.addressed_to == "client" else DEBTOR
            assert name in text_of(draft.data), row.key
            assert not {"{{", "{%"} & {text[i : i + 2] for i in range(len(text))}, row.key
            rendered += 1
    db.session.rollback()
    assert rendered == (12 if debt_type is DebtType.CONSUMER else 11)


def test_the_consumer_validation_notice_carries_regulation_f_itemisation(app, make, people):
    matter = make_matter(make, people, debt_type=DebtType.CONSUMER, stage=Stage.OPEN)
    letter = services.generate_letter(
        matter, template("validation_notice"), make.actor(people["attorney"]), NOW, document_store()
    )
    text = letter_text(letter)
    context = build_context(matter, letter.template, NOW.date())
    item = context["validation"]["itemization"]
    assert item["date"] == "2026-07-15"  # the latest invoice's due date
    assert (
        item["amount_cents"]
        + item["interest_since_cents"]
        + item["fees_since_cents"]
        - (item["paid_since_cents"])
        == item["current_cents"]
    )
    assert "As of July 15, 2026, you owed:" in text
    # Mailed Tuesday 24 November: received after five business days (Thanksgiving skipped:
    # 2 December), then 30 days.
    assert context["validation"]["period_end"] == "2027-01-01"
    assert "Call or write to us by January 1, 2027 to dispute" in text
    assert "This communication is from a debt collector." in text


def test_settlement_and_plan_agreements_state_their_terms(app, make, people):
    matter = make_matter(make, people, stage=Stage.NEGOTIATION)
    actor = make.actor(people["attorney"])
    store = document_store()
    settlement = services.generate_letter(
        matter, template("settlement_agreement"), actor, NOW, store, TERMS["settlement"]
    )
    text = letter_text(settlement)
    assert "will accept $1,500.00 in full and final settlement" in text
    assert "no later than December 15, 2026" in text
    plan = services.generate_letter(
        matter, template("payment_plan_agreement"), actor, NOW, store, TERMS["plan"]
    )
    text = letter_text(plan)
    assert "including a down payment of $300.00" in text
    rows = [line for line in text.splitlines() if line[:2] in {f"{n} " for n in range(7)}]
    amounts = [line.rsplit("$", 1)[1] for line in rows]
    assert rows[0].startswith("0 | December 15, 2026 | $300.00")
    assert len(rows) == 7
    assert sum(int(a.replace(",", "").replace(".", "")) for a in amounts) == 180_000
    assert "Total |  | $1,800.00" in text


def test_terms_are_required_for_a_letter_that_needs_them(app, make, people):
    matter = make_matter(make, people, stage=Stage.NEGOTIATION)
    with pytest.raises(CasefileError, match="Enter the settlement terms"):
        services.generate_letter(
            matter,
            template("settlement_agreement"),
            make.actor(people["attorney"]),
            NOW,
            document_store(),
        )
    assert db.session.scalar(select(Letter.id)) is None


def test_a_paralegals_final_demand_waits_for_an_attorneys_approval(app, make, people):
    matter = make_matter(make, people)
    paralegal, attorney = make.actor(people["paralegal"]), make.actor(people["attorney"])
    letter = services.generate_letter(
        matter, template("final_demand"), paralegal, NOW, document_store()
    )
    assert letter.status is LetterStatus.AWAITING_APPROVAL
    with pytest.raises(CasefileError, match="Only an approved"):
        services.mark_sent(letter, services.Sending(TODAY, SendMethod.MAIL), paralegal, TODAY)
    with pytest.raises(NotPermittedError):
        services.approve_letter(letter, CHECKED, paralegal, NOW)
    with pytest.raises(CasefileError, match="every check: limitation checked"):
        services.approve_letter(letter, Checklist(True, True, False), attorney, NOW)
    assert letter.status is LetterStatus.AWAITING_APPROVAL
    services.approve_letter(letter, CHECKED, attorney, NOW)
    assert letter.status is LetterStatus.READY
    assert letter.reviewed_by_id == people["attorney"].id
    review = db.session.scalar(select(AttorneyReview).where(AttorneyReview.matter_id == matter.id))
    assert (review.action, review.reviewed_by_id) == (Action.LETTER, people["attorney"].id)


def test_a_returned_letter_carries_the_comment_and_can_never_be_sent(app, make, people):
    matter = make_matter(make, people)
    paralegal, attorney = make.actor(people["paralegal"]), make.actor(people["attorney"])
    letter = services.generate_letter(
        matter, template("final_demand"), paralegal, NOW, document_store()
    )
    with pytest.raises(CasefileError, match="Say what needs to change"):
        services.return_letter(letter, " ", attorney, NOW)
    services.return_letter(letter, "Add the call of 3 November.", attorney, NOW)
    assert letter.status is LetterStatus.RETURNED
    assert letter.review_comment == "Add the call of 3 November."
    with pytest.raises(CasefileError):
        services.mark_sent(letter, services.Sending(TODAY, SendMethod.MAIL), paralegal, TODAY)


def test_a_letter_not_needing_approval_is_final_at_once_even_from_a_paralegal(app, make, people):
    matter = make_matter(make, people)
    letter = services.generate_letter(
        matter, template("first_reminder"), make.actor(people["paralegal"]), NOW, document_store()
    )
    assert letter.status is LetterStatus.READY


def test_marking_a_letter_sent_sets_the_response_deadline_in_the_diary(app, make, people):
    matter = make_matter(make, people)
    actor = make.actor(people["attorney"])
    letter = services.generate_letter(
        matter, template("first_reminder"), actor, NOW, document_store()
    )
    with pytest.raises(CasefileError, match="tracking number"):
        services.mark_sent(
            letter, services.Sending(NOW.date(), SendMethod.CERTIFIED_MAIL), actor, NOW.date()
        )
    with pytest.raises(CasefileError, match="once it has been sent"):
        services.mark_sent(
            letter,
            services.Sending(NOW.date() + timedelta(days=1), SendMethod.MAIL),
            actor,
            NOW.date(),
        )
    services.mark_sent(
        letter,
        services.Sending(NOW.date(), SendMethod.CERTIFIED_MAIL, "9407 1000 0000 0000 0000 01"),
        actor,
        NOW.date(),
    )
    assert letter.status is LetterStatus.SENT
    assert letter.sent_on == NOW.date()
    assert letter.tracking_number == "9407 1000 0000 0000 0000 01"
    # 14 days after Tuesday 24 November is Tuesday 8 December.
    assert letter.response_due_on == date(2026, 12, 8)
    task = db.session.get(Task, letter.response_task_id)
    assert (task.title, task.due_on, task.owner_id, task.matter_id) == (
        "Response due: First reminder — next: Follow-up",
        date(2026, 12, 8),
        people["paralegal"].id,
        matter.id,
    )
    # The follow-up now refers to the letter that went out.
    follow = services.generate_letter(matter, template("follow_up"), actor, NOW, document_store())
    text = letter_text(follow)
    assert "On November 24, 2026 we wrote to you about the unpaid invoices" in text
    assert "(First reminder)" in text


def test_a_follow_up_without_a_letter_sent_before_is_refused_naming_the_field(app, make, people):
    matter = make_matter(make, people)
    with pytest.raises(LetterFault, match="last_letter"):
        services.generate_letter(
            matter, template("follow_up"), make.actor(people["attorney"]), NOW, document_store()
        )
    assert db.session.scalar(select(Letter.id)) is None
    assert db.session.scalar(select(Document.id)) is None


def test_a_matter_in_bankruptcy_gets_no_demand_but_the_client_still_gets_a_report(
    app, make, people
):
    matter = make_matter(make, people)
    actor = make.actor(people["attorney"])
    hold = place_hold(
        matter, HoldKind.BANKRUPTCY, TODAY, "Chapter 7 petition 26-10001", actor, TODAY
    )
    reason = services.refusal(matter, template("final_demand"), NOW)
    assert "bankruptcy" in reason
    assert "362" in reason
    with pytest.raises(CasefileError, match="bankruptcy"):
        services.generate_letter(matter, template("final_demand"), actor, NOW, document_store())
    assert db.session.scalar(select(Letter.id)) is None
    refused = db.session.scalar(
        select(AuditEvent.summary).where(AuditEvent.action == "compliance.refused")
    )
    assert "bankruptcy_stay" in refused
    with pytest.raises(LetterFault, match="“client.address_lines” is empty"):
        services.generate_letter(matter, template("status_report"), actor, NOW, document_store())
    matter.client.contact_name, matter.client.address = "Rosa Martinez", "12 Harbor Road\nNewark"
    report = services.generate_letter(
        matter, template("status_report"), actor, NOW, document_store()
    )
    assert report.status is LetterStatus.READY
    lift_hold(hold, "Case dismissed", actor, NOW, HoldEnd.DISMISSED)
    assert (
        services.generate_letter(
            matter, template("final_demand"), actor, NOW, document_store()
        ).status
        is LetterStatus.READY
    )


def test_a_hold_placed_after_approval_stops_the_letter_being_sent(app, make, people):
    matter = make_matter(make, people)
    actor = make.actor(people["attorney"])
    letter = services.generate_letter(
        matter, template("first_reminder"), actor, NOW, document_store()
    )
    place_hold(matter, HoldKind.CEASE_COMMUNICATION, TODAY, "Letter from debtor", actor, TODAY)
    with pytest.raises(CasefileError, match="stop communicating"):
        services.mark_sent(letter, services.Sending(NOW.date(), SendMethod.MAIL), actor, NOW.date())
    assert db.session.get(Letter, letter.id).status is LetterStatus.READY


def test_a_draft_is_no_communication_for_the_guard_until_it_is_sent(app, make, people):
    from casefile.compliance.services import matter_facts

    matter = make_matter(make, people, debt_type=DebtType.CONSUMER, stage=Stage.OPEN)
    actor = make.actor(people["paralegal"])
    letter = services.generate_letter(
        matter, template("validation_notice"), actor, NOW, document_store()
    )
    assert letter.status is LetterStatus.AWAITING_APPROVAL
    facts = matter_facts(matter)
    assert facts.validation_notice_on is None
    assert facts.first_communication_on is None
    services.approve_letter(letter, CHECKED, make.actor(people["attorney"]), NOW)
    services.mark_sent(letter, services.Sending(NOW.date(), SendMethod.MAIL), actor, NOW.date())
    assert matter_facts(matter).validation_notice_on == NOW.date()


def test_a_template_not_for_the_stage_or_debt_type_is_refused(app, make, people):
    matter = make_matter(make, people, stage=Stage.OPEN)
    actor = make.actor(people["attorney"])
    with pytest.raises(CasefileError, match="not used at the Open stage"):
        services.generate_letter(matter, template("final_demand"), actor, NOW, document_store())
    with pytest.raises(CasefileError, match="only for consumer"):
        services.generate_letter(
            matter, template("validation_notice"), actor, NOW, document_store()
        )


def test_a_matter_without_an_attorney_cannot_get_a_signed_letter(app, make, people):
    matter = make.matter()  # open, no attorney assigned
    with pytest.raises(LetterFault, match="“attorney” is empty"):
        services.generate_letter(
            matter,
            template("first_reminder"),
            make.actor(people["attorney"]),
            NOW,
            document_store(),
        )


def test_the_field_table_documents_exactly_what_the_builder_makes(app, make, people):
    matter = make_matter(make, people)
    actor = make.actor(people["attorney"])
    record_payment(
        matter, PaymentData(date(2026, 10, 15), 20_000, "check", DEBTOR, "CK-1"), actor, TODAY
    )
    letter = services.generate_letter(
        matter, template("first_reminder"), actor, NOW, document_store()
    )
    services.mark_sent(letter, services.Sending(NOW.date(), SendMethod.MAIL), actor, NOW.date())
    context = reference_context(matter, NOW.date())
    made = {path for path, _value in walk(context)}
    assert made == set(FIELDS)
    assert {path for path, _value in walk(specimen())} == set(FIELDS)
    real = dict(walk(context))
    for path, (_text, example) in FIELDS.items():
        if example is not None:
            assert type(real[path]) is type(example), path


def test_the_field_reference_shows_every_field_with_a_real_example(app, make, people, client):
    from tests.web.helpers import login

    make_matter(make, people)
    login(client, people["paralegal"])
    page = client.get("/letters/fields").get_data(as_text=True)
    for path in ("debtor.name", "invoices[].amount_cents", "plan.installments[].due_on"):
        assert f"<code>{path}</code>" in page
    assert "Smith &amp; Sons &lt;Holdings&gt; LLC" in page


# Rendering: strict and sandboxed, whatever the template says.


def word(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_unknown_field_is_refused_naming_it():
    with pytest.raises(LetterFault, match="“debtor_nmae”, which is not a known field"):
        render_letter(word("Dear {{ debtor_nmae }}"), specimen())
    with pytest.raises(LetterFault, match="“nmae”"):
        render_letter(word("Dear {{ debtor.nmae }}"), specimen())


def test_an_empty_field_is_refused_never_left_blank():
    context = specimen()
    context["debtor"]["email"] = ""
    with pytest.raises(LetterFault, match="“debtor.email” is empty"):
        render_letter(word("Write to {{ debtor.email }}"), context)
    context["invoices"][1]["number"] = " "
    with pytest.raises(LetterFault, match=r"“invoices\[2\].number” is empty"):
        render_letter(word("{% for i in invoices %}{{ i.number }}{% endfor %}"), context)
    with pytest.raises(LetterFault, match="“debtor.email” is empty"):
        render_letter(word("{{ debtor.email | address }}"), context)


@pytest.mark.parametrize(
    "tag",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ debtor.update({'name': 'x'}) }}",
    ],
)
def test_a_template_cannot_reach_python_internals_or_change_the_data(tag):
    with pytest.raises(LetterFault):
        render_letter(word(tag), specimen())


def test_names_with_markup_characters_appear_exactly():
    context = specimen()
    context["debtor"]["name"] = 'A&B <Corp> "Quoted" </w:t></w:r><w:r><w:t>Injected'
    text = text_of(render_letter(word("Dear {{ debtor.name }}, you owe."), context))
    assert 'Dear A&B <Corp> "Quoted" </w:t></w:r><w:r><w:t>Injected, you owe.' in text


def test_money_filter_takes_only_whole_cents():
    with pytest.raises(LetterFault, match="whole cents"):
        render_letter(word("{{ letter.title | money }}"), specimen())


@pytest.mark.parametrize("debt_type", [DebtType.CONSUMER, DebtType.COMMERCIAL])
def test_every_shipped_template_renders_for_a_demo_matter(app, debt_type):
    """The demo firm's own matters: every template for the debt type renders, no unknown field."""
    from casefile.demo import load_demo
    from casefile.matters.models import Hold, Matter

    load_demo()
    store = document_store()
    matter = db.session.scalar(
        select(Matter)
        .where(
            Matter.debt_type == debt_type,
            Matter.stage == Stage.DEMAND,
            Matter.attorney_id.is_not(None),
            ~Matter.holds.any(Hold.lifted_at.is_(None)),
        )
        .order_by(Matter.id)
        .limit(1)
    )
    actor = Actor(matter.attorney, "test")
    first = services.store_letter(
        matter,
        services.draft_letter(matter, template("first_reminder"), NOW.date(), store),
        actor,
        NOW,
        store,
    )
    services.mark_sent(first, services.Sending(NOW.date(), SendMethod.MAIL), actor, NOW.date())
    for row in library.all_templates():
        if debt_type.value not in row.debt_type_list:
            continue
        version, data = services.current_source(row, store)
        context = build_context(matter, row, NOW.date(), TERMS.get(row.terms))
        text = text_of(render_letter(data, context))
        assert matter.reference in text, row.key


def test_a_letter_on_a_time_barred_debt_says_the_debt_will_not_be_sued_on(app, make, people):
    matter = make_matter(make, people)
    attorney = make.actor(people["attorney"])
    fresh = services.generate_letter(
        matter, template("first_reminder"), attorney, NOW, document_store()
    )
    assert "Because of the age of your debt" not in letter_text(fresh)
    place_hold(matter, HoldKind.TIME_BARRED, TODAY, "Last payment 2019", attorney, TODAY)
    barred = services.generate_letter(
        matter, template("first_reminder"), attorney, NOW, document_store()
    )
    assert (
        "The law limits how long you can be sued on a debt. Because of the age of your debt, "
        "we will not sue you for it." in letter_text(barred)
    )
