"""The sync API. Stateless: any number of these processes may serve one PostgreSQL database.

    GET  /v1/me                      who the token belongs to
    POST /v1/push                    a compressed batch of mutations (sync.protocol)
    GET  /v1/pull?since=S&after=A    the next page of changes, or 304 when nothing changed

Bad input never costs a 500: no or a bad token is 401, a body over 5 MB is 413, and a body or
parameter that cannot be read is 422 with a message that says why.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from agent_console.server import accounts, pull, push
from agent_console.server.db import ServerDb
from agent_console.server.records import Member
from agent_console.sync import protocol

MEDIA_TYPE = protocol.MEDIA_TYPE


def create_app(db: ServerDb, clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
    app = FastAPI(title="agent-console server", docs_url=None, redoc_url=None)

    def member_of(authorization: Annotated[str | None, Header()] = None) -> Member:
        scheme, _, token = (authorization or "").partition(" ")
        member = accounts.authenticate(db, token.strip()) if scheme.lower() == "bearer" else None
        if member is None:
            raise HTTPException(401, "no valid token", headers={"WWW-Authenticate": "Bearer"})
        return member

    authorized = Annotated[Member, Depends(member_of)]

    @app.exception_handler(protocol.WireError)
    async def unreadable(_request: Request, error: protocol.WireError) -> JSONResponse:
        status = 413 if isinstance(error, protocol.TooLarge) else 422
        return JSONResponse({"detail": str(error)}, status_code=status)

    @app.get("/v1/me")
    def me(member: authorized) -> dict[str, str | None]:
        return {"name": member.name, "role": member.role.value, "team_id": member.team_id}

    @app.post("/v1/push")
    async def push_batch(request: Request, member: authorized) -> Response:
        batch = protocol.decode_push(await _body(request))
        now = clock()
        try:
            result = await run_in_threadpool(push.apply_push, db, member, batch, now)
        except push.Gap as gap:
            return JSONResponse(
                {"detail": f"expected mutation {gap.expected}", "expected": gap.expected},
                status_code=409,
            )
        except push.ClientOfAnotherMember:
            raise HTTPException(403, "this client store belongs to another account") from None
        except ValueError as error:  # an id that is no UUID
            raise HTTPException(422, f"bad id: {error}") from None
        body = protocol.encode_push_result(result)
        # Refused writes are set aside and acknowledged, so the client moves on; the status
        # says that some of what it sent was outside its account's scope or role.
        return Response(body, status_code=403 if result.refused else 200, media_type=MEDIA_TYPE)

    @app.get("/v1/pull")
    def pull_changes(
        member: authorized,
        since: Annotated[int, Query(ge=0)] = 0,
        after: Annotated[int | None, Query(ge=0)] = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = pull.DEFAULT_PAGE,
        client: Annotated[str, Header(alias="X-Client")] = "",
    ) -> Response:
        page = pull.pull_page(
            db, member, client, since=since, after=since if after is None else after, limit=limit
        )
        if page is None:
            return Response(status_code=304)
        return Response(protocol.encode_page(page), media_type=MEDIA_TYPE)

    return app


async def _body(request: Request) -> bytes:
    """The request body, refused with 413 as soon as it passes the limit."""
    limit = protocol.MAX_BODY_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HTTPException(413, f"body over {limit} bytes")
    return bytes(body)
