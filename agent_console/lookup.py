"""Finding the caller: fuzzy ranking of customer names (typos, partial names, any case)."""

from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

NAME_CUTOFF = 50


def rank_names(query: str, names: Sequence[str], limit: int) -> list[int]:
    """Indexes into `names` of the best matches, best first.

    WRatio copes with word order and partial names in English; Chinese names are two to four
    characters, so one wrong character still scores 50 or more and stays in the list.
    """
    matches = process.extract(
        query, names, scorer=fuzz.WRatio, processor=utils.default_process,
        limit=limit, score_cutoff=NAME_CUTOFF,
    )  # fmt: skip
    return [index for _, _, index in matches]
