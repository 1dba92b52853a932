"""The index on disk: one writer at a time, searchers cached per thread, rebuilt beside itself.

Segments are written as separate files, not Whoosh's default compound file: opening a compound
segment copies parts of it into memory (~190 ms per open at 100,000 items, and every commit
makes searchers reopen), while separate files open in ~1-5 ms.

Only one process may write a Whoosh index at a time (it raises `LockError` otherwise). We take
our own advisory lock (`flock` on `<index>.lock`) instead of Whoosh's, because the lock must also
cover a rebuild, which builds a new index in a sibling folder and swaps it in: a writer that
waited on Whoosh's lock inside the old folder would write to an index that no longer exists.
"""

import fcntl
import logging
import os
import secrets
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import whoosh.writing
from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader, W3TermInfo, W3TermsReader
from whoosh.reading import SegmentReader

from casefile.search.postings import TermPool
from casefile.search.schema import build_schema
from casefile.search.scoring import SaturatedFrequency

log = logging.getLogger("casefile.search")


def _segment_id(cls, size: int = 16) -> str:
    return secrets.token_hex(size // 2)


# Whoosh names new segments from the global `random` module. Anything that seeds it to a known
# state (Hypothesis does, for every example) makes a new segment take an existing segment's
# name and overwrite its files; names from `secrets` cannot repeat.
Segment._random_id = classmethod(_segment_id)


def _cached_reader(self, fieldname, column):
    if fieldname not in self._readers:
        self._readers[fieldname] = _uncached_reader(self, fieldname, column)
    return self._readers[fieldname]


# Merging segments asks for each document's length in every field, and for a field that keeps
# no lengths (most of ours) Whoosh looks for the missing column file again every time: a `stat`
# per field per document (it was 40 % of a rebuild before `Codec` stopped asking for lengths).
# A segment's files never change, so the answer is remembered.
_uncached_reader = W3PerDocReader._cached_reader
W3PerDocReader._cached_reader = _cached_reader


def _set_inline(self, ids, weights, values):
    # A field without posting values (ID, KEYWORD) gets one None per posting, as its blocks
    # do: an empty tuple would be read back as "" and fail Whoosh's checks when merging.
    self.set_inlined(ids, weights, values or (None,) * len(ids))


# Whoosh writes short posting lists inline through a method its term info lacks (it has
# `set_inlined`), so its inline path fails; reading inline postings works.
W3TermInfo.set_inline = _set_inline


# Every writer, a rebuild's worker processes included (they are forked, so they inherit this),
# gathers its postings term by term: see casefile/search/postings.py.
whoosh.writing.PostingPool = TermPool


class Codec(W3Codec):
    """Whoosh's codec without per-term field-length statistics: only length-normalising
    scorers (BM25) read them, ours does not, and gathering them costs a look-up per posting."""

    length_stats = False

    def terms_reader(self, storage, segment):
        """Whoosh's, but a segment that cannot be read (a truncated file) has the files opened
        for it closed at once: Whoosh left them to the garbage collector, and retries such an
        open ten times."""
        opened = []
        try:
            name = segment.make_filename(self.TERMS_EXT)
            opened.append(storage.open_file(name))
            opened.append(segment.open_file(storage, self.POSTS_EXT))
            return W3TermsReader(self, opened[0], storage.file_length(name), opened[1])
        except BaseException:
            for file in opened:
                file.close()
            raise


# How segments are written. Separate files, not Whoosh's default compound file: opening a
# compound segment copies parts of it into memory (~190 ms per open at 100,000 items, and every
# commit makes searchers reopen), while separate files open in ~1-5 ms. Posting lists of up to
# 8 documents (most terms: names, numbers, amounts, word pairs) are kept inline with the term
# instead of as a pickled, compressed block of their own: a rebuild spent a third of its time
# writing such blocks.
WRITING = {"compound": False, "codec": Codec(inlinelimit=8)}


SMALL_MERGE_DOCUMENTS = 2000
SMALL_MERGE_SEGMENTS = 8


def merge_small(writer, segments):
    """Each write adds a segment; once there are `SMALL_MERGE_SEGMENTS` small ones, the smallest
    are merged, never more than `SMALL_MERGE_DOCUMENTS` documents at a time, so a commit stays
    short (Whoosh's default policy would in time merge everything, the rebuilt segment of a
    million items included, while the next writes wait). `flask search optimize` merges all."""
    ordered = sorted(segments, key=lambda segment: segment.doc_count_all())
    chosen, documents = [], 0
    for segment in ordered:
        if documents + segment.doc_count_all() > SMALL_MERGE_DOCUMENTS:
            break
        chosen.append(segment)
        documents += segment.doc_count_all()
    if len(chosen) < SMALL_MERGE_SEGMENTS:
        return segments
    for segment in chosen:
        with SegmentReader(writer.storage, writer.schema, segment) as reader:
            writer.add_reader(reader)
    merged = {segment.segment_id() for segment in chosen}
    return [segment for segment in segments if segment.segment_id() not in merged]


class IndexUnavailable(Exception):
    """The index is missing or cannot be read; search waits for a rebuild."""


class SearchIndex:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()
        self._open: set = set()  # every thread's cached searcher, so `close` can reach them
        self._open_lock = threading.Lock()

    # Locking -------------------------------------------------------------------------------

    @contextmanager
    def exclusive(self, wait: bool) -> Iterator[bool]:
        """Hold the writer lock; yields False at once when `wait` is off and it is taken."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # Reading -------------------------------------------------------------------------------

    def exists(self) -> bool:
        return whoosh_index.exists_in(self.path)

    def open(self):
        if not self.exists():
            raise IndexUnavailable("the search index has not been built")
        try:
            index = whoosh_index.open_dir(self.path)
        except Exception as error:  # a damaged table of contents or segment
            raise IndexUnavailable(f"the search index cannot be opened: {error!r}") from error
        if _layout(index.schema) != _layout(build_schema()):
            index.close()
            raise IndexUnavailable("the search index was built for another version of casefile")
        return index

    @contextmanager
    def searcher(self):
        """A searcher for this thread, reopened when the index has changed or been swapped.

        Opening one costs far more than a query, so it is kept between requests."""
        try:
            identity = os.stat(self.path).st_ino
        except FileNotFoundError as error:
            raise IndexUnavailable("the search index has not been built") from error
        cached = getattr(self._local, "cached", None)
        searcher = None
        if cached is not None and cached[0] == identity:
            try:
                if cached[1].up_to_date():
                    searcher = cached[1]
            except Exception:  # the folder changed under it; open afresh below
                searcher = None
        if searcher is None:
            if cached is not None:
                self._release(cached[1])
            try:
                # Not `Searcher.refresh()`: in whoosh-reloaded 2.7.5 it can return a searcher
                # that still counts deleted documents.
                searcher = self.open().searcher(weighting=SaturatedFrequency())
            except IndexUnavailable:
                raise
            except Exception as error:
                raise IndexUnavailable(f"the search index cannot be read: {error!r}") from error
        if cached is None or cached[1] is not searcher:
            with self._open_lock:
                self._open.add(searcher)
        self._local.cached = (identity, searcher)
        yield searcher

    def forget_searchers(self) -> None:
        cached = getattr(self._local, "cached", None)
        self._local.cached = None
        if cached:
            self._release(cached[1])

    def close(self) -> None:
        """Close every cached searcher (at shutdown; their files stay open until then)."""
        with self._open_lock:
            searchers, self._open = self._open, set()
        for searcher in searchers:
            searcher.close()
        self._local = threading.local()

    def _release(self, searcher) -> None:
        with self._open_lock:
            self._open.discard(searcher)
        searcher.close()

    # Writing (call with the lock held) --------------------------------------------------------

    def apply(self, documents: list[dict], matters_to_clear: Iterable[str] = ()) -> None:
        """Replace documents by key, after dropping whole matters being re-indexed."""
        index = self.open()
        writer = index.writer(**WRITING)
        try:
            for matter in matters_to_clear:
                writer.delete_by_term("matter", matter)
            for document in documents:
                writer.update_document(**document)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_small)

    def segments(self) -> dict[str, int]:
        """Segment id -> documents it holds (deleted ones included)."""
        index = self.open()
        return {segment.segment_id(): segment.doc_count_all() for segment in index._segments()}

    def optimize(self) -> int:
        """Merge every segment into one (call with the lock held); returns the documents."""
        index = self.open()
        writer = index.writer(**WRITING)
        writer.commit(optimize=True)
        return index.doc_count()

    def build(
        self, documents: Iterable[dict], progress=None, limitmb: int = 256, procs: int = 1
    ) -> int:
        """Write a complete new index beside the current one and swap it in; returns the count.

        Searchers keep reading the old index until the swap, so search stays up during a
        rebuild; the caller holds the lock, so no writer can slip an update in between. With
        `procs` > 1, that many worker processes analyse and write a segment each (Whoosh's
        `MpWriter`); the segments are kept as they are rather than merged into one, which
        would write everything a second time."""
        fresh = self.path.with_name(self.path.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        index = whoosh_index.create_in(fresh, build_schema())
        if procs > 1:
            writer = index.writer(
                procs=procs, multisegment=True, limitmb=limitmb // procs, **WRITING
            )
        else:
            writer = index.writer(limitmb=limitmb, **WRITING)
        count = 0
        try:
            for document in documents:
                writer.add_document(**document)
                count += 1
                if progress and count % 1000 == 0:
                    progress(count)
        except BaseException:
            writer.cancel()
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        writer.commit(optimize=procs == 1)
        written = whoosh_index.open_dir(fresh).doc_count_all()
        if written != count:
            # A worker process that fails leaves its segment out without raising anything.
            shutil.rmtree(fresh, ignore_errors=True)
            raise RuntimeError(f"the rebuilt index holds {written} of {count} entries")
        self._swap_in(fresh)
        return count

    def _swap_in(self, fresh: Path) -> None:
        old = self.path.with_name(self.path.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            os.rename(self.path, old)
        os.rename(fresh, self.path)
        shutil.rmtree(old, ignore_errors=True)  # open searchers keep their files (POSIX)
        self.forget_searchers()


def _layout(schema) -> set[tuple[str, str, str]]:
    """Each field's name, type and posting format: an index written with another layout (by an
    earlier version) is rebuilt rather than read with the wrong assumptions."""
    return {
        (name, type(field).__qualname__, type(field.format).__qualname__)
        for name, field in schema.items()
    }
