"""A throttled loopback TCP proxy that simulates a slow network link for the sync benchmarks.

The sync benchmarks need to show how the client behaves on a poor connection (a mobile or
satellite link, e.g. 64 kbit/s with 300 ms round trip) without a real one. `ThrottledProxy`
listens on 127.0.0.1, forwards every accepted connection to a target server and, in each
direction, acts like one shared link:

- bandwidth: bytes leave no faster than ``bits_per_second / 8`` bytes per second, through a token
  bucket of ``chunk_bytes`` (512 by default), so an idle link lets one small chunk through at
  once and everything else queues behind it; all connections in a direction share the budget;
- latency: ``latency_s`` is the round-trip time, so each chunk is delivered ``latency_s / 2``
  after it has left the bucket, in both directions; order is preserved.

Bytes delivered are counted per direction (`bytes_up`, client to server; `bytes_down`, server to
client). Not simulated: packet loss, the TCP handshake (connecting to the proxy is instant) and
per-packet header overhead. The proxy runs its own asyncio loop in a daemon thread, so it can
wrap synchronous and asynchronous clients alike:

    with ThrottledProxy(server_port, bits_per_second=64_000, latency_s=0.3) as proxy:
        httpx.get(f"http://127.0.0.1:{proxy.port}/...")
        print(proxy.bytes_up, proxy.bytes_down)
"""

import asyncio
import contextlib
import threading
from types import TracebackType

__all__ = ["ThrottledProxy"]

_EOF = object()  # queue marker: the source half-closed; half-close the destination in turn
_RESET = object()  # queue marker: the source failed; reset the destination in turn


class _Link:
    """One direction of the link: a token bucket shared by every connection, plus a fixed delay.

    The bucket is kept as the time at which the link has sent everything reserved so far; an
    idle link banks at most `burst_bytes` of credit.
    """

    def __init__(self, bytes_per_second: float, delay_s: float, burst_bytes: int) -> None:
        self.rate = bytes_per_second
        self.delay_s = delay_s
        self._burst_s = burst_bytes / bytes_per_second
        self._sent_at = float("-inf")

    def reserve(self, n_bytes: int, now: float) -> float:
        """Reserve the link for `n_bytes`; return the (loop) time at which they have left."""
        start = max(self._sent_at, now - self._burst_s)
        self._sent_at = start + n_bytes / self.rate
        return max(self._sent_at, now)


