#!/usr/bin/env python3
"""A local HTTP server for CGMKit's loopback tests (Tests/CGMKitLoopbackTests).

Usage: loopback-server.py EXCHANGES_DIR PORT_FILE [--lifetime SECONDS]

Binds 127.0.0.1 on a free port, writes the port to PORT_FILE, and serves until the
lifetime (default 1,200 s) ends. It replays recorded exchanges in the fixture format of
Docs/Fixtures.md, so the real URLSession transport and the real clients talk to it over
a real socket. Only the standard library is used, and only loopback is ever bound.

Control paths (the tests call them; nothing else starts with /__):
  POST /__scenario/NAME  load EXCHANGES_DIR/NAME.json: its responses are served in order
                         per (method, path), and the request log is cleared
  GET  /__requests       the requests received since the scenario was loaded, as JSON
  ANY  /__stall          answers only after 5 s (the client's timeout must fire first)
  ANY  /__reset          closes the connection with a TCP reset, answering nothing
Any other request takes the next recorded response for its method and path, or gets
599 when none is left; every one is logged (a refused redirect's target never appears).
"""
import json
import pathlib
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

STALL_SECONDS = 5


class State:
    def __init__(self, directory):
        self.directory = pathlib.Path(directory)
        self.lock = threading.Lock()
        self.queues = {}
        self.log = []

    def load(self, name):
        path = self.directory / f"{name}.json"
        if not path.is_file() or "/" in name:
            return False
        fixture = json.loads(path.read_text())
        queues = {}
        for exchange in fixture["exchanges"]:
            request, response = exchange["request"], exchange["response"]
            key = (request["method"], urlsplit(request["url"]).path)
            queues.setdefault(key, []).append(response)
        with self.lock:
            self.queues = queues
            self.log = []
        return True

    def take(self, method, path):
        with self.lock:
            queue = self.queues.get((method, path), [])
            return queue.pop(0) if queue else None

    def record(self, entry):
        with self.lock:
            self.log.append(entry)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, *args):
        pass  # the tests read /__requests; nothing is printed per request

    def handle_any(self):
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        if parts.path.startswith("/__scenario/") and self.command == "POST":
            loaded = self.state.load(parts.path[len("/__scenario/"):])
            return self.answer(204 if loaded else 404, {}, "")
        if parts.path == "/__requests":
            with self.state.lock:
                return self.answer(200, {"Content-Type": "application/json"}, json.dumps(self.state.log))
        if parts.path == "/__reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return None
        self.state.record({
            "method": self.command, "path": parts.path, "query": parts.query,
            "headers": {name.lower(): value for name, value in self.headers.items()}, "body": body,
        })
        if parts.path == "/__stall":
            time.sleep(STALL_SECONDS)
            return self.answer(200, {"Content-Type": "text/plain"}, "too late")
        response = self.state.take(self.command, parts.path)
        if response is None:
            return self.answer(599, {"Content-Type": "text/plain"}, "no recorded exchange left")
        text = json.dumps(response["json"], separators=(",", ":")) if "json" in response else response.get("body", "")
        return self.answer(response["status"], response.get("headers", {}), text)

    def answer(self, status, headers, text):
        data = text.encode("utf-8")
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    lifetime = 1200
    if "--lifetime" in sys.argv:
        lifetime = int(sys.argv[sys.argv.index("--lifetime") + 1])
    Handler.state = State(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    pathlib.Path(sys.argv[2]).write_text(str(server.server_address[1]))
    threading.Timer(lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
