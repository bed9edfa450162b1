"""The sync wire format: it names every column of the store, and what goes in comes out."""

import zlib

import pytest
import sqlalchemy as sa

from agent_console.store.sync import TABLES
from agent_console.sync import protocol
from agent_console.sync.protocol import Change, Mutation, Page, PushResult

CLIENT = "0f0e0d0c-0b0a-4908-8706-050403020100"
TICKET = "01937f00-0000-7000-8000-000000000001"
CUSTOMER = "01937f00-0000-7000-8000-000000000002"
EVENT = "01937f00-0000-7000-8000-000000000003"


def _column_type(column: sa.Column) -> sa.types.TypeEngine:
    kind = column.type
    return kind.impl if isinstance(kind, sa.TypeDecorator) else kind


@pytest.mark.parametrize("spec", protocol.ENTITIES, ids=lambda spec: spec.name)
def test_entity_fields_are_the_columns_of_its_store_table(spec: protocol.EntitySpec) -> None:
    """A column added to (or dropped from) a store table must be added to the protocol too,
    or it would silently never travel."""
    columns = TABLES[spec.name].__table__.columns
    assert set(spec.fields) == {column.name for column in columns}
    assert len(spec.fields) == len(set(spec.fields))
    times = {column.name for column in columns if isinstance(_column_type(column), sa.DateTime)}
    assert spec.datetimes == times  # they travel as microseconds, not as ISO text


def test_every_store_table_that_syncs_has_an_entity_with_its_own_code() -> None:
    assert set(TABLES) == set(protocol.BY_NAME)
    codes = [spec.code for spec in protocol.ENTITIES]
    assert len(codes) == len(set(codes))
    assert all(len(spec.fields) <= 62 for spec in protocol.ENTITIES)  # one-character codes


def _stamp(wall_ms: int, counter: int = 0) -> str:
    return f"{wall_ms:013d}-{counter:04x}-{CLIENT}"


MUTATIONS = [
    Mutation(
        mutation_id=41,
        entity="customer",
        entity_id=CUSTOMER,
        op="insert",
        hlc=_stamp(1_795_000_000_123),
        fields={
            "id": CUSTOMER,
            "name": "周杰 Zoë",
            "phone": "13912345678",
            "email": None,
            "tier": "vip",
            "organization": "Ünïcødé GmbH 🖨",
            "region": None,
            "created_at": "2026-11-20T02:00:00.123456+00:00",
            "updated_at": "2026-11-20T02:00:00.123456+00:00",
        },
        author="王芳",
        seen=0,
    ),
    Mutation(
        mutation_id=42,
        entity="ticket",
        entity_id=TICKET,
        op="update",
        hlc=_stamp(1_795_000_000_123, counter=7),
        fields={
            "status": "resolved",
            "resolved_at": "2026-11-20T02:00:00.000001+00:00",
            "closed_at": None,
            # earlier than the mutation's own clock: a negative offset
            "due_at": "2025-01-01T00:00:00.999999+00:00",
            "subject": 'Printer "jams" \\ 卡纸\n',
        },
        author="bob",
        seen=17,
    ),
    Mutation(
        mutation_id=43,
        entity="ticket_event",
        entity_id=EVENT,
        op="insert",
        hlc=_stamp(1_795_000_000_001),  # a clock that went back: a negative wall delta
        fields={
            "id": EVENT,
            "ticket_id": TICKET,
            "kind": "note",
            "field": None,
            "old_value": None,
            "new_value": None,
            "text": "Called back; 客户不在",
            "author_id": None,
            "author": "王芳",
            "at": "2026-11-20T02:00:00.654321+00:00",
        },
        author="王芳",
        seen=17,
    ),
]


def test_push_round_trip_keeps_every_mutation_field() -> None:
    batch = protocol.decode_push(protocol.encode_push(CLIENT, MUTATIONS))
    assert batch.client_id == CLIENT
    assert batch.mutations == MUTATIONS


