"""Client-made ids sort by time and never repeat; the hybrid clock orders every change."""

import uuid

from hypothesis import given
from hypothesis import strategies as st

from agent_console import hlc
from agent_console.ids import new_id, uuid7_from


def test_ids_are_version_7_and_strictly_increasing() -> None:
    ids = [new_id() for _ in range(5000)]
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_ids_carry_their_creation_millisecond() -> None:
    made = uuid7_from(1_795_000_000_123, random_bits=(1 << 74) - 1)
    assert made.int >> 80 == 1_795_000_000_123
    assert made.version == 7


def test_encoded_timestamps_sort_like_timestamps() -> None:
    stamps = [
        hlc.Timestamp(1_700_000_000_000, 0, "b"),
        hlc.Timestamp(1_700_000_000_000, 1, "a"),
        hlc.Timestamp(1_700_000_000_001, 0, "a"),
    ]
    assert sorted(stamps, key=lambda s: s.encode()) == sorted(stamps)
    assert hlc.Timestamp.decode(stamps[1].encode()) == stamps[1]


@given(st.lists(st.integers(min_value=0, max_value=10**13), min_size=1, max_size=50))
def test_ticks_increase_even_when_the_wall_clock_goes_back(walls: list[int]) -> None:
    last = None
    for wall in walls:
        stamp = hlc.tick(last, wall, "node")
        assert last is None or stamp > last
        last = stamp


def test_a_remote_clock_far_ahead_is_clamped() -> None:
    now = 1_700_000_000_000
    remote = hlc.Timestamp(now + 10 * hlc.MAX_DRIFT_MS, 5, "liar")
    local = hlc.receive(None, remote, now, "me")
    assert local.wall_ms <= now + hlc.MAX_DRIFT_MS
    nearby = hlc.receive(None, hlc.Timestamp(now + 1000, 3, "peer"), now, "me")
    assert nearby > hlc.Timestamp(now + 1000, 3, "peer")
