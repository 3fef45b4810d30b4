"""Running the workbench: ``storygraph serve`` binds a local address and serves until stopped."""

from __future__ import annotations

import socket
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn

from storygraph.errors import InputError
from storygraph.serve.app import LOOPBACK_HOSTS, ServeConfig, create_app

__all__ = ["serve", "serving"]


def serve(
    config: ServeConfig,
    *,
    port: int = 8765,
    open_browser: bool = False,
    say: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
) -> None:
    """Serve the workbench on ``config.host``:``port`` until interrupted.

    Args:
        config: the store and how to run (``config.host`` is the address bound).
        port: the TCP port.
        open_browser: open the home page in the user's browser once the server is up.
        say: where the address is written.
        warn: where the warning about an address other machines reach is written.

    Raises:
        InputError: the port is out of range or cannot be listened on.
        StoreError: the store cannot be opened.
    """
    if not 0 < port < 65536:
        raise InputError(f"--port must be between 1 and 65535, not {port}")
    if config.host not in LOOPBACK_HOSTS:
        warn(
            f"serving on {config.host}, so other machines can reach the workbench, and it has "
            "no login; the default, 127.0.0.1, keeps it on this machine"
        )
    try:
        with socket.socket(socket.AF_INET6 if ":" in config.host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind((config.host, port))
    except OSError as exc:
        raise InputError(
            f"cannot listen on {config.host} port {port}: {exc.strerror}; "
            "pass another --port (or stop what uses it)"
        ) from exc
    app = create_app(config)
    shown = f"[{config.host}]" if ":" in config.host else config.host
    url = f"http://{shown}:{port}/"
    mode = "read-write (--allow-edits)" if config.allow_edits else "read-only"
    say(f"storygraph workbench on {url} ({mode}); Ctrl+C stops it")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [url]).start()
    uvicorn.run(app, host=config.host, port=port, log_level="warning", lifespan="on")


@contextmanager
def serving(config: ServeConfig, port: int = 0) -> Iterator[str]:
    """Serve the workbench in a thread for the duration of a ``with`` block (tests, benchmarks,
    notebooks); yields its base URL (``port`` 0: a free port).

    Raises:
        StoreError: the store cannot be opened.
        RuntimeError: the server did not start within 30 s.
    """
    if port == 0:
        with socket.socket() as probe:
            probe.bind((config.host, 0))
            port = int(probe.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(config), host=config.host, port=port, log_level="warning", lifespan="on"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True, name="storygraph-serve")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError("the workbench did not start")
        time.sleep(0.05)
    try:
        yield f"http://{config.host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
