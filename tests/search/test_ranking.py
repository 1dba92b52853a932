"""The collector stops early once the first page cannot change: these tests hold it to the
ranking an exhaustive search gives, on a real index of several segments."""

import random
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest
from whoosh.collectors import TopCollector

from casefile.search import query, scoring
from casefile.search.index import SearchIndex
from casefile.search.schema import ItemRecord, MatterFacts, day_number, item_document

VOCABULARY = "payment debtor garnishment wage levy bank".split()  # noqa: SIM905
FILLER = "call letter file week answer".split()  # noqa: SIM905
START = date(2026, 1, 1)


def _items(count: int, seed: int, first_id: int = 1) -> list[ItemRecord]:
    rng = random.Random(seed)
    matters = [
        MatterFacts(m, 1 + m % 3, f"CF-2026-{m:06d}", f"Debtor {m}", "demand", staff_ids=(m % 2,))
        for m in range(1, 9)
    ]
    items = []
    for item_id in range(first_id, first_id + count):
        # Few words, repeated: many items tie at the highest score, the case the early stop is for.
        words = rng.choices(VOCABULARY, k=rng.randint(2, 9)) + rng.choices(FILLER, k=4)
        rng.shuffle(words)
        items.append(
            ItemRecord(
                id=item_id,
                matter=rng.choice(matters),
                channel="note",
                direction="",
                day=START + timedelta(days=rng.randrange(300)),
                author="Pat",
                subject="",
                body=" ".join(words),
                client_visible=rng.random() < 0.4,
            )
        )
    return items


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    index = SearchIndex(tmp_path_factory.mktemp("ranking") / "index")
    first = _newest_first(_items(1500, seed=1))
    with index.exclusive(wait=True):
        index.build(item_document(item) for item in first)  # newest first, as a rebuild does
        for batch in range(3):  # later segments, some replacing earlier items
            later = _items(200, seed=10 + batch, first_id=1 + batch * 400)
            index.apply([item_document(item) for item in later])
    yield index
    index.close()


def _texts(keys):
    return {key: "" for key in keys}


def _exhaustive(index: SearchIndex, text: str, scope, filters, limit: int) -> list[str]:
    with index.searcher() as searcher:
        full = query.compile_query(query.expand(query.parse(text), searcher), scope, filters)
        collector = TopCollector(limit=100_000, usequality=False)
        searcher.search_with_collector(full, collector)
        ranked = sorted(collector.items, key=lambda item: (-item[0], -item[1]))
        return [searcher.stored_fields(-docnum)["key"] for _, docnum in ranked[:limit]]


QUERIES = [
    ("payment", query.Scope(), query.Filters()),
    ("payment debtor", query.Scope(), query.Filters()),
    ("payment OR levy", query.Scope(), query.Filters()),
    ("payment OR levy OR wage OR bank", query.Scope(), query.Filters()),
    ("debtor NOT wage", query.Scope(), query.Filters()),
    ('"payment debtor"', query.Scope(), query.Filters()),
    ("garn* payment", query.Scope(), query.Filters()),
    ("wage", query.Scope(client_id=2), query.Filters()),
    ("debtor", query.Scope(), query.Filters(client_id=3)),
    (
        "payment",
        query.Scope(),
        query.Filters(date_from=date(2026, 3, 1), date_to=date(2026, 4, 15)),
    ),
    ("bank levy", query.Scope(user_id=1), query.Filters(channel="note")),
]


@pytest.mark.parametrize(("text", "scope", "filters"), QUERIES)
@pytest.mark.parametrize("page", [1, 3])
def test_each_page_is_the_page_an_exhaustive_search_gives(index, text, scope, filters, page):
    found = query.search(index, text, scope, filters, _texts, page=page, per_page=20)
    expected = _exhaustive(index, text, scope, filters, limit=page * 20)[(page - 1) * 20 :]
    assert [hit.key for hit in found.hits] == expected
    assert expected, "the query should match something for the comparison to mean anything"


