"""Normalizing what callers tell us, so the same phone number always finds the same customer."""

import re

from agent_console.errors import InvalidValue

_PHONE_NOISE = re.compile(r"[\s\-().]")
_COUNTRY_PREFIX = re.compile(r"^(\+86|0086)")
_PHONE = re.compile(r"^\+?\d{5,15}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_phone(raw: str) -> str:
    """Digits without the China country code: "+86 138-0013-8000" -> "13800138000"."""
    phone = _COUNTRY_PREFIX.sub("", _PHONE_NOISE.sub("", raw.strip()))
    if not _PHONE.match(phone):
        raise InvalidValue(field="phone", value=raw, reason="phone_digits")
    return phone


def looks_like_phone(text: str) -> bool:
    try:
        normalize_phone(text)
    except InvalidValue:
        return False
    return True


def check_email(raw: str) -> str:
    email = raw.strip()
    if not _EMAIL.match(email):
        raise InvalidValue(field="email", value=raw, reason="email_format")
    return email


def require_text(raw: str, field: str) -> str:
    text = raw.strip()
    if not text:
        raise InvalidValue(field=field, value=raw, reason="empty")
    return text
