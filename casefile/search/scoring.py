"""How hits are ranked, and how the collector knows when it may stop.

Ranking is BM25's saturating term frequency, without its length normalisation and capped at
`CAP` occurrences. Whoosh's default BM25F looks up every matching document's field length to
score it, so a word that occurs in most items (payment, debtor) cost a Python call per match:
~550 ms at 100,000 items and ten times that at 1,000,000. With the cap, the best score a query
can give is reached by many items (those with each word at least `CAP` times), and once the
first page is full of such items nothing later can displace it (ties keep the earlier item), so
`TopUntilSaturated` stops there instead of scoring every match. The cost of a common query then
depends on the page size, not on the size of the index. Correspondence items are of similar
length and short, so little is lost by ignoring length and counts beyond three.

Filters that should not rank (a date range, a prefix's many expansions) are `Flat`: every
document they match gets the same score, so they too have a reachable ceiling.
"""

import sys
import time
from array import array
from bisect import bisect_right
from itertools import pairwise

from whoosh import scoring
from whoosh.collectors import TimeLimit, TopCollector
from whoosh.matching import (
    ConstantScoreWrapperMatcher,
    ListMatcher,
    NullMatcher,
    NullMatcherClass,
    WrappingMatcher,
)
from whoosh.query import ConstantScoreQuery, WrappingQuery
from whoosh.searching import SearchContext

K1 = 1.2  # BM25's saturation: the 3rd occurrence of a word counts far less than the 1st
CAP = 3  # occurrences beyond this add nothing


def saturated(frequency: float, idf: float) -> float:
    frequency = min(frequency, CAP)
    return idf * frequency * (K1 + 1) / (frequency + K1)


class SaturatedFrequency(scoring.WeightingModel):
    def scorer(self, searcher, fieldname, text, qf=1):
        idf = searcher.get_parent().idf(fieldname, text)
        return _Scorer(searcher.term_info(fieldname, text).max_weight(), idf)


class _Scorer(scoring.BaseScorer):
    def __init__(self, max_weight: float, idf: float):
        self.idf = idf
        self._max_quality = saturated(max_weight, idf)

    def supports_block_quality(self) -> bool:
        return True

    def score(self, matcher) -> float:
        return saturated(matcher.weight(), self.idf)

    def max_quality(self) -> float:
        return self._max_quality

    def block_quality(self, matcher) -> float:
        return saturated(matcher.block_max_weight(), self.idf)


class Flat(ConstantScoreQuery):
    """Matches what `child` matches, each document with the same score, read lazily.

    Whoosh's own `ConstantScoreQuery` first reads every matching document number into a list,
    which for a six-month range over 1,000,000 items is most of the query's time."""

    boost = 1.0

    def matcher(self, searcher, context=None):
        context = context.set(weighting=None) if context else SearchContext(weighting=None)
        child = self.child.matcher(searcher, context)
        if isinstance(child, NullMatcherClass):
            return child
        return _FlatMatcher(child, self.score)


class FlatRange(Flat):
    """A numeric range (`NumericRange`), matched flat from the sorted list of its documents,
    read once per segment straight from the postings of the range's trie terms. Matched
    lazily, a range is a tree of unions over those terms, and skipping through it while
    intersecting with a word cost ~90 µs a match; the list costs ~5 ms per 50,000 items."""

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        terms = self.child._compile_query(reader).existing_terms(reader, expand=True)
        documents = set()
        for term in terms:
            documents.update(reader.postings(*term).all_ids())
        if not documents:
            return NullMatcher()
        listed = ListMatcher(array("I", sorted(documents)), all_weights=self.score)
        return _FlatMatcher(listed, self.score)


class DaysOf(WrappingQuery):
    """The child's matches whose `day` lies in [first, last] (either may be None), each tested
    against the segment's day column. For a client user's query: the client's entries are
    few, so testing each match costs less than listing every entry in the range (FlatRange,
    ~100 ms for 180 days at 1,000,000 items)."""

    def __init__(self, child, first: int | None, last: int | None):
        super().__init__(child)
        self.first, self.last = first, last

    def _rewrap(self, child):
        return DaysOf(child, self.first, self.last)

    def __eq__(self, other):
        return type(other) is DaysOf and (self.child, self.first, self.last) == (
            other.child,
            other.first,
            other.last,
        )

    def __hash__(self):
        return hash((DaysOf, self.child, self.first, self.last))

    def matcher(self, searcher, context=None):
        child = self.child.matcher(searcher, context)
        days = searcher.reader().column_reader("day")
        first = self.first if self.first is not None else 0
        last = self.last if self.last is not None else float("inf")
        return _DaysMatcher(child, days, first, last)


class _DaysMatcher(WrappingMatcher):
    def __init__(self, child, days, first, last):
        super().__init__(child)
        self._days, self._first, self._last = days, first, last
        self._pass_out_of_range()

    def _pass_out_of_range(self) -> None:
        child, days, first, last = self.child, self._days, self._first, self._last
        while child.is_active() and not first <= days[child.id()] <= last:
            child.next()

    def copy(self):
        return _DaysMatcher(self.child.copy(), self._days, self._first, self._last)

    def _replacement(self, newchild):
        return _DaysMatcher(newchild, self._days, self._first, self._last)

    def next(self):
        self.child.next()
        self._pass_out_of_range()

    def skip_to(self, id):
        self.child.skip_to(id)
        self._pass_out_of_range()

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()

    # Skipping blocks by their best score would land on documents out of the range.
    def supports_block_quality(self) -> bool:
        return False


