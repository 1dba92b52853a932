"""How hits are ranked: BM25's saturating term frequency, without its length normalisation.

Whoosh's default BM25F looks up every matching document's field length to score it, and its
per-block upper bounds are too loose to skip anything when a word (payment, debtor) occurs in
most items, so a common word cost a Python call per match: ~550 ms at 100,000 items. Scoring
from the term frequency alone lets the collector skip whole blocks that cannot reach the
current top 20 (their best frequency bounds their best score), which brought that query to
~40 ms. Correspondence items are of similar length, so little is lost by not normalising.
"""

from whoosh import scoring

K1 = 1.2  # BM25's saturation: the 5th occurrence of a word counts far less than the 1st


def saturated(frequency: float, idf: float) -> float:
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
