"""A read-only query in a child process that is killed when it runs too long.

pyoxigraph cannot stop a query, and a thread cannot be killed: :func:`query_store` with a
``timeout`` runs the query in a process of its own.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storygraph import errors
from storygraph.errors import QueryError, QuerySyntaxError
from storygraph.query.run import check_read_only, fix_position, run_query
from storygraph.store import EmbeddedStore, open_store, resolve_location

__all__ = ["query_store"]


def query_store(
    location: str | None,
    query: str,
    fmt: str = "table",
    *,
    allow_service: bool = False,
    wait: float = 0,
    timeout: float | None = None,
    width: int | None = None,
) -> str:
    """Open the store at ``location``, run a read-only query, close it (`storygraph query`).

    With a ``timeout``, a query on an embedded store runs in a child process that is killed
    when it has not answered within ``timeout`` seconds of opening the store: pyoxigraph
    cannot stop a query, and a thread cannot be killed. The child opens the store itself
    (this process never does), so it holds the lock as any reader does and killing it
    releases the lock and frees its memory at once; a reader never writes, so a kill leaves
    the store as it was. When this process has no other thread (the command line), the child
    is a ``fork``, which costs a few milliseconds; otherwise it is a new Python interpreter
    (about 0.2 s more), because a fork copies only the calling thread, and a lock another
    thread held (RocksDB's, say, in a process that has opened a store) would stay locked in
    the child forever. A remote store's requests are bounded by ``timeout`` each (default
    30 s), retried as :class:`~storygraph.store.RemoteStore` says.

    Args:
        location: the store, as for :func:`~storygraph.store.open_store`.
        query: SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE.
        fmt: as for :func:`run_query`.
        allow_service: permit SERVICE calls to other endpoints.
        wait: seconds to wait for another process to release an embedded store.
        timeout: see above; None: no limit on an embedded store, 30 s per remote request.
        width: fit a table to this many columns (None: one line a row).

    Raises:
        QueryError: the query ran longer than ``timeout`` (and the errors of
            :func:`run_query` and :func:`~storygraph.store.open_store`).
    """
    loc = resolve_location(location)
    try:
        check_read_only(query, allow_service=allow_service)
    except QuerySyntaxError as exc:
        raise fix_position(exc, query) from exc
    if loc.startswith(("http://", "https://")) or timeout is None:
        opened = open_store(loc, create=False, wait=wait, timeout=timeout)
        with opened as store:
            return run_query(store, query, fmt, allow_service=allow_service, width=width)
    request = {
        "location": loc,
        "query": query,
        "fmt": fmt,
        "allow_service": allow_service,
        "wait": wait,
        "width": width,
    }
    return _answer(_start_child(request), timeout)


def _serve(request: dict[str, Any], fd: int) -> None:
    """The child's side: open the store, say so, answer, each as one line of JSON on ``fd``."""
    with os.fdopen(fd, "wb") as pipe:

        def send(message: dict[str, Any]) -> None:
            pipe.write(json.dumps(message).encode("ascii") + b"\n")
            pipe.flush()

        try:
            with EmbeddedStore(request["location"], create=False, wait=request["wait"]) as store:
                send({"opened": True})
                text = run_query(
                    store,
                    request["query"],
                    request["fmt"],
                    allow_service=request["allow_service"],
                    width=request["width"],
                )
            answer: dict[str, Any] = {"ok": text}
        except errors.StorygraphError as exc:
            answer = {"error": type(exc).__name__, "message": str(exc)}
        except BaseException:
            answer = {"bug": traceback.format_exc()}
        send(answer)


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux ``PR_SET_PDEATHSIG``),
    so that a query child never outlives a killed ``storygraph query`` and keeps the store
    locked; elsewhere nothing is done."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # the parent was gone before the request took effect
        os._exit(1)


def _child_main() -> None:  # pragma: no cover - runs in the spawned interpreter
    """Entry point of a spawned query process: the request on stdin, the answer on stdout."""
    request = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogatepass"))
    _die_with_parent(request["parent"])
    _serve(request, os.dup(sys.stdout.fileno()))


def _single_threaded() -> bool:
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: assume the worst
        return False


@dataclass
class _Child:
    pid: int
    fd: int
    process: subprocess.Popen[bytes] | None = None

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)

    def reap(self) -> None:
        if self.process is not None:
            self.process.wait()
        else:
            os.waitpid(self.pid, 0)


def _start_child(request: dict[str, Any]) -> _Child:
    if hasattr(os, "fork") and _single_threaded():
        read_end, write_end = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; its coverage is not collected
            try:
                _die_with_parent(parent)
                os.close(read_end)
                _serve(request, write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        return _Child(pid, read_end)
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-c", "from storygraph.query.child import _child_main; _child_main()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(json.dumps({**request, "parent": os.getpid()}).encode("ascii"))
    process.stdin.close()
    return _Child(process.pid, process.stdout.fileno(), process)


def _answer(child: _Child, timeout: float) -> str:
    """Read the child's answer; kill it if it has not answered ``timeout`` s after opening."""
    chunks: list[bytes] = []  # joined once: ``bytes +=`` made a large answer quadratic
    deadline: float | None = None
    done = False
    try:
        while True:
            if deadline is None and chunks and b"\n" in chunks[-1]:
                deadline = time.monotonic() + timeout  # the store is open: the clock starts
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and (left <= 0 or not select.select([child.fd], [], [], left)[0]):
                raise QueryError(
                    f"the query ran for more than {timeout:g} s and was stopped; "
                    "pass a larger --timeout to give it longer"
                )
            chunk = os.read(child.fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        done = True
    finally:
        if child.process is None:
            os.close(child.fd)
        elif child.process.stdout is not None:
            child.process.stdout.close()
        if not done:
            child.kill()
        child.reap()
    lines = b"".join(chunks).splitlines()
    try:
        answer = json.loads(lines[-1])
    except (IndexError, ValueError) as exc:
        raise QueryError("the query's process ended without an answer") from exc
    if "ok" in answer:
        return str(answer["ok"])
    if "error" in answer:
        kind = getattr(errors, answer["error"], None)
        if isinstance(kind, type) and issubclass(kind, errors.StorygraphError):
            raise kind(answer["message"])
        raise QueryError(answer["message"])
    raise RuntimeError(f"the query failed in its child process:\n{answer.get('bug', '')}")
