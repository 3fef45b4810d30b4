"""SPARQL servers that tests start: the Oxigraph server from the venv, on a free local port."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import require
from storygraph.store import RemoteStore

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A SPARQL server process that this module started."""

    name: str
    url: str
    union_graph: str | None
    proc: subprocess.Popen[bytes]
    log: Path
    location: Path
    port: int
    #: graphs the server holds of its own (Virtuoso's system graphs), kept across resets
    own_graphs: frozenset[str] = frozenset()

    def store(self) -> RemoteStore:
        return RemoteStore(self.url, union_graph=self.union_graph, retries=0, timeout=20)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)


def post(url: str, **fields: str) -> bytes:
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(
        url,
        data=body,
        headers={"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        data: bytes = response.read()
        return data


def wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"the server exited ({proc.returncode}):\n{log.read_text(errors='replace')}"
            )
        try:
            post(url, query="ASK {}")
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    proc.kill()
    pytest.fail(
        f"the server at {url} did not answer in {seconds}s:\n{log.read_text(errors='replace')}"
    )


def start_oxigraph(location: Path, port: int | None = None) -> Server:
    require(OXIGRAPH.is_file(), f"{OXIGRAPH} is absent (the oxigraph PyPI package)")
    port = port or free_port()
    log = location.parent / f"{location.name}-oxigraph.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/query"
    wait_until_up(url, proc, log, 30)
    return Server("oxigraph", url, None, proc, log, location, port)
