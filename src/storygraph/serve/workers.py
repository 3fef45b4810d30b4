"""SPARQL endpoint queries in worker processes that are killed when a query runs too long.

pyoxigraph cannot stop a query and a thread cannot be killed, so, as ``storygraph query
--timeout`` does (:mod:`storygraph.query.child`), a query runs in another process. The
command line starts one process per query; a server answering many queries keeps a few
processes warm instead, each holding the store open read-only (no lock), and starts a fresh
one in place of a process it had to kill. A worker runs the query with
:func:`~storygraph.query.run_query`, so the endpoint answers exactly as ``storygraph query``
does: the read-only check, the predeclared prefixes, the W3C result formats.
"""

from __future__ import annotations

import functools
import json
import os
import queue
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storygraph import errors
from storygraph.errors import QueryError
from storygraph.query import run_query
from storygraph.serve.handle import StoreHandle
from storygraph.store import Store

__all__ = ["QueryWorkers"]


def _answer(store: Store, *, query: str, fmt: str, allow_service: bool) -> str:
    return run_query(store, query, fmt, allow_service=allow_service)


def worker_main() -> None:  # pragma: no cover - runs in the worker process
    """A worker's loop: a JSON request a line on stdin, a JSON answer a line on stdout.

    The first line names the store: ``{"location": …, "allow_service": …}``; then each
    request is ``{"query": …, "fmt": …}`` and each answer ``{"ok": text}`` or
    ``{"error": kind, "message": …}``.
    """
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # nothing else may write into the answers
    first = json.loads(sys.stdin.readline())
    location, allow_service = first["location"], bool(first["allow_service"])
    handle: StoreHandle | None = None
    for line in sys.stdin:
        request = json.loads(line)
        query, fmt = request["query"], request["fmt"]
        try:
            if handle is None:
                handle = StoreHandle(location)
            text = handle.read(
                functools.partial(_answer, query=query, fmt=fmt, allow_service=allow_service)
            )
            answer: dict[str, Any] = {"ok": text}
        except errors.StorygraphError as exc:
            answer = {"error": type(exc).__name__, "message": str(exc)}
        except Exception as exc:  # a bug: reported, and the worker keeps serving
            answer = {"error": "QueryError", "message": f"the query failed: {exc!r}"}
        out.write(json.dumps(answer).encode("utf-8") + b"\n")
        out.flush()


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    buffer: bytes = b""

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode("utf-8") + b"\n")
        self.process.stdin.flush()

    def receive(self, timeout: float) -> dict[str, Any] | None:
        """The next answer, or None when none came within ``timeout`` seconds."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise EOFError("the worker ended")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        answer: dict[str, Any] = json.loads(line)
        return answer


class QueryWorkers:
    """A few warm worker processes for the SPARQL endpoint.

    Args:
        location: the embedded store's directory.
        size: how many queries run at once.
        timeout: seconds a query may run before its worker is killed.
        allow_service: permit SERVICE calls (the command line's ``--allow-service``).
    """

    def __init__(
        self, location: str, *, size: int = 2, timeout: float = 10.0, allow_service: bool = False
    ) -> None:
        self.location = location
        self.timeout = timeout
        self.allow_service = allow_service
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._closed = False
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from storygraph.serve.workers import worker_main; worker_main()",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        worker = _Worker(process)
        worker.send({"location": self.location, "allow_service": self.allow_service})
        with self._lock:
            self._all.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        if worker.alive():
            worker.process.kill()
        worker.process.wait()
        for pipe in (worker.process.stdin, worker.process.stdout):
            if pipe is not None:
                pipe.close()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def _replace(self) -> None:
        self._idle.put(None if self._closed else self._start())

    def run(self, query: str, fmt: str) -> str:
        """Run a read-only query in a worker and return its formatted answer.

        Raises:
            QueryError: the query ran longer than the time limit (and was stopped), or its
                worker failed; the errors of :func:`~storygraph.query.run_query` as they are.
        """
        worker = self._idle.get()
        if worker is None or not worker.alive():
            if worker is not None:
                self._retire(worker)
            worker = self._start()
        answer: dict[str, Any] | None = None
        try:
            worker.send({"query": query, "fmt": fmt})
            answer = worker.receive(self.timeout)
        except (EOFError, OSError, ValueError) as exc:
            self._retire(worker)
            worker = None
            raise QueryError("the query's worker process ended without an answer") from exc
        finally:
            if worker is not None and answer is None:
                self._retire(worker)
                worker = None
            if worker is not None or self._closed:
                self._idle.put(worker)
            else:  # a fresh worker in place of the one that was stopped, started meanwhile
                threading.Thread(target=self._replace, daemon=True).start()
        if answer is None:
            raise QueryError(
                f"the query ran for more than {self.timeout:g} s and was stopped; "
                "start the server with a larger --timeout to give queries longer"
            )
        if "ok" in answer:
            return str(answer["ok"])
        kind = getattr(errors, str(answer.get("error")), None)
        if isinstance(kind, type) and issubclass(kind, errors.StorygraphError):
            raise kind(str(answer["message"]))
        raise QueryError(str(answer.get("message")))

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._retire(worker)
