"""Search tests run against a real Whoosh index in the test's instance folder."""

from datetime import UTC, datetime

import pytest

from casefile.correspondence.services import log_note
from casefile.domain.roles import Role
from casefile.search import query
from casefile.search.services import _texts
from casefile.search.sync import search_index

NOW = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)


def find(text: str, scope=None, **filters) -> query.Page:
    """Search as the app does, returning the page of hits."""
    return query.search(
        search_index(),
        text,
        scope or query.Scope(),
        query.Filters(**filters),
        load_text=_texts,
        per_page=50,
    )


def keys(page: query.Page) -> set[str]:
    return {hit.key for hit in page.hits}


@pytest.fixture
def paralegal(make):
    return make.actor(make.user(Role.PARALEGAL))


@pytest.fixture
def note(paralegal):
    def add(matter, text: str, client_visible: bool = False, at=NOW):
        return log_note(matter, text, client_visible, paralegal, at)

    return add
