"""How text becomes index terms: words, lower-cased, stop words dropped, Porter-stemmed.

The rules are those of Whoosh's `StemmingAnalyzer` (its word pattern, stop list, minimum
length and stemmer), written as one loop instead of its chain of token generators. Indexing
spends most of its time here: the chain costs a Python generator step and a `Token` per word
per filter, and a full rebuild of 1,000,000 items must fit in 30 minutes. `stems()` is the fast
path that indexing uses; `StemWords` yields Whoosh tokens from the same loop, for the query
parser and for highlighting, so a query and the index always agree on what a word is.
"""

import re
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from threading import local

from whoosh.analysis import STOP_WORDS, Analyzer, Token
from whoosh.fields import TEXT
from whoosh.lang.porter import stem as porter_stem
from whoosh.system import pack_uint

WORD = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)  # StemmingAnalyzer's tokenizer pattern
STOPS = frozenset(STOP_WORDS)
MIN_LENGTH = 2

stem = lru_cache(maxsize=200_000)(porter_stem)


def stems(text: str) -> list[str]:
    """The stemmed words of `text`, in order, stop words left out."""
    return [
        stem(word)
        for word in map(str.lower, WORD.findall(text))
        if len(word) >= MIN_LENGTH and word not in STOPS
    ]


def pair_terms(words: list[str]) -> list[str]:
    """Adjacent pairs of stemmed words ("wage garnish"): how phrases are looked up."""
    return [f"{a} {b}" for a, b in pairwise(words)]


_recent = local()


def _stems_once(text: str) -> list[str]:
    """`stems(text)`, computed once for the two fields (`content`, `pairs`) that read the same
    text one after the other while a document is indexed."""
    last = getattr(_recent, "last", None)
    if last is not None and last[0] is text:
        return last[1]
    words = stems(text)
    _recent.last = (text, words)
    return words


class StemWords(Analyzer):
    """Whoosh's analyzer protocol over `stems()`' rules, with positions and character offsets
    when asked (the highlighter asks for offsets)."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for match in WORD.finditer(value):
            word = match.group().lower()
            stopped = len(word) < MIN_LENGTH or word in STOPS
            if stopped and removestops:
                position += 1
                continue
            token.text = word if stopped else stem(word)
            token.stopped = stopped
            token.boost = 1.0
            if keeporiginal:
                token.original = match.group()
            if positions:
                token.pos = position
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            position += 1
            yield token

    def __eq__(self, other):
        return type(other) is type(self)

    __hash__ = Analyzer.__hash__


class _CountedText(TEXT):
    """A text field indexed from word counts alone: no positions, no offsets, no lengths."""

    def __init__(self, **kwargs):
        super().__init__(analyzer=StemWords(), phrase=False, **kwargs)
        self.scorable = False

    def terms(self, text: str) -> list[str]:
        raise NotImplementedError

    def index(self, value, **kwargs):
        # What Whoosh's Frequency format yields, counted without its token pipeline.
        boost = self.format.field_boost
        return (
            (term.encode("utf-8"), count, float(count) * boost, pack_uint(count))
            for term, count in Counter(self.terms(value)).items()
        )


class Words(_CountedText):
    """Stemmed words (the `content` and `subject` fields)."""

    def terms(self, text: str) -> list[str]:
        return _stems_once(text)


class ClientWords(_CountedText):
    """The words of a client-visible entry's text, each as "<viewer term> <word>" (the
    `client_words` field, indexed from `(viewer term, text)`): a client user's words are
    looked up among that client's entries only."""

    def terms(self, value: tuple[str, str]) -> list[str]:
        viewer, text = value
        return [f"{viewer} {word}" for word in _stems_once(text)]

    def process_text(self, qstring, mode="", **kwargs):
        # A client's word is looked up as it is written ("c17 garnish"), never re-analysed.
        yield qstring


class WordPairs(_CountedText):
    """The adjacent pairs of the same text's stemmed words (the `pairs` field). A phrase is
    looked up as its pairs: single terms whose postings the collector can skip through, where
    checking word positions in every item that holds all the words took 2 s for a common phrase
    at 100,000 items."""

    def terms(self, text: str) -> list[str]:
        return pair_terms(_stems_once(text))

    def process_text(self, qstring, mode="", **kwargs):
        # A pair term is looked up as it is written ("wage garnish"), never re-analysed.
        yield qstring
