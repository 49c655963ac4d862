"""Warm the server while the first visitor's browser loads Streamlit's frontend.

A new ``klyngekort run`` process answers its health check as soon as Streamlit listens. The first
browser then spends most of a second loading and starting Streamlit's JavaScript before it asks
for a script run; until now the server sat idle in that time and did all of its first-run work
(imports, opening the store, reading the dataset, building the default view's map) after the
browser asked. :func:`start` runs that work in the gap instead: a thread waits until the server
listens, opens one session on the server's own websocket, as a browser would (``BackMsg`` /
``ForwardMsg`` from ``streamlit.proto``), runs the default page once and closes the session.

What it computes lands in the caches every session shares (the store's dataset per revision,
``per_view`` payloads); nothing personal is cached, and the session is gone afterwards. A visitor
who arrives while it runs waits on the same cache entries instead of computing them twice
(Streamlit holds one lock per cache key). A warm-up that fails (the port is taken, viewing needs a
sign-in, the data has errors) changes nothing: the visitor's own run does the work, as before.
Set ``KLYNGEKORT_WARMUP=0`` to switch it off.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time

_LOG = logging.getLogger(__name__)
ENV_WARMUP = "KLYNGEKORT_WARMUP"
_STARTED: list[threading.Thread] = []


def enabled() -> bool:
    return os.environ.get(ENV_WARMUP, "1").strip().lower() not in ("0", "false", "no", "off")


def _address() -> str | None:
    """``host:port/base`` of this process's server once it listens, else ``None``."""
    from streamlit import config
    from streamlit.runtime import Runtime, RuntimeState

    if not Runtime.exists():
        return None
    if Runtime.instance().state not in (
        RuntimeState.NO_SESSIONS_CONNECTED,
        RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED,
    ):
        return None
    host = config.get_option("server.address") or "127.0.0.1"
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"{host}:{config.get_option('server.port')}" + (f"/{base}" if base else "")


async def _one_run(address: str, timeout_s: float) -> str:
    """One run of the default page on a new session; returns how the script ended."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    async with websockets.connect(
        f"ws://{address}/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        origin=f"http://{address.split('/', 1)[0]}",  # type: ignore[arg-type]
        max_size=None,
        open_timeout=timeout_s,
        ping_interval=None,
    ) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = ""
        await ws.send(msg.SerializeToString())
        while True:
            fm = ForwardMsg.FromString(await asyncio.wait_for(ws.recv(), timeout_s))
            if fm.WhichOneof("type") == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)
                if status != "FINISHED_EARLY_FOR_RERUN":  # st.rerun(): the next run follows
                    return status


def _warm(wait_s: float, timeout_s: float) -> None:
    deadline = time.monotonic() + wait_s
    address = None
    while address is None and time.monotonic() < deadline:
        address = _address()
        if address is None:
            time.sleep(0.02)
    if address is None:
        return
    t0 = time.perf_counter()
    try:
        status = asyncio.run(_one_run(address, timeout_s))
    except Exception as exc:  # noqa: BLE001 - a failed warm-up only means the first visitor does the work
        _LOG.info("warm-up run failed: %s: %s", type(exc).__name__, exc)
        return
    _LOG.info("warm-up run: %s in %.2f s", status, time.perf_counter() - t0)


def start(wait_s: float = 60.0, timeout_s: float = 120.0) -> threading.Thread | None:
    """Start the warm-up thread (once per process; not when switched off)."""
    if not enabled() or _STARTED:
        return None
    thread = threading.Thread(target=_warm, args=(wait_s, timeout_s), name="klyngekort-warmup", daemon=True)
    thread.start()
    _STARTED.append(thread)
    return thread
