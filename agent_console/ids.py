"""Time-ordered UUIDs (RFC 9562 version 7) made on the client.

Records created offline on different machines never collide, and ids sort by creation time,
so new rows append to the end of primary-key indexes.
"""

import os
import threading
import time
import uuid

_VERSION_7 = 0x7 << 76
_VARIANT_RFC = 0x2 << 62
_RAND_A_MASK = (1 << 12) - 1
_RAND_B_MASK = (1 << 62) - 1

_lock = threading.Lock()
_last_ms = 0
_last_rand_a = 0


def uuid7_from(unix_ms: int, random_bits: int) -> uuid.UUID:
    """Build a version-7 UUID from a millisecond timestamp and 74 bits of randomness."""
    rand_a = (random_bits >> 62) & _RAND_A_MASK
    rand_b = random_bits & _RAND_B_MASK
    value = (unix_ms & ((1 << 48) - 1)) << 80 | _VERSION_7 | rand_a << 64 | _VARIANT_RFC | rand_b
    return uuid.UUID(int=value)


_BREACH_NAMESPACE = uuid.UUID("0c6f3b8e-5a77-4a8e-9d0e-6d2f4b1c7a10")


def breach_event_id(ticket_id: uuid.UUID, rule: str) -> uuid.UUID:
    """The same id on every store for one clock's breach on one ticket: when several stores
    sweep offline, sync keeps one event instead of one per store."""
    return uuid.uuid5(_BREACH_NAMESPACE, f"{ticket_id}/{rule}")


def new_id() -> uuid.UUID:
    """A fresh version-7 UUID, strictly increasing within this process."""
    global _last_ms, _last_rand_a
    random_bits = int.from_bytes(os.urandom(10))
    with _lock:
        now_ms = time.time_ns() // 1_000_000
        if now_ms > _last_ms:
            _last_ms, _last_rand_a = now_ms, (random_bits >> 62) & (_RAND_A_MASK >> 1)
        else:  # same millisecond (or the clock stepped back): count up so order holds
            _last_rand_a += 1
            if _last_rand_a > _RAND_A_MASK:
                _last_ms, _last_rand_a = _last_ms + 1, 0
        rand_a = _last_rand_a
        unix_ms = _last_ms
    return uuid7_from(unix_ms, rand_a << 62 | (random_bits & _RAND_B_MASK))
