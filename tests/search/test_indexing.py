"""The index follows the database: after each commit, never before, and nothing is lost."""

import multiprocessing
import random
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from casefile import create_app
from casefile.audit.services import Actor
from casefile.auth.models import User
from casefile.correspondence.models import Correspondence
from casefile.correspondence.services import log_email, log_note, parse_eml
from casefile.database import transaction
from casefile.documents.store import DocumentStore
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.models import Matter
from casefile.matters.services import InvoiceData, move_stage
from casefile.search.models import SearchOutbox
from casefile.search.records import all_documents
from casefile.search.sync import drain, search_index, wait_until_indexed
from tests.conftest import TEST_CONFIG
from tests.factories import TODAY, Factory
from tests.files import eml, word_with_text
from tests.search.conftest import NOW, find, keys

WORD = "application", "vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_an_email_is_found_by_a_word_in_its_attachment_and_by_a_stemmed_form(
    make, paralegal, tmp_path
):
    matter = make.matter(debtor="Harbor Foods LLC")
    attachment = word_with_text("Wage garnishment at Quarry Logistics begins in January")
    data = parse_eml(eml([("garnishment.docx", attachment, *WORD)]), NOW)
    item = log_email(matter, data, "in", paralegal, NOW, DocumentStore(tmp_path / "docs"))

    page = find("quarry")
    assert keys(page) == {f"c{item.id}"}
    [hit] = page.hits
    assert (hit.reference, hit.debtor, hit.channel, hit.direction) == (
        matter.reference,
        "Harbor Foods LLC",
        "email",
        "in",
    )
    assert '<mark class="match term0">Quarry</mark>' in hit.snippet
    assert keys(find("garnishments")) == {f"c{item.id}"}  # stemmed: garnishment(s)
    assert keys(find('"wage garnishment"')) == {f"c{item.id}"}


def test_matter_fields_are_searchable(make):
    invoice = "INV-77341"
    matter = make.matter(
        debtor="Quintessa Marlowe Ltd",
        invoices=[InvoiceData(invoice, TODAY, TODAY, 50_000)],
    )
    for text in (
        "quintessa",
        f"invoice:{invoice}",
        matter.reference,
        f"reference:{matter.reference}",
    ):
        assert f"m{matter.id}" in keys(find(text)), text


def test_a_rolled_back_write_leaves_no_index_entry(make, paralegal):
    matter = make.matter()

    def note_then_fail():
        with transaction():
            log_note(matter, "Debtor mentioned a zeppelin hangar", False, paralegal, NOW)
            raise RuntimeError("something later in the same transaction failed")

    with pytest.raises(RuntimeError):
        note_then_fail()
    assert db.session.scalar(select(func.count(SearchOutbox.id))) == 0
    assert find("zeppelin").hits == []
    assert db.session.scalar(select(func.count(Correspondence.id))) == 0


def test_nothing_is_indexed_before_the_commit(make, paralegal):
    matter = make.matter()
    with transaction():
        log_note(matter, "Walrus sighting at the debtor's warehouse", False, paralegal, NOW)
        assert find("walrus").hits == []  # inside the transaction: not yet
    assert len(find("walrus").hits) == 1


def test_a_stage_move_reindexes_the_matters_entries(make, note):
    matter = make.matter()
    item = note(matter, "Debtor asked about the hovercraft invoice")
    assert keys(find("hovercraft", stage="demand")) == set()
    move_stage(matter, Stage.DEMAND, "Demand letter sent", make.actor(), TODAY)
    assert keys(find("hovercraft", stage="demand")) == {f"c{item.id}"}


def test_verify_detects_a_deleted_entry_and_rebuild_repairs_it(app, make, note):
    matter = make.matter()
    item = note(matter, "The debtor's accountant called about the marmalade shipment")
    runner = app.test_cli_runner()
    db.session.commit()  # the commands write from their own connection
    assert runner.invoke(args=["search", "verify"]).exit_code == 0

    with search_index().exclusive(wait=True):
        writer = search_index().open().writer()
        writer.delete_by_term("key", f"c{item.id}")
        writer.commit()
    assert find("marmalade").hits == []
    db.session.commit()
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 1
    assert (
        f"1 missing, 0 stale, 0 not in the database; 0 changes queued.\n  missing: c{item.id}"
        in (result.output)
    )

    db.session.commit()
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "entries" in result.output
    assert runner.invoke(args=["search", "verify"]).exit_code == 0
    assert keys(find("marmalade")) == {f"c{item.id}"}


