"""The search pages: staff see everything, a client user only their own shared items whatever
they type; a bad query or a broken index gets a clear message, never an error page."""

import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from casefile.domain.roles import Role
from casefile.search.schema import build_schema
from casefile.search.sync import rebuilding, search_index
from tests.search.conftest import NOW
from tests.web.helpers import login

SECRET = "Zanzibar"  # a word only client B's matter uses


@pytest.fixture
def firm(make, note):
    alpha, beta = make.client("Alpha Supplies"), make.client("Beta Foods")
    attorney = make.user(Role.ATTORNEY)
    matter_a = make.matter(client=alpha, debtor="Acorn Traders", attorney=attorney)
    matter_b = make.matter(client=beta, debtor="Birch Holdings")
    shared_a = note(matter_a, "Debtor promised payment; garnishment paused", client_visible=True)
    internal_a = note(matter_a, "Internal: garnishment strategy, do not share")
    shared_b = note(matter_b, f"{SECRET} garnishment update for Beta", client_visible=True)
    internal_b = note(matter_b, f"{SECRET} internal garnishment notes")
    return {
        "alpha": alpha,
        "beta": beta,
        "attorney": attorney,
        "matter_a": matter_a,
        "matter_b": matter_b,
        "user_a": make.user(Role.CLIENT, client=alpha),
        "ids": {
            "shared_a": shared_a.id,
            "internal_a": internal_a.id,
            "shared_b": shared_b.id,
            "internal_b": internal_b.id,
        },
    }


def page_text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def results(html: str) -> str:
    """The page below the search form (which echoes what was typed)."""
    return html.rsplit("</form>", 1)[-1]


def test_staff_find_every_clients_items_with_highlights(client, firm):
    login(client, firm["attorney"])
    html = page_text(client, "/search?q=garnishment")
    assert html.count('class="search-hit"') == 4
    assert '<mark class="match term0">garnishment</mark>' in html
    for matter in (firm["matter_a"], firm["matter_b"]):
        assert f'href="/matters/{matter.id}#item-' in html


@pytest.mark.parametrize(
    "typed",
    [
        "garnishment",
        SECRET,
        "*",
        "ga*",
        "garnish*",
        "client:{beta}",
        "client:{beta} OR garnishment",
        "garnishment OR Zanzibar OR client:{beta}",
        "visibility:internal",
        "(garnishment OR Zanzibar) AND NOT nothing",
        "debtor:birch",
        "matter:{matter_b}",
        "text:Zanzibar OR subject:Zanzibar",
        'client_words:"c{beta} zanzibar"',
        "viewer:c{beta} zanzibar",
    ],
)
def test_a_client_user_sees_only_their_own_shared_items(client, firm, typed):
    login(client, firm["user_a"])
    query = typed.format(beta=firm["beta"].id, matter_b=firm["matter_b"].id)
    html = results(page_text(client, f"/portal/search?q={query}"))
    assert "garnishment update for Beta" not in html
    assert "internal garnishment notes" not in html
    assert "Birch" not in html
    assert firm["matter_b"].reference not in html
    assert "Internal: garnishment strategy" not in html
    assert f"/matters/{firm['matter_b'].id}" not in html


def test_a_client_user_finds_their_shared_update_and_matter(client, firm):
    login(client, firm["user_a"])
    html = page_text(client, "/portal/search?q=garnishment")
    assert 'promised payment; <mark class="match term0">garnishment</mark> paused' in html
    assert f'href="/portal/matters/{firm["matter_a"].id}#item-{firm["ids"]["shared_a"]}"' in html
    assert html.count('class="search-hit"') == 1
    assert firm["matter_a"].reference in page_text(client, "/portal/search?q=acorn")


@pytest.mark.parametrize(
    "typed", ["garnishments", "garnish*", "promised payment", "paused NOT strategy", "text:paus*"]
)
def test_a_client_user_finds_their_shared_update_by_any_form_of_query(client, firm, typed):
    login(client, firm["user_a"])
    html = results(page_text(client, f"/portal/search?q={typed}"))
    assert html.count('class="search-hit"') == 1
    assert f'#item-{firm["ids"]["shared_a"]}"' in html


def test_the_client_filter_cannot_widen_a_client_users_search(client, firm):
    login(client, firm["user_a"])
    html = results(page_text(client, f"/portal/search?q=garnishment&client={firm['beta'].id}"))
    assert "garnishment update for Beta" not in html
    assert 'promised payment; <mark class="match term0">garnishment</mark> paused' in html


