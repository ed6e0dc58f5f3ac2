#!/usr/bin/env python3
"""A tiny HTTP server for bridge-web's HttpBodies tests, on Python's own http.server: Server-Sent
Events streams (dropped mid-event, retried, ended with 204), a body of any size that records how
far its writes got, and a request that never gets an answer. Every test passes its own session
(s=...), so that the server's per-session counters and log do not mix tests.

Prints the port it listens on (127.0.0.1), then serves until killed.

  /log?s=S                 the session's log, one entry a line
  /await?s=S&line=L&t=SEC  answers 200 once L is in the log, 504 after SEC seconds
  /drop?s=S                1st: retry 100, event 1, then half of event 2 and, 0.2 s later, the connection drops
                           (chunked body cut off); 2nd: event 3 and a clean end; then 204
  /cut?s=S                 1st: the head of a chunked event stream and, in the same write, the connection drops
                           (no byte of body); 2nd: event 7 and a clean end; then 204
  /cutmid?s=S              1st: head, retry 1, event 1 and half of event 2 in one write, and the connection
                           drops at once; 2nd: event 3 and a clean end; then 204
  /cutbody?n=N             the head of a chunked text/plain body, N bytes ("0123456789" repeated) in one
                           chunk, and the connection drops, all in one write (no last chunk)
  /retry?s=S               1st: retry 60000 and event a, clean end; 2nd: event b, clean end; then 204
  /mixed?s=S               1st: a BOM, CR/LF/CRLF line ends, comments, multi-line data, retry 10;
                           then 204
  /nocontent?s=S           204
  /status?code=N           answers N with a text/plain body
  /lines?n=N               N lines of text/plain: "line 1" ... "line N"
  /plain                   200 with text/plain: not an event stream
  /stall?s=S               logs "stall started", never answers, logs "stall closed" when the client
                           closes the connection
  /bytes?s=S&n=N           N bytes (byte i is i % 251), Content-Length; logs "bytes done" or
                           "bytes closed"; /stalled?s=S answers, once the writes have made no
                           progress for 0.5 s, with the number of bytes written so far
"""
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Condition()
LOGS = {}        # session -> [entry]
COUNTS = {}      # (path, session) -> requests so far
PROGRESS = {}    # session -> (bytes written, monotonic time of the last progress)

PATTERN = bytes(i % 251 for i in range(251 * 261))  # 65511 bytes, a whole number of 251-byte periods