def test_empty_push_round_trip() -> None:
    batch = protocol.decode_push(protocol.encode_push(CLIENT, []))
    assert (batch.client_id, batch.mutations) == (CLIENT, [])


def test_push_times_travel_as_integers_not_text() -> None:
    message = protocol.decompress(protocol.encode_push(CLIENT, MUTATIONS[:2]))
    customer, ticket = protocol.BY_NAME["customer"], protocol.BY_NAME["ticket"]
    assert isinstance(message["m"][0][5][customer.field_code("created_at")], int)
    assert message["m"][1][5][ticket.field_code("due_at")] < 0  # before the mutation's clock
    assert message["m"][1][5][ticket.field_code("closed_at")] is None


def test_page_round_trip() -> None:
    page = Page(
        cursor=1234,
        more=True,
        clock=_stamp(1_795_000_000_500, counter=3),
        changes=[
            Change("ticket", TICKET, {
                "subject": "Écran noir ✓", "priority": "P2", "team_id": None,
                "updated_at": "2026-11-20T02:00:00.500001+00:00", "resolved_at": None,
            }),
            Change("ticket_event", EVENT, MUTATIONS[2].fields),
            Change("agent", CUSTOMER, {"skills": ["printers", "网络"], "active": False}),
        ],
    )  # fmt: skip
    assert protocol.decode_page(protocol.encode_page(page)) == page
    last = Page(cursor=0, more=False, clock=None, changes=[])
    assert protocol.decode_page(protocol.encode_page(last)) == last


def test_push_result_round_trip() -> None:
    result = PushResult(acknowledged=43, refused=[41, 42], conflicts=2)
    assert protocol.decode_push_result(protocol.encode_push_result(result)) == result


def test_decompress_refuses_a_zip_bomb() -> None:
    bomb = zlib.compress(b"[" + b" " * (protocol.MAX_BODY_BYTES + 10) + b"]", 9)
    assert len(bomb) < 10_000
    with pytest.raises(protocol.TooLarge):
        protocol.decompress(bomb)


def test_decompress_limit_is_on_the_unpacked_size() -> None:
    raw = b'{"k":"' + b"x" * 1000 + b'"}'
    assert protocol.decompress(zlib.compress(raw), limit=len(raw)) == {"k": "x" * 1000}
    with pytest.raises(protocol.TooLarge):
        protocol.decompress(zlib.compress(raw), limit=len(raw) - 1)


def _push_of(row: list) -> bytes:
    return protocol.compress({"c": CLIENT, "f": 1, "a": ["a"], "m": [row]})


DUE_AT = protocol.BY_NAME["ticket"].field_code("due_at")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not zlib at all", "not zlib"),
        (zlib.compress(b"\xff\xfe{oops"), "not JSON"),
        (zlib.compress(b'{"c": "x"}'), "needs c, f, a and m"),
        (_push_of(["z", TICKET, "i", 0, 0, {}, 0, 0]), "unknown entity code 'z'"),
        (_push_of(["t", TICKET, "i", 0, 0, {"~": 1}, 0, 0]), "unknown field code '~'"),
        (_push_of(["t", TICKET, "x", 0, 0, {}, 0, 0]), "mutation 1 is malformed"),
        (_push_of(["t", TICKET, "i", 0, 0, {DUE_AT: "soon"}, 0, 0]), "must be an integer"),
        (_push_of(["t", TICKET, "i", 0, 0, {}, 5, 0]), "mutation 1 is malformed"),  # no author 5
    ],
    ids=["not-zlib", "not-json", "missing-keys", "unknown-entity", "unknown-field", "bad-op",
         "text-time", "bad-author"],
)  # fmt: skip
def test_decode_push_says_what_is_wrong(body: bytes, message: str) -> None:
    with pytest.raises(protocol.WireError, match=message):
        protocol.decode_push(body)


@pytest.mark.parametrize("code", ["", "12"])
def test_a_field_code_is_one_character(code: str) -> None:
    with pytest.raises(protocol.WireError, match="unknown field code"):
        protocol.unpack_fields(protocol.BY_NAME["ticket"], {code: "T-000001"}, 0)
