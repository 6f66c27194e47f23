"""A stub group robot on loopback: an http.server in a thread that records every POST and answers as
told (optionally late). It serves only while its `with` block runs, and shuts itself down after
`lifetime` seconds whatever happens."""
from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OK = {"errcode": 0, "errmsg": "ok"}


@dataclass
class Received:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: object


class StubRobot:
    def __init__(self, *, status: int = 200, reply=OK, delay: float = 0, lifetime: float = 30):
        self.status, self.reply, self.delay, self.lifetime = status, reply, delay, lifetime
        self.received: list[Received] = []
        self._release = threading.Event()  # set on stop: a late answer waits no longer
        self._lock, self._stopped = threading.Lock(), False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/robot/send?access_token=stub-token"

    def __enter__(self):
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                split = urllib.parse.urlsplit(self.path)
                robot.received.append(Received(
                    path=split.path, query=dict(urllib.parse.parse_qsl(split.query)),
                    headers={k.lower(): v for k, v in self.headers.items()}, json=json.loads(body.decode("utf-8"))))
                if robot.delay:
                    robot._release.wait(robot.delay)
                answer = json.dumps(robot.reply).encode()
                self.send_response(robot.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # the client gave up (timeout): nothing to report

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        self._timer = threading.Timer(self.lifetime, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self):
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        self._release.set()
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __exit__(self, *exc):
        self.stop()