def log(session, entry):
    with LOCK:
        LOGS.setdefault(session, []).append(entry)
        LOCK.notify_all()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass  # quiet: the tests read /log

    def do_GET(self):
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        s = q.get("s", "")
        with LOCK:
            key = (url.path, s)
            COUNTS[key] = COUNTS.get(key, 0) + 1
            n = COUNTS[key]
        route = getattr(self, "route_" + url.path.strip("/"), None)
        if route is None:
            self.answer(404, "text/plain", b"no such path\n")
            return
        route(q, s, n)

    # ---- helpers ----

    def answer(self, code, content_type, body):
        self.send_response(code)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def no_content(self):
        self.send_response(204)
        self.end_headers()

    def stream_head(self, chunked):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")  # the body ends when the connection does
        self.end_headers()
        self.close_connection = True

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def seen(self, s, name, n):
        log(s, "%s %d last-event-id=%s" % (name, n, self.headers.get("Last-Event-ID", "-")))

    # ---- routes ----

    def route_log(self, q, s, n):
        with LOCK:
            body = "".join(e + "\n" for e in LOGS.get(q.get("s", ""), []))
        self.answer(200, "text/plain", body.encode())

    def route_await(self, q, s, n):
        deadline = time.monotonic() + float(q.get("t", "10"))
        with LOCK:
            while q["line"] not in LOGS.get(s, []):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                LOCK.wait(left)
            found = q["line"] in LOGS.get(s, [])
        self.answer(200 if found else 504, "text/plain", b"ok\n" if found else b"not seen\n")

    def route_drop(self, q, s, n):
        self.seen(s, "drop", n)
        if n == 1:
            self.stream_head(chunked=True)
            self.chunk(b"retry: 100\n\nid: 1\ndata: one\n\n")
            self.wfile.flush()
            self.chunk(b"id: 2\ndata: par")
            self.wfile.flush()
            # The stream breaks off a moment after it opened, once the client has handed the
            # response over; /cut and /cutmid break off at once.
            time.sleep(0.2)
            self.connection.shutdown(socket.SHUT_RDWR)  # no last chunk: the body breaks off
        elif n == 2:
            self.stream_head(chunked=True)
            self.chunk(b"id: 3\ndata: three\n\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.no_content()

    def cut_at_once(self, body):
        """The whole answer in one write, then the connection drops: the client reads the head, the body
        and the end of the connection together, before it could have handed the response over."""
        head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n")
        self.wfile.write(head + body)  # no last chunk: the body breaks off
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def route_cut(self, q, s, n):
        self.seen(s, "cut", n)
        if n == 1:
            self.cut_at_once(b"")
        elif n == 2:
            self.stream_head(chunked=True)
            self.chunk(b"id: 7\ndata: seven\n\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.no_content()

    def route_cutmid(self, q, s, n):
        self.seen(s, "cutmid", n)
        if n == 1:
            first = b"retry: 1\n\nid: 1\ndata: one\n\n"
            partial = b"id: 2\ndata: par"
            self.cut_at_once(b"%x\r\n%s\r\n%x\r\n%s\r\n" % (len(first), first, len(partial), partial))
        elif n == 2:
            self.stream_head(chunked=True)
            self.chunk(b"id: 3\ndata: three\n\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.no_content()

    def route_cutbody(self, q, s, n):
        size = int(q.get("n", "0"))
        data = (b"0123456789" * (size // 10 + 1))[:size]
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
        self.wfile.write(head + (b"%x\r\n%s\r\n" % (size, data) if size else b""))
        self.connection.shutdown(socket.SHUT_RDWR)  # no last chunk: the body breaks off
        self.close_connection = True

    def route_retry(self, q, s, n):
        self.seen(s, "retry", n)
        if n == 1:
            self.stream_head(chunked=False)
            self.wfile.write(b"retry: 60000\ndata: a\n\n")
        elif n == 2:
            self.stream_head(chunked=False)
            self.wfile.write(b"data: b\n\n")
        else:
            self.no_content()

    def route_mixed(self, q, s, n):
        self.seen(s, "mixed", n)
        if n == 1:
            self.stream_head(chunked=False)
            self.wfile.write(b"\xef\xbb\xbf: a comment\r\nevent: quote\r\nretry: 10\r\ndata: EURUSD\rdata: 1.08\n\r\n"
                             b"id: 42\ndata:x\n\n: keep-alive\n\ndata: caf\xc3\xa9\r\n\r\n")
        else:
            self.no_content()

    def route_nocontent(self, q, s, n):
        self.seen(s, "nocontent", n)
        self.no_content()

    def route_lines(self, q, s, n):
        self.answer(200, "text/plain", "".join("line %d\n" % i for i in range(1, int(q.get("n", "3")) + 1)).encode())

    def route_status(self, q, s, n):
        self.answer(int(q.get("code", "500")), "text/plain", b"no events here\n")

    def route_plain(self, q, s, n):
        self.answer(200, "text/plain", b"data: not an event stream\n\n")

    def route_stall(self, q, s, n):
        log(s, "stall started")
        try:
            while self.connection.recv(1):
                pass
        except OSError:
            pass
        log(s, "stall closed")
        self.close_connection = True

    def route_bytes(self, q, s, n):
        total = int(q["n"])
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(total))
        self.end_headers()
        written = 0
        with LOCK:
            PROGRESS[s] = (0, time.monotonic())
        try:
            while written < total:
                size = min(len(PATTERN), total - written)
                # Continue the pattern where the last write stopped (written % 251).
                offset = written % 251
                block = PATTERN[offset:offset + size] if offset + size <= len(PATTERN) else \
                    (PATTERN[offset:] + PATTERN)[:size]
                self.wfile.write(block)
                written += size
                with LOCK:
                    PROGRESS[s] = (written, time.monotonic())
            log(s, "bytes done")
        except OSError:
            log(s, "bytes closed")
            self.close_connection = True

    def route_stalled(self, q, s, n):
        deadline = time.monotonic() + float(q.get("t", "10"))
        while True:
            with LOCK:
                written, at = PROGRESS.get(s, (0, time.monotonic()))
            now = time.monotonic()
            if now - at >= 0.5 or now > deadline:
                break
            time.sleep(0.05)  # the server's own clock: the test thread does not sleep
        self.answer(200, "text/plain", str(written).encode())


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