class ThrottledProxy:
    """A loopback TCP proxy to `target_host:target_port` over a simulated slow link.

    Use it as a context manager (or call `start` and `close`): on entry it listens on a free
    port of 127.0.0.1 (`port`) and serves from a background thread; on exit it closes every
    connection and stops the thread.
    """

    def __init__(
        self,
        target_port: int,
        bits_per_second: float = 64_000,
        latency_s: float = 0.3,
        target_host: str = "127.0.0.1",
        *,
        chunk_bytes: int = 512,
    ) -> None:
        if bits_per_second <= 0:
            raise ValueError("bits_per_second must be positive")
        if latency_s < 0:
            raise ValueError("latency_s must not be negative")
        if chunk_bytes <= 0:
            raise ValueError("chunk_bytes must be positive")
        self.target_host = target_host
        self.target_port = target_port
        self.bits_per_second = bits_per_second
        self.latency_s = latency_s
        self.chunk_bytes = chunk_bytes
        self.port = 0
        self._up = _Link(bits_per_second / 8, latency_s / 2, chunk_bytes)
        self._down = _Link(bits_per_second / 8, latency_s / 2, chunk_bytes)
        self._count_lock = threading.Lock()
        self._bytes_up = 0
        self._bytes_down = 0
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._handlers: set[asyncio.Task[None]] = set()
        self._forwarding: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    # -- counters ---------------------------------------------------------------------------

    @property
    def bytes_up(self) -> int:
        """Bytes delivered client to server since the start or the last `reset_counts`."""
        with self._count_lock:
            return self._bytes_up

    @property
    def bytes_down(self) -> int:
        """Bytes delivered server to client since the start or the last `reset_counts`."""
        with self._count_lock:
            return self._bytes_down

    def reset_counts(self) -> None:
        with self._count_lock:
            self._bytes_up = 0
            self._bytes_down = 0

    def _count(self, link: _Link, n_bytes: int) -> None:
        with self._count_lock:
            if link is self._up:
                self._bytes_up += n_bytes
            else:
                self._bytes_down += n_bytes

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> "ThrottledProxy":
        if self._thread is not None:
            raise RuntimeError("ThrottledProxy already started")
        self._ready.clear()
        self._startup_error = None
        self._thread = threading.Thread(
            target=self._run, name=f"throttled-proxy-{self.target_port}", daemon=True
        )
        self._thread.start()
        self._ready.wait()
        if self._startup_error is not None:
            self._thread.join()
            self._thread = None
            raise self._startup_error
        return self

    def close(self) -> None:
        thread, loop, stop = self._thread, self._loop, self._stop
        if thread is None:
            return
        if loop is not None and stop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already stopped
                loop.call_soon_threadsafe(stop.set)
        thread.join()
        self._thread = None

    def __enter__(self) -> "ThrottledProxy":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:
            if not self._ready.is_set():
                self._startup_error = exc
            else:
                raise
        finally:
            self._loop = None
            self._stop = None
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            server.close()
            await asyncio.sleep(0)  # let connections accepted just now register their handler
            for writer in list(self._writers):
                writer.transport.abort()
            for task in list(self._forwarding):
                task.cancel()
            await asyncio.gather(*self._handlers, return_exceptions=True)
            await server.wait_closed()

    # -- forwarding -------------------------------------------------------------------------

    async def _handle(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        # This task must end normally: asyncio 3.11 logs an error if a connection's handler task
        # ends cancelled. So the forwarding runs in a subtask, which shutdown cancels.
        handler = asyncio.current_task()
        assert handler is not None
        self._handlers.add(handler)
        self._writers.add(client_writer)
        forwarding = asyncio.create_task(self._forward(client_reader, client_writer))
        self._forwarding.add(forwarding)
        try:
            await forwarding
        except asyncio.CancelledError:
            if not forwarding.cancelled():  # this handler itself was cancelled: let it be
                raise
        finally:
            client_writer.transport.abort()  # no-op once closed
            self._writers.discard(client_writer)
            self._forwarding.discard(forwarding)
            self._handlers.discard(handler)

    async def _forward(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(
                self.target_host, self.target_port
            )
        except OSError:
            return
        self._writers.add(server_writer)
        writers = (client_writer, server_writer)
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(self._pump(client_reader, client_writer, server_writer, self._up))
                group.create_task(
                    self._pump(server_reader, server_writer, client_writer, self._down)
                )
            for writer in writers:
                writer.close()
            for writer in writers:
                with contextlib.suppress(OSError):
                    await writer.wait_closed()
        finally:
            server_writer.transport.abort()  # no-op once closed
            self._writers.discard(server_writer)

    async def _pump(
        self,
        src_reader: asyncio.StreamReader,
        src_writer: asyncio.StreamWriter,
        dst_writer: asyncio.StreamWriter,
        link: _Link,
    ) -> None:
        """Forward one direction of a connection through `link`, until EOF or an error."""
        queue: asyncio.Queue[tuple[float, object]] = asyncio.Queue()
        async with asyncio.TaskGroup() as group:
            group.create_task(self._deliver(queue, src_writer, dst_writer, link))
            await self._take_in(src_reader, queue, link)

    async def _take_in(
        self, reader: asyncio.StreamReader, queue: asyncio.Queue[tuple[float, object]], link: _Link
    ) -> None:
        loop = asyncio.get_running_loop()
        end = _EOF
        try:
            while data := await reader.read(self.chunk_bytes):
                sent_at = link.reserve(len(data), loop.time())
                wait = sent_at - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                queue.put_nowait((sent_at + link.delay_s, data))
        except OSError:
            end = _RESET
        queue.put_nowait((loop.time() + link.delay_s, end))

    async def _deliver(
        self,
        queue: asyncio.Queue[tuple[float, object]],
        src_writer: asyncio.StreamWriter,
        dst_writer: asyncio.StreamWriter,
        link: _Link,
    ) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due, item = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                if item is _EOF:
                    if dst_writer.can_write_eof() and not dst_writer.transport.is_closing():
                        dst_writer.write_eof()
                    return
                if item is _RESET:
                    dst_writer.transport.abort()
                    return
                assert isinstance(item, bytes)
                dst_writer.write(item)
                self._count(link, len(item))
                await dst_writer.drain()
            except OSError:  # the destination went away: reset the source as a peer would
                src_writer.transport.abort()
                return
