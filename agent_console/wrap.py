"""Wrapping text to a width in terminal cells (Chinese characters take two)."""

from rich.cells import cell_len, get_character_cell_size

WORD_SLACK = 12  # break at a space only if that wastes at most this many cells


def wrap_cells(text: str, width: int, indent: int = 0) -> list[str]:
    """Break `text` into lines of at most `width` cells; continuation lines are indented.

    English breaks at the last space when one is near the end of the line; Chinese, which
    has no spaces between words, breaks anywhere, so lines stay full.
    """
    width = max(width, indent + 2)
    lines: list[str] = []
    line, used = "", 0
    space_at, space_used = -1, 0
    for character in text:
        size = get_character_cell_size(character)
        if used + size > width:
            if space_at > indent and width - space_used <= WORD_SLACK:
                head, rest = line[:space_at], line[space_at + 1 :]
            else:
                head, rest = line, ""
            lines.append(head.rstrip())
            line = " " * indent + rest
            used = cell_len(line)
            space_at = -1
        line += character
        used += size
        if character == " ":
            space_at, space_used = len(line) - 1, used - 1
    lines.append(line.rstrip())
    return lines
