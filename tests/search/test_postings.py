"""The rebuild's posting pool: what it writes is exactly what the documents hold, however often
it has to spill to disk on the way."""

import random

from whoosh.filedb.filestore import FileStorage

from casefile.search import postings
from casefile.search.index import SearchIndex
from casefile.search.postings import TermPool
from casefile.search.schema import build_schema, item_document
from tests.search.test_ranking import _items


def _expected_postings(documents: list[dict]) -> set[tuple]:
    schema = build_schema()
    expected = set()
    for docnum, document in enumerate(documents):
        for name, value in document.items():
            field = schema[name]
            if field.indexed:
                for tbytes, _, _, vbytes in field.index(value):
                    expected.add((name, tbytes, docnum, vbytes or None))
    return expected


def test_a_rebuild_that_spills_writes_every_posting_of_every_document(tmp_path, monkeypatch):
    spills = []
    spill = TermPool._spill
    monkeypatch.setattr(TermPool, "_spill", lambda pool: spills.append(1) or spill(pool))
    documents = [item_document(item) for item in _items(4000, seed=3)]
    index = SearchIndex(tmp_path / "index")
    with index.exclusive(wait=True):
        assert index.build(iter(documents), limitmb=1) == 4000
    with index.searcher() as searcher:
        written = {  # Whoosh reads an empty value back as None
            (name, tbytes, docnum, vbytes or None)
            for name, tbytes, docnum, _, vbytes in searcher.reader().iter_postings()
        }
    index.close()
    assert len(spills) >= 3  # the merge of spilled runs was exercised, not only the memory path
    assert written == _expected_postings(documents)


def test_postings_come_out_in_term_then_document_order_even_when_added_out_of_order(tmp_path):
    rng = random.Random(5)
    added = [
        ("content", f"w{rng.randrange(300):03d}".encode(), docnum, 1.0, b"\x01")
        for docnum in rng.sample(range(100_000), 5000)  # merged segments add documents late
    ]
    pool = TermPool(FileStorage(tmp_path), limitmb=1)
    pool.limit = 20_000  # spill every few hundred postings
    for posting in added:
        pool.add(posting)
    assert list(pool.iter_postings()) == sorted(added)
    assert pool.fieldnames == {"content"}


def test_a_posting_keeps_its_weight_and_value(tmp_path):
    pool = TermPool(FileStorage(tmp_path))
    pool.add(("subject", b"levy", 7, 2.0, b"\x00\x00\x00\x02"))
    pool.add(("content", b"levy", 3, 1.0, None))
    assert list(pool.iter_postings()) == [
        ("content", b"levy", 3, 1.0, None),
        ("subject", b"levy", 7, 2.0, b"\x00\x00\x00\x02"),
    ]
    assert postings.VALUE_BITS + 40 <= 64  # room for a trillion documents beside the value