class _FlatMatcher(ConstantScoreWrapperMatcher):
    # Block skipping compares a block's best score with the page's worst; a flat matcher's
    # blocks are its child's, whose bounds are on another scale, so it takes no part in it.
    def supports_block_quality(self) -> bool:
        return False

    def replace(self, minquality=0):
        if minquality > self._score:
            return NullMatcher()
        child = self.child.replace(0)
        return self if child is self.child else _FlatMatcher(child, self._score)


MATCH_BUDGET = 2000  # matches ranked per segment, at most


class TopUntilSaturated(TopCollector):
    """Whoosh's top-N collector, which also stops
    - when the N best all have the highest score the query can give (`saturated`): nothing
      later can change the page;
    - after ranking `budget` matches in a segment (`truncated`): the page is then the best of
      the first `budget` matches of each segment, which a rebuild writes newest first. Two
      words that each occur in a third of all items, or a word and a date range, can match
      ranks of thousands of items none of which reaches the ceiling; ranking them all would
      cost ~2 µs each, 60 ms at 100,000 items and ten times that at 1,000,000;
    - after `time_limit` seconds (`TimeLimit`). Whoosh's `TimeLimitCollector` would bypass
      the rest; checking the clock here needs no timer thread or signal, which a web server's
      worker threads cannot use."""

    def __init__(self, limit: int, time_limit: float, budget: int = MATCH_BUDGET, **kwargs):
        super().__init__(limit=limit, **kwargs)
        self.deadline = time.monotonic() + time_limit
        self.budget = budget
        self.saturated = False
        self.truncated = False

    def collect_matches(self):
        ceiling = self._ceiling()
        if ceiling is not None and self._full_at(ceiling):
            self.saturated = True
            return
        collect, clock, budget = self.collect, time.monotonic, self.budget
        for count, sub_docnum in enumerate(self.matches(), 1):
            collect(sub_docnum)
            if ceiling is not None and self._full_at(ceiling):
                self.saturated = True
                return
            if count >= budget:
                self.truncated = True
                return
            if count % 256 == 0 and clock() > self.deadline:
                raise TimeLimit

    def complete(self) -> bool:
        """Whether every match was collected, so `total` is the exact count."""
        return len(self.items) < self.limit and not self.truncated

    def _ceiling(self) -> float | None:
        try:
            return self.matcher.max_quality() * (1 - 1e-9)
        except NotImplementedError:
            return None

    def _full_at(self, ceiling: float) -> bool:
        return len(self.items) >= self.limit and self.items[0][0] >= ceiling


class NewestFirst(TopUntilSaturated):
    """The `limit` newest matches by `day` (of one day, those earlier in the index first).

    A segment is read as its runs: stretches of documents whose days never increase. A rebuild
    writes its segments newest first, each one run, and merging segments (`search optimize`)
    puts their runs one after the other; within a run the first `limit` matches are its newest,
    so the rest of the run is skipped. Whoosh's sorting collector reads every match: ~1 s for a
    common word at 1,000,000 items."""

    def __init__(self, limit: int, time_limit: float):
        # The heap's floor is then a day, not a score: nothing may prune the matcher by it.
        super().__init__(limit, time_limit, usequality=False, replace=0)
        self.cut_short = False

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context.set(weighting=None))  # no scores needed

    def set_subsearcher(self, subsearcher, offset):
        super().set_subsearcher(subsearcher, offset)
        reader = subsearcher.reader()
        self._days = reader.column_reader("day")
        self._run_starts = run_starts(reader)

    def collect(self, sub_docnum):
        return self._collect(self.offset + sub_docnum, self._days[sub_docnum])

    def collect_matches(self):
        matcher, starts, limit = self.matcher, self._run_starts, self.limit
        clock, count = time.monotonic, 0
        run_end, in_run = 0, 0  # where the current run ends; its matches collected
        while matcher.is_active():
            docnum = matcher.id()
            if docnum >= run_end:
                following = bisect_right(starts, docnum)
                run_end = starts[following] if following < len(starts) else float("inf")
                in_run = 0
            self.collect(docnum)
            in_run += 1
            matcher.next()
            if in_run >= limit and matcher.is_active() and matcher.id() < run_end:
                self.cut_short = True  # the run's older matches are not counted
                if run_end == float("inf"):
                    return
                matcher.skip_to(run_end)
            count += 1
            if count % 256 == 0 and clock() > self.deadline:
                raise TimeLimit

    def complete(self) -> bool:
        return not self.cut_short


RUNS_CACHED_FROM = 10_000  # documents: smaller segments are read afresh at each search (~µs)
_run_starts: dict[str, array] = {}  # segment id -> its run starts


def run_starts(reader) -> array:
    """The first document of each run of the segment: where its day goes up from the document
    before. A segment's files never change, so a large one's runs are kept."""
    segment_id = reader.segment().segment_id()
    starts = _run_starts.get(segment_id)
    if starts is None:
        days = _days(reader)
        rises = (i for i, (a, b) in enumerate(pairwise(days), 1) if b > a)
        starts = array("I", [0, *rises])
        if reader.doc_count_all() >= RUNS_CACHED_FROM:
            _run_starts[segment_id] = starts
    return starts


def _days(reader) -> array:
    """The segment's `day` column as one array, read from its bytes: through the column reader,
    a value at a time, 550,000 days took ~0.5 s. NUMERIC(bits=32, signed=False) stores each day
    as a big-endian unsigned 32-bit number; a document without one reads as the largest."""
    column = reader.column_reader("day", translate=False)
    days = array("I", column._dbfile.get(column._basepos, column._count * 4))
    if sys.byteorder == "little":
        days.byteswap()
    days.extend([column._default] * (reader.doc_count_all() - len(days)))
    return days
