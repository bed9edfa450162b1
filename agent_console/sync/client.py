"""One sync with the central server: push the outbox in batches, then pull pages until caught
up. Every step is its own transaction on both sides, so a sync cut off at any moment resumes
where it stopped and resends nothing the server acknowledged."""

from dataclasses import dataclass, field

import httpx

from agent_console.errors import NotLoggedIn, ServerUnreachable, SyncRefused, TokenRefused
from agent_console.store import sync as local
from agent_console.store.engine import Store
from agent_console.sync import protocol
from agent_console.sync.protocol import WireError

PUSH_BATCH = 200
PULL_PAGE = 500
TIMEOUT_S = 60.0


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    pulled_by_entity: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    refused: list[int] = field(default_factory=list)
    pending: int = 0


def connect(
    server: str, token: str, client_id: str, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    return httpx.Client(
        base_url=server,
        headers={"Authorization": f"Bearer {token}", "X-Client": client_id},
        transport=transport,
        timeout=TIMEOUT_S,
    )


def who_am_i(server: str, token: str, transport: httpx.BaseTransport | None = None) -> str:
    """The account name a token belongs to (checks the server and the token)."""
    with connect(server, token, "", transport) as http:
        response = _request(http, server, "GET", "/v1/me")
        return str(response.json()["name"])


def sync(store: Store, transport: httpx.BaseTransport | None = None) -> SyncReport:
    link = local.link(store)
    if link is None:
        raise NotLoggedIn
    report = SyncReport()
    with connect(link.server, link.token, local.client_id(store), transport) as http:
        _push(store, http, link.server, report)
        _pull(store, http, link.server, report)
    report.pending = local.pending_count(store)
    return report


def _request(http: httpx.Client, server: str, method: str, path: str, **kwargs) -> httpx.Response:
    try:
        response = http.request(method, path, **kwargs)
    except httpx.HTTPError as error:
        raise ServerUnreachable(server=server, detail=str(error) or type(error).__name__) from None
    if response.status_code == 401:
        raise TokenRefused(server=server)
    return response


def _push(store: Store, http: httpx.Client, server: str, report: SyncReport) -> None:
    client_id = local.client_id(store)
    while batch := local.pending(store, PUSH_BATCH):
        response = _request(
            http, server, "POST", "/v1/push",
            content=protocol.encode_push(client_id, batch),
            headers={"Content-Type": "application/octet-stream"},
        )  # fmt: skip
        gap = _json(response) if response.status_code == 409 else {}
        if "expected" in gap:
            expected = int(gap["expected"])
            if expected <= batch[0].mutation_id:
                raise _refused(server, response)  # the server lacks changes we no longer have
            local.forget_through(store, expected - 1)  # it has them: its answer was lost
            continue
        if response.status_code not in {200, 403} or not _is_sync_body(response):
            raise _refused(server, response)
        result = _decode(server, response, protocol.decode_push_result)
        local.forget_through(store, result.acknowledged)
        report.pushed += result.acknowledged - batch[0].mutation_id + 1
        report.conflicts += result.conflicts
        report.refused += result.refused


def _pull(store: Store, http: httpx.Client, server: str, report: SyncReport) -> None:
    since = local.pulled(store)
    after = local.cursor(store)
    while True:
        response = _request(
            http, server, "GET", "/v1/pull",
            params={"since": since, "after": after, "limit": PULL_PAGE},
        )  # fmt: skip
        if response.status_code == 304:
            local.caught_up(store, after)
            return
        if response.status_code != 200 or not _is_sync_body(response):
            raise _refused(server, response)
        page = _decode(server, response, protocol.decode_page)
        applied = local.apply_page(store, page)
        report.pulled += applied.changes
        for entity, count in applied.by_entity.items():
            report.pulled_by_entity[entity] = report.pulled_by_entity.get(entity, 0) + count
        if not page.more:
            return
        after = page.cursor


def _is_sync_body(response: httpx.Response) -> bool:
    return response.headers.get("content-type", "").startswith(protocol.MEDIA_TYPE)


def _decode(server: str, response: httpx.Response, decoder):
    try:
        return decoder(response.content)
    except WireError as error:
        raise SyncRefused(server=server, status=response.status_code, detail=str(error)) from None


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _refused(server: str, response: httpx.Response) -> SyncRefused:
    detail = _json(response).get("detail") or response.text[:200] or response.reason_phrase
    return SyncRefused(server=server, status=response.status_code, detail=str(detail))
