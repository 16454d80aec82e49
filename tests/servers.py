"""Run the dev server's apps in threads of the test process, on free loopback ports."""

import socket
import threading

import uvicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerThread:
    """One uvicorn server in a daemon thread; ``stop()`` shuts it down cleanly."""

    def __init__(self, app, port: int) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> "ServerThread":
        self.thread.start()
        # `started` flips once the socket listens; the thread dies early if it can't bind.
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("server failed to start")
            self.thread.join(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
