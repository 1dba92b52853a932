"""A matter in demand with an attorney and a paralegal, ready for offers."""

from dataclasses import dataclass

import pytest

from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.services import move_stage
from tests.factories import TODAY


@dataclass
class Desk:
    attorney: object
    paralegal: object
    client: object
    matter: object
    actor: object


@pytest.fixture
def desk(make):
    attorney, paralegal = make.user(Role.ATTORNEY), make.user(Role.PARALEGAL)
    client = make.client("Gamma Tools")
    client.settlement_floor_basis_points = 5000  # the firm may settle down to half unasked
    db.session.commit()
    matter = make.matter(client=client, attorney=attorney, paralegal=paralegal)
    actor = make.actor(attorney)
    move_stage(matter, Stage.DEMAND, "Demand letter sent", actor, TODAY)
    return Desk(attorney, paralegal, client, matter, actor)
