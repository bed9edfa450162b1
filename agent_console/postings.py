"""Which articles hold which terms, laid out so a lookup costs C speed, not a step per article.

The terms are sorted and their article lists stored one after another in a single array, so
every term starting with a prefix is one contiguous slice, and the terms that merely contain a
text are found by one scan of the joined vocabulary (thousands of words, not the articles).
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from functools import cached_property
from itertools import chain

import numpy as np

ARTICLE = np.int32
NOTHING = np.empty(0, dtype=ARTICLE)
_LAST_CHARACTER = "\U0010ffff"
_SEPARATOR = "\n"


class Postings:
    def __init__(self, articles_by_term: Mapping[str, Iterable[int]]) -> None:
        self.terms = sorted(articles_by_term)
        lists = [sorted(set(articles_by_term[term])) for term in self.terms]
        self._offsets = np.zeros(len(lists) + 1, dtype=np.int64)
        np.cumsum([len(found) for found in lists], out=self._offsets[1:])
        self._articles = np.fromiter(
            chain.from_iterable(lists), dtype=ARTICLE, count=int(self._offsets[-1])
        )

    def exact(self, term: str) -> np.ndarray:
        """The articles holding the term, sorted and unique."""
        index = bisect_left(self.terms, term)
        if index < len(self.terms) and self.terms[index] == term:
            return self._slice(index, index + 1)
        return NOTHING

    def starting(self, prefix: str) -> np.ndarray:
        """The articles holding a term that starts with the prefix (an article may repeat)."""
        low = bisect_left(self.terms, prefix)
        return self._slice(low, bisect_left(self.terms, prefix + _LAST_CHARACTER, low))

    def containing(self, text: str) -> np.ndarray:
        """The articles holding a term with the text inside it, not at its start."""
        found: list[np.ndarray] = []
        joined, starts = self._joined
        at = joined.find(text)
        while at != -1:
            index = bisect_right(starts, at) - 1
            if at != starts[index]:
                found.append(self._slice(index, index + 1))
            at = joined.find(text, starts[index + 1])
        return np.concatenate(found) if found else NOTHING

    def all_of(self, terms: Iterable[str]) -> np.ndarray:
        """The articles holding every one of the terms."""
        result: np.ndarray | None = None
        for term in terms:
            found = self.exact(term)
            result = found if result is None else np.intersect1d(result, found, assume_unique=True)
            if not result.size:
                break
        return NOTHING if result is None else result

    @cached_property
    def _joined(self) -> tuple[str, list[int]]:
        """Every term in one string, and where each starts: made on the first `containing`."""
        joined = _SEPARATOR + _SEPARATOR.join(self.terms) + _SEPARATOR
        starts = np.cumsum([1] + [len(term) + 1 for term in self.terms]).tolist()
        return joined, starts

    def _slice(self, low: int, high: int) -> np.ndarray:
        return self._articles[self._offsets[low] : self._offsets[high]]
