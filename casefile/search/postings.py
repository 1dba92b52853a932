"""The postings a Whoosh writer gathers before it writes a segment, kept term by term.

Whoosh's own pool keeps one tuple per posting, sorts them all, and spills them to disk and reads
them back one pickle per posting: at 1,000,000 items (210 postings each) that was two thirds of
a rebuild's time. This pool appends each posting to its term's array as the documents come (so
each term's documents are already in order), sorts only the terms, and spills whole sorted
terms when it outgrows its memory, merging them by term at the end.
"""

import contextlib
import heapq
import pickle
from array import array
from operator import itemgetter

from whoosh.util import random_name

VALUE_BITS = 24  # a posting is packed as docnum << 24 | the number of its (weight, value) pair
VALUE_MASK = (1 << VALUE_BITS) - 1
TERM_BYTES = 240  # what a new term costs in memory: its key, its array and the dict's slot
POSTING_BYTES = 8
RUN_CHUNK = 5000  # terms per pickle in a spilled run, so a merge reads a run a piece at a time


class TermPool:
    """Stands in for `whoosh.writing.PostingPool` (same constructor, `add`, `iter_postings`,
    `fieldnames`, `cleanup`)."""

    def __init__(self, tempstore, segment=None, limitmb=128, **kwargs):
        self.tempstore = tempstore
        self.limit = limitmb * 1024 * 1024
        self.fieldnames = set()
        self._terms: dict[tuple[str, bytes], array] = {}
        self._unordered: set[tuple[str, bytes]] = set()  # terms whose documents came out of order
        self._pairs: dict[tuple, int] = {}  # (weight, value bytes) -> number
        self._pair_list: list[tuple] = []
        self._size = 0
        self._runs: list[str] = []

    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        pair = self._pairs.get((weight, vbytes))
        if pair is None:
            pair = self._number_pair(weight, vbytes)
        posting = docnum << VALUE_BITS | pair
        key = (fieldname, tbytes)
        postings = self._terms.get(key)
        if postings is None:
            self._terms[key] = postings = array("Q")
            self.fieldnames.add(fieldname)
            self._size += TERM_BYTES + len(tbytes)
        elif postings[-1] > posting:  # documents merged in from other segments
            self._unordered.add(key)
        postings.append(posting)
        self._size += POSTING_BYTES
        if self._size > self.limit:
            self._spill()

    def _number_pair(self, weight, vbytes) -> int:
        number = len(self._pair_list)
        if number > VALUE_MASK:
            raise ValueError("too many different posting values to pack")
        self._pairs[(weight, vbytes)] = number
        self._pair_list.append((weight, vbytes))
        return number

    def iter_postings(self):
        """(fieldname, term bytes, docnum, weight, value bytes) in term, then document order."""
        pairs = self._pair_list
        for (fieldname, tbytes), postings in self._sorted_terms():
            for posting in postings:
                weight, vbytes = pairs[posting & VALUE_MASK]
                yield fieldname, tbytes, posting >> VALUE_BITS, weight, vbytes

    def _sorted_terms(self):
        if not self._runs:
            for key in sorted(self._terms):
                yield key, self._in_order(key, self._terms[key])
            return
        self._spill()
        runs, self._runs = self._runs, []
        merged = heapq.merge(*(self._read_run(name) for name in runs), key=itemgetter(0))
        current, postings = None, None
        for key, packed in merged:  # a term's pieces come in the order they were spilled
            if key != current:
                if current is not None:
                    yield current, self._in_order(current, postings)
                current, postings = key, array("Q")
            piece = array("Q", packed)
            if postings and piece[0] < postings[-1]:
                self._unordered.add(key)
            postings.extend(piece)
        if current is not None:
            yield current, self._in_order(current, postings)

    def _in_order(self, key, postings):
        return sorted(postings) if key in self._unordered else postings

    def _spill(self) -> None:
        if not self._terms:
            return
        name = f"{random_name()}.run"
        with self.tempstore.create_file(name).raw_file() as run:
            chunk = []
            for key in sorted(self._terms):
                chunk.append((key, self._terms[key].tobytes()))
                if len(chunk) == RUN_CHUNK:
                    pickle.dump(chunk, run, pickle.HIGHEST_PROTOCOL)
                    chunk = []
            if chunk:
                pickle.dump(chunk, run, pickle.HIGHEST_PROTOCOL)
        self._runs.append(name)
        self._terms = {}
        self._size = 0

    def _read_run(self, name):
        try:
            with self.tempstore.open_file(name).raw_file() as run:
                while True:
                    try:
                        chunk = pickle.load(run)
                    except EOFError:
                        return
                    yield from chunk
        finally:
            self.tempstore.delete_file(name)

    def cleanup(self) -> None:
        for name in self._runs:
            with contextlib.suppress(OSError):
                self.tempstore.delete_file(name)
        self._runs = []
