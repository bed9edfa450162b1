"""Hybrid logical clock: wall time plus a counter plus the client id.

Timestamps order every change across clients even when their clocks disagree; the sync
merge (ARCHITECTURE.md, "Sync") takes the highest timestamp per field. They are encoded as
fixed-width strings so that string order is clock order.
"""

from dataclasses import dataclass

_MAX_COUNTER = 0xFFFF
MAX_DRIFT_MS = 60 * 60 * 1000


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:04x}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> "Timestamp":
        wall, counter, node = text.split("-", 2)
        return cls(int(wall), int(counter, 16), node)


def tick(last: Timestamp | None, now_ms: int, node: str) -> Timestamp:
    """The timestamp of a local event: after `last` and no earlier than the wall clock."""
    if last is None or now_ms > last.wall_ms:
        return Timestamp(now_ms, 0, node)
    if last.counter >= _MAX_COUNTER:
        return Timestamp(last.wall_ms + 1, 0, node)
    return Timestamp(last.wall_ms, last.counter + 1, node)


def receive(
    last: Timestamp | None,
    remote: Timestamp,
    now_ms: int,
    node: str,
    max_drift_ms: int = MAX_DRIFT_MS,
) -> Timestamp:
    """Advance the local clock past a remote timestamp; remote clocks far ahead are clamped."""
    remote_wall = min(remote.wall_ms, now_ms + max_drift_ms)
    remote = Timestamp(remote_wall, remote.counter if remote_wall == remote.wall_ms else 0, node)
    latest = max(last, remote) if last is not None else remote
    return tick(latest, now_ms, node)