@pytest.mark.parametrize(("text", "scope", "filters"), QUERIES)
@pytest.mark.parametrize("page", [1, 3])
@pytest.mark.parametrize("order_kept_from", [1, 100_000], ids=["order kept", "order checked"])
def test_a_page_sorted_by_date_holds_the_newest_matches(
    index, monkeypatch, text, scope, filters, page, order_kept_from
):
    monkeypatch.setattr(scoring, "RUNS_CACHED_FROM", order_kept_from)
    found = query.search(index, text, scope, filters, _texts, page=page, sort="date")
    with index.searcher() as searcher:
        full = query.compile_query(query.expand(query.parse(text), searcher), scope, filters)
        matching = {
            fields["key"]: fields["day"]
            for fields in map(searcher.stored_fields, searcher.docs_for_query(full))
        }
    newest = sorted(matching.values(), reverse=True)[(page - 1) * 20 : page * 20]
    assert newest, "the query should match something for the comparison to mean anything"
    assert [day_number(hit.day) for hit in found.hits] == newest
    assert {hit.key for hit in found.hits} <= matching.keys()
    assert found.total == len(matching) or not found.exact_total


def test_a_date_sorted_count_is_exact_unless_the_rebuilt_segment_was_read_only_in_part(index):
    common = query.search(index, "payment", query.Scope(), query.Filters(), _texts, sort="date")
    with index.searcher() as searcher:
        full = query.compile_query(query.parse("payment"), query.Scope(), query.Filters())
        holding_payment = len(list(searcher.docs_for_query(full)))
    assert len(common.hits) == 20
    assert not common.exact_total  # the rebuilt segment was read only as far as the page
    assert common.total >= holding_payment > 100  # "about N": an estimate, never an undercount

    scope, text = query.Scope(client_id=2), "wage bank levy garnishment"
    few = query.search(index, text, scope, query.Filters(), _texts, per_page=50, sort="date")
    with index.searcher() as searcher:
        full = query.compile_query(query.parse(text), scope, query.Filters())
        matching = len(list(searcher.docs_for_query(full)))
    assert 20 < matching < 50
    assert few.exact_total
    assert few.total == len(few.hits) == matching


def test_after_merging_segments_a_date_sorted_page_still_reads_each_run_only_in_part(tmp_path):
    index = SearchIndex(tmp_path / "index")
    with index.exclusive(wait=True):
        index.build(  # a rebuild in two processes: two segments, each newest first
            (item_document(item) for item in _newest_first(_items(1500, seed=1))), procs=2
        )
        index.apply([item_document(item) for item in _items(300, seed=5, first_id=2000)])
        index.optimize()
        assert len(index.segments()) == 1
    found = query.search(index, "payment", query.Scope(), query.Filters(), _texts, sort="date")
    with index.searcher() as searcher:
        days = [searcher.stored_fields(d)["day"] for d in searcher.document_numbers()]
        assert sum(b > a for a, b in pairwise(days)) >= 2  # at least three runs
        matching = [
            searcher.stored_fields(docnum)["day"]
            for docnum in searcher.docs_for_query(
                query.compile_query(query.parse("payment"), query.Scope(), query.Filters())
            )
        ]
    assert [day_number(hit.day) for hit in found.hits] == sorted(matching, reverse=True)[:20]
    assert not found.exact_total  # runs were skipped once they had given their newest
    index.close()


def test_a_segments_runs_start_where_its_day_goes_up(tmp_path):
    offsets = [300, 250, 250, 400, 10, 500, 500, 0]  # some days a byte apart, some not
    items = [
        replace(item, day=START + timedelta(days=offset))
        for item, offset in zip(_items(len(offsets), seed=2), offsets, strict=True)
    ]
    index = SearchIndex(tmp_path / "index")
    with index.exclusive(wait=True):
        index.build(item_document(item) for item in items)
    with index.searcher() as searcher:
        assert list(scoring.run_starts(searcher.reader())) == [0, 3, 5]
    index.close()