def test_staff_search_is_closed_to_client_users(client, firm):
    login(client, firm["user_a"])
    assert client.get("/search?q=garnishment").status_code in (403, 404)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("*", "Nothing to search for"),
        ("g*", "at least 2 letters"),
        ("(", "Nothing to search for"),
        ("x" * 501, "too long"),
        ("ga*r*", "Only a * at the end"),
    ],
)
def test_a_malformed_query_gets_a_helpful_message(client, firm, typed, message):
    login(client, firm["attorney"])
    html = page_text(client, f"/search?q={typed}")
    assert message in html
    assert 'class="search-hit"' not in html


@pytest.mark.parametrize(
    "typed", ['"unclosed phrase', "AND", "OR OR", "NOT", ")(", "subject:", "a:b:c", "é*ß"]
)
def test_odd_queries_never_produce_an_error_page(client, firm, typed):
    login(client, firm["attorney"])
    assert client.get(f"/search?q={typed}").status_code == 200


def test_filters_narrow_the_results(client, firm, make, note):
    login(client, firm["attorney"])
    alpha_only = page_text(client, f"/search?q=garnishment&client={firm['alpha'].id}")
    assert alpha_only.count('class="search-hit"') == 2
    mine = page_text(client, "/search?q=garnishment&mine=1")
    assert mine.count('class="search-hit"') == 2  # the attorney is on matter A only
    older = note(firm["matter_a"], "Old garnishment memo", at=NOW - timedelta(days=40))
    day = (NOW - timedelta(days=40)).date().isoformat()
    dated = page_text(client, f"/search?q=garnishment&from={day}&to={day}")
    assert dated.count('class="search-hit"') == 1
    assert f"#item-{older.id}" in dated
    newest_first = page_text(client, "/search?q=garnishment&sort=date")
    order = [f"#item-{i}" for i in (*firm["ids"].values(), older.id)]
    assert sorted(order, key=newest_first.index)[-1] == f"#item-{older.id}"
    assert page_text(client, "/search?q=garnishment&channel=call").count('class="search-hit"') == 0


def test_text_is_escaped_in_snippets(client, make, note):
    attorney = make.user(Role.ATTORNEY)
    note(make.matter(), "Bank levy <script>alert(1)</script> on the account")
    login(client, attorney)
    html = page_text(client, "/search?q=levy")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def wait_for_rebuild() -> None:
    for _ in range(400):
        if not rebuilding():
            return
        time.sleep(0.05)
    raise AssertionError("the rebuild did not finish")


def test_a_damaged_index_says_search_is_unavailable_and_the_app_works(client, firm):
    login(client, firm["attorney"])
    assert "garnishment" in page_text(client, "/search?q=garnishment")
    for part in Path(search_index().path).glob("MAIN_*"):  # the segments' files, not the TOC
        part.write_bytes(part.read_bytes()[:40])  # truncated by a crash or a full disk
    search_index().forget_searchers()
    html = page_text(client, "/search?q=garnishment")
    assert "Search is unavailable while its index is rebuilt" in html
    assert page_text(client, f"/matters/{firm['matter_a'].id}")  # the rest of the app works
    wait_for_rebuild()
    assert page_text(client, "/search?q=garnishment").count('class="search-hit"') == 4


def test_a_missing_index_is_rebuilt_from_the_database(app, client, firm):
    login(client, firm["attorney"])
    shutil.rmtree(search_index().path)
    search_index().forget_searchers()
    html = page_text(client, "/search?q=garnishment")
    assert "Search is unavailable while its index is rebuilt" in html
    wait_for_rebuild()
    assert page_text(client, "/search?q=garnishment").count('class="search-hit"') == 4


def test_an_index_written_by_an_earlier_version_is_rebuilt(app, client, firm):
    earlier = build_schema()
    earlier.remove("client_words")  # what the index held before client users' own word lists
    path = Path(search_index().path)
    shutil.rmtree(path)
    path.mkdir()
    whoosh_index.create_in(path, earlier)
    search_index().forget_searchers()
    login(client, firm["user_a"])
    html = page_text(client, "/portal/search?q=garnishment")
    assert "Search is unavailable while its index is rebuilt" in html
    wait_for_rebuild()
    html = results(page_text(client, "/portal/search?q=garnishment"))
    assert html.count('class="search-hit"') == 1
    assert f'#item-{firm["ids"]["shared_a"]}"' in html