def test_verify_reports_a_stale_entry(app, make, note):
    matter = make.matter(debtor="Original Name Corp")
    note(matter, "First contact")
    db.session.execute(
        Matter.__table__.update().where(Matter.id == matter.id).values(party_names="Renamed Corp")
    )  # a change made behind the app's back, so nothing was queued
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["search", "verify"])
    assert result.exit_code == 1
    assert "2 stale" in result.output


def test_a_busy_index_leaves_the_work_queued_and_the_holder_picks_it_up(app, make, note):
    matter = make.matter()
    index = search_index()
    with index.exclusive(wait=True):  # another process is writing the index
        item = note(matter, "Pelican crossing near the debtor's office")
        assert db.session.scalar(select(func.count(SearchOutbox.id))) == 1
    assert find("pelican").hits == []
    db.session.commit()
    drain(app)  # what the holder does after releasing the lock
    assert keys(find("pelican")) == {f"c{item.id}"}
    assert db.session.scalar(select(func.count(SearchOutbox.id))) == 0


def _writer_process(url: str, instance: str, user_id: int, matter_id: int, worker: int) -> None:
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url}, instance_path=instance)
    with app.app_context():
        actor = Actor(db.session.get(User, user_id), "10.0.0.1")
        for n in range(WRITES):
            matter = db.session.get(Matter, matter_id)
            log_note(matter, f"concurrency marker w{worker}n{n} kestrel", False, actor, NOW)
        db.engine.dispose()


WORKERS, WRITES = 4, 8


def test_several_processes_writing_at_once_lose_nothing(app, make, paralegal):
    matter = make.matter()
    matter_id, user_id = matter.id, paralegal.user_id
    db.session.commit()  # and hold no lock while the workers write
    url, instance = app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_writer_process, args=(url, instance, user_id, matter_id, w))
        for w in range(WORKERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * WORKERS

    # No process met a lock error, and each row left by a process that found the index busy
    # was taken by the holder when it looked again after releasing the lock.
    assert len(find("kestrel").hits) == WORKERS * WRITES
    assert db.session.scalar(select(func.count(SearchOutbox.id))) == 0
    result = app.test_cli_runner().invoke(args=["search", "verify"])
    assert result.exit_code == 0, result.output


def test_a_phrase_matches_only_its_words_side_by_side(make, note):
    matter = make.matter()
    together = note(matter, "The wage garnishment starts in January.")
    note(matter, "Garnishment of wages was discussed; wage claim pending.")
    assert keys(find('"wage garnishment"')) == {f"c{together.id}"}
    assert keys(find('"garnishment starts in january"')) == {f"c{together.id}"}
    [hit] = find('"wage garnishment"').hits
    assert '<mark class="match term0">wage</mark>' in hit.snippet.lower()


def test_a_command_indexes_before_it_exits_even_in_background_mode(make_app):
    app = make_app(SEARCH_INDEXING="background")
    with app.app_context():
        make = Factory(app)
        matter = make.matter()
        log_note(matter, "Ocelot sighting in the warehouse", False, make.actor(), NOW)
        assert len(find("ocelot").hits) == 1  # no request, no thread: indexed in the command


def test_the_first_request_indexes_what_an_earlier_process_left_queued(make_app):
    writer = make_app(SEARCH_INDEXING="off")  # a process that stopped before indexing
    with writer.app_context():
        make = Factory(writer)
        matter = make.matter()
        log_note(matter, "Narwhal tusk invoice dispute", False, make.actor(), NOW)
        assert db.session.scalar(select(func.count(SearchOutbox.id))) > 0
    server = make_app(SEARCH_INDEXING="background")
    server.test_client().get("/login")
    assert wait_until_indexed(server)
    with server.app_context():
        assert len(find("narwhal").hits) == 1
        assert db.session.scalar(select(func.count(SearchOutbox.id))) == 0


def test_a_rebuild_writes_the_entries_newest_first(app, make, note):
    """So a search sorted by date reads only the first matches of the rebuilt segment."""
    rng = random.Random(4)
    for placed in (date(2026, 3, 1), date(2026, 9, 1), date(2026, 1, 5)):
        matter = make.matter(placed_on=placed)
        for _ in range(5):
            when = datetime(2026, rng.randint(1, 11), rng.randint(1, 28), 9, tzinfo=UTC)
            note(matter, "Called about the balance", at=when)
            note(matter, "Called again the same hour", at=when)
    db.session.commit()

    in_batches_of_four = list(all_documents(db.session, batch=4))
    days = [document["day"] for document in in_batches_of_four]
    assert days == sorted(days, reverse=True)
    assert len({document["key"] for document in in_batches_of_four}) == 3 + 30

    result = app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    with search_index().searcher() as searcher:
        indexed = [fields["day"] for _, fields in sorted(searcher.reader().iter_docs())]
    assert indexed == sorted(days, reverse=True)
