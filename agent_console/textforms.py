"""How fault codes and free text are compared: one written form for what people type many ways."""

import re
import unicodedata

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs, as a character-class range
_ANY_HAN = re.compile(f"[{HAN}]")
_NOT_WORD = re.compile(r"[\W_]+")
_HEX = re.compile(r"[0-9a-f]+")


def normalize(text: str) -> str:
    """Lower case, full-width folded to ASCII, punctuation to single spaces."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return _NOT_WORD.sub(" ", folded).strip()


def canonical_code(code: str) -> str:
    """One form for every way a fault code is written: 0x0000007B, 0x7b, 7B -> "7b"."""
    compact = normalize(code).replace(" ", "")
    digits = compact.removeprefix("0x")
    if _HEX.fullmatch(digits) and (digits != compact or any(c.isalpha() for c in digits)):
        return digits.lstrip("0") or "0"
    return compact


_CODE_IN_TEXT = re.compile(r"0x[0-9a-fA-F]{2,}|\b[A-Z]{2,5}\d{3,5}\b|\b\d{1,3}\.[0-9A-Z]{1,4}\b")


def fault_codes_in(text: str) -> list[str]:
    """Fault codes as devices show them, found in free text: 0x0000007B, 13.A2, FAN0001."""
    return list(dict.fromkeys(_CODE_IN_TEXT.findall(text)))


def has_han(text: str) -> bool:
    """Whether the text has Chinese characters in it."""
    return _ANY_HAN.search(text) is not None
