"""Terminal charts drawn with braille cells.

Braille is one cell wide everywhere. The usual block bars (U+2581 to U+2588) are East-Asian
"ambiguous": CJK terminals draw them two cells wide, which would break every layout for the
Chinese users.
"""

from collections.abc import Sequence

# Each braille cell is 2 dots wide and 4 high; a bar fills both columns from the bottom up.
_LEVELS = ("\u2800", "\u28c0", "\u28e4", "\u28f6", "\u28ff")
_DOTS_PER_CELL = len(_LEVELS) - 1


def resample(values: Sequence[float | None], width: int) -> list[float | None]:
    """`values` in at most `width` buckets, each the mean of the values it covers (None when
    it covers none)."""
    if len(values) <= width:
        return list(values)
    buckets: list[float | None] = []
    for index in range(width):
        start, end = index * len(values) // width, (index + 1) * len(values) // width
        known = [value for value in values[start:end] if value is not None]
        buckets.append(sum(known) / len(known) if known else None)
    return buckets


def bars(values: Sequence[float | None], width: int, height: int = 1) -> list[str]:
    """A bar chart `height` rows high and at most `width` cells wide, top row first. Bars
    rise from zero, or from the smallest value when it is below zero; a gap is None."""
    buckets = resample(values, width)
    known = [value for value in buckets if value is not None]
    low, high = (min(0.0, *known), max(known)) if known else (0.0, 0.0)
    steps = height * _DOTS_PER_CELL
    dots = [
        None if value is None else 1 + round((value - low) / (high - low) * (steps - 1))
        if high > low else 1
        for value in buckets
    ]  # fmt: skip
    rows = []
    for row in range(height):
        floor = (height - 1 - row) * _DOTS_PER_CELL
        rows.append("".join(
            _LEVELS[0] if level is None else _LEVELS[max(0, min(_DOTS_PER_CELL, level - floor))]
            for level in dots
        ))  # fmt: skip
    return rows
