"""Several server processes writing at once lose nothing, and a stale edit is refused."""

import multiprocessing

import pytest
from sqlalchemy import select

from casefile import create_app
from casefile.audit.services import Actor, verify_chain
from casefile.auth.models import User
from casefile.domain.errors import StaleEditError
from casefile.domain.parties import DebtType, PartyKind
from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.matters.models import Matter
from casefile.matters.services import (
    InvoiceData,
    MatterData,
    PartyData,
    create_matter,
    update_matter,
)
from tests.conftest import TEST_CONFIG
from tests.factories import TODAY

WORKERS, ROUNDS = 4, 12


def _matter_data(matter: Matter, summary: str) -> MatterData:
    return MatterData(
        client_id=matter.client_id,
        debt_type=matter.debt_type,
        jurisdiction=matter.jurisdiction,
        placed_on=matter.placed_on,
        attorney_id=matter.attorney_id,
        paralegal_id=matter.paralegal_id,
        client_reference=matter.client_reference,
        summary=summary,
    )


def _worker(
    url: str, instance: str, worker: int, user_id: int, matter_id: int, client_id: int
) -> None:
    """One server process: append lines to the shared matter and place new matters."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url}, instance_path=instance)
    with app.app_context():
        actor = Actor(db.session.get(User, user_id), f"10.0.0.{worker}")
        for n in range(ROUNDS):
            while True:  # read, change, save; a stale save is refused and tried again
                db.session.rollback()
                matter = db.session.get(Matter, matter_id)
                version = matter.version
                summary = f"{matter.summary}\nworker {worker} round {n}".strip()
                try:
                    update_matter(matter, _matter_data(matter, summary), version, actor, TODAY)
                    break
                except StaleEditError:
                    continue
            create_matter(
                MatterData(
                    client_id=client_id,
                    debt_type=DebtType.COMMERCIAL,
                    jurisdiction="NY",
                    placed_on=TODAY,
                ),
                PartyData(name=f"Debtor {worker}-{n}", kind=PartyKind.BUSINESS),
                [InvoiceData(f"W{worker}-{n}", TODAY, TODAY, 1000)],
                actor,
                TODAY,
            )
        db.engine.dispose()


def test_parallel_processes_lose_no_update(app, make):
    attorney = make.user(Role.ATTORNEY)
    shared = make.matter(attorney=attorney)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    args = (attorney.id, shared.id, shared.client_id)
    db.session.commit()

    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_worker, args=(url, app.instance_path, w, *args))
        for w in range(WORKERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * WORKERS

    db.session.expire_all()
    lines = db.session.get(Matter, shared.id).summary.splitlines()
    expected = {f"worker {w} round {n}" for w in range(WORKERS) for n in range(ROUNDS)}
    assert len(lines) == len(expected)
    assert set(lines) == expected
    references = db.session.scalars(select(Matter.reference).order_by(Matter.reference)).all()
    numbers = [int(reference.rsplit("-", 1)[1]) for reference in references]
    assert numbers == list(range(1, WORKERS * ROUNDS + 2))  # unique, none skipped or reused
    assert verify_chain().ok


def test_a_stale_edit_is_refused_and_the_first_save_survives(app, make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter(attorney=attorney)
    actor = make.actor(attorney)
    opened_version = matter.version  # both people open the edit form now
    update_matter(
        matter, _matter_data(matter, "First editor's summary"), opened_version, actor, TODAY
    )
    with pytest.raises(StaleEditError, match="changed by someone else"):
        update_matter(
            matter, _matter_data(matter, "Second editor's summary"), opened_version, actor, TODAY
        )
    db.session.expire_all()
    assert db.session.get(Matter, matter.id).summary == "First editor's summary"