def _newest_first(items: list[ItemRecord]) -> list[ItemRecord]:
    return sorted(items, key=lambda item: item.day, reverse=True)


def test_a_common_word_stops_early_and_says_its_count_is_an_estimate(index):
    found = query.search(index, "payment", query.Scope(), query.Filters(), _texts)
    assert len(found.hits) == 20
    assert not found.exact_total
    assert found.total >= 20


def test_a_count_is_exact_when_every_match_fits_on_the_page(tmp_path):
    index = SearchIndex(tmp_path / "index")
    items = [
        ItemRecord(
            n,
            MatterFacts(1, 1, "CF-1", "Acme", "demand"),
            "note",
            "",
            START,
            "Pat",
            "",
            "harbor call",
        )
        for n in range(1, 19)
    ]
    with index.exclusive(wait=True):
        index.build(item_document(item) for item in items)
        for _ in range(2):  # replaced twice: the segments still hold 36 deleted copies
            index.apply([item_document(item) for item in items])
    found = query.search(index, "harbor", query.Scope(), query.Filters(), _texts)
    index.close()
    assert (found.total, found.exact_total) == (18, True)


def test_writes_merge_small_segments_and_leave_the_large_one_alone(tmp_path):
    index = SearchIndex(tmp_path / "index")
    with index.exclusive(wait=True):
        index.build(item_document(item) for item in _items(2500, seed=3))
        large = set(index.segments())
        for item in _items(30, seed=4, first_id=5000):
            index.apply([item_document(item)])
        segments = index.segments()
        assert large <= set(segments)
        assert len(segments) <= 1 + 8
        assert index.open().doc_count() == 2530
        assert index.optimize() == 2530
        assert len(index.segments()) == 1
    index.close()


def test_a_query_matching_more_than_the_budget_ranks_only_the_first_matches(index):
    found = query.search(
        index,
        "payment OR levy OR wage OR bank",
        query.Scope(),
        query.Filters(),
        _texts,
        match_budget=100,
    )
    everything = query.search(
        index, "payment OR levy OR wage OR bank", query.Scope(), query.Filters(), _texts
    )
    assert found.truncated
    assert not everything.truncated
    assert len(found.hits) == 20
    assert not found.exact_total
    with index.searcher() as searcher:
        holding = {
            fields["key"]
            for docnum in searcher.docs_for_query(
                query.compile_query(
                    query.parse("payment OR levy OR wage OR bank"), query.Scope(), query.Filters()
                )
            )
            for fields in [searcher.stored_fields(docnum)]
        }
    assert {hit.key for hit in found.hits} <= holding


def _items_indexed() -> dict[int, ItemRecord]:
    items = {item.id: item for item in _items(1500, seed=1)}
    for batch in range(3):
        later = _items(200, seed=10 + batch, first_id=1 + batch * 400)
        items.update({item.id: item for item in later})
    return items


@pytest.mark.parametrize(
    "scope", [query.Scope(client_id=2), query.Scope()], ids=["client user", "staff"]
)
@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [(date(2026, 3, 1), date(2026, 4, 15)), (date(2026, 9, 1), None), (None, date(2026, 1, 20))],
)
def test_a_date_range_finds_exactly_the_items_dated_within_it(index, scope, date_from, date_to):
    filters = query.Filters(date_from=date_from, date_to=date_to)
    found = query.search(index, "wage", scope, filters, _texts, per_page=1000)
    expected = {
        f"c{item.id}"
        for item in _items_indexed().values()
        if "wage" in item.body.split()
        and (date_from is None or item.day >= date_from)
        and (date_to is None or item.day <= date_to)
        and (scope.client_id is None or (item.matter.client_id == 2 and item.client_visible))
    }
    assert expected
    assert {hit.key for hit in found.hits} == expected
