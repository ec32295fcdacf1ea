#!/usr/bin/env python3
"""Lazy Pirate client (Guide ch.4 "lpclient").

Sends --count requests "<text> <i>" (i = 0..count-1) over REQ. Each reply is
awaited at most --timeout-ms by polling; on a timeout the REQ socket is closed
(LINGER 0), a fresh one is connected and the same request resent. After
--retries attempts in total (Guide semantics: 3 = up to three sends) the client
abandons: prints FAIL and exits 1.

CLI:
  --connect EP               server endpoint (repeatable; at least one)
  --count N                  number of requests (default 10)
  --text TEXT                request text (default "Hello")
  --timeout-ms MS            per-attempt reply timeout (default 2500)
  --retries N                attempts per request (default 3)
  --check                    only accept replies ending with the request text
                             (works with rep_server --echo/--prefix); others are
                             reported on stderr and ignored
  --delay-ms MS              pause between requests (default 0)
  --seconds S, --ignore-stdin

stdout lines:
  READY -
  REPLY <reply>              per accepted reply (frames joined by '|')
  RETRY <request> <attempt>  attempt timed out; resending on a fresh socket (attempt = 2..retries)
  FAIL <request>             all attempts timed out (exit 1)
  DONE                       all requests answered (exit 0)
"""
import argparse
import math
import os
import sys
import time

import zmq

# ---------------------------------------------------------------------------
# Shared peer boilerplate (duplicated on purpose: every script is standalone).
# ---------------------------------------------------------------------------
def _emit(stream, parts):
    line = " ".join(str(p) for p in parts) + "\n"
    try:
        stream.buffer.write(line.encode("utf-8", errors="backslashreplace"))
        stream.buffer.flush()
    except OSError:
        pass


def out(*parts):
    """Write one protocol line (UTF-8) to stdout and flush it immediately."""
    _emit(sys.stdout, parts)


def err(*parts):
    """Write one diagnostic line (UTF-8) to stderr."""
    _emit(sys.stderr, parts)


def text(frame):
    """Decode a frame as UTF-8 for printing (undecodable bytes are escaped)."""
    return bytes(frame).decode("utf-8", errors="backslashreplace")


def frames_text(frames):
    """Render a multipart message as 'frame1|frame2|...'."""
    return "|".join(text(f) for f in frames)


def now_ms():
    return time.monotonic() * 1000.0


def add_common_args(parser):
    parser.add_argument("--seconds", type=float, default=None,
                        help="overall time bound of the script (default: unbounded)")
    parser.add_argument("--ignore-stdin", action="store_true",
                        help="do not treat EOF on stdin as a shutdown request (manual runs)")


def add_endpoint_args(parser, what="socket"):
    parser.add_argument("--bind", action="append", default=[], metavar="EP",
                        help=f"bind the {what} to EP (repeatable, wildcard port allowed)")
    parser.add_argument("--connect", action="append", default=[], metavar="EP",
                        help=f"connect the {what} to EP (repeatable)")


def require_endpoints(parser, args):
    if not args.bind and not args.connect:
        parser.error("at least one --bind or --connect endpoint is required")


def attach(sock, binds, connects):
    """Bind/connect a socket; returns the actually bound endpoints."""
    bound = []
    for ep in binds:
        sock.bind(ep)
        bound.append(text(sock.getsockopt(zmq.LAST_ENDPOINT)))
    for ep in connects:
        sock.connect(ep)
    return bound


class Peer:
    """Context, sockets, the stdin shutdown watch and the --seconds bound."""

    def __init__(self, args):
        self.ctx = zmq.Context()
        self.sockets = []
        self.stdin_fd = None
        if not args.ignore_stdin:
            try:
                self.stdin_fd = sys.stdin.fileno()
            except (AttributeError, ValueError, OSError):
                self.stdin_fd = None
        self.stdin_lines = []
        self._stdin_buf = b""
        self.stop_reason = None
        self.deadline = now_ms() + args.seconds * 1000.0 if args.seconds else None
        self.linger_ms = 0  # LINGER applied at close; raised only to flush final sends

    @property
    def stopped(self):
        return self.stop_reason is not None

    def stop(self, reason):
        if self.stop_reason is None:
            self.stop_reason = reason

    def socket(self, kind):
        sock = self.ctx.socket(kind)
        sock.setsockopt(zmq.LINGER, 0)
        self.sockets.append(sock)
        return sock

    def discard(self, sock):
        """Close one socket at once (LINGER 0), e.g. before a reconnect."""
        sock.setsockopt(zmq.LINGER, 0)
        sock.close()
        self.sockets.remove(sock)

    def poll(self, items, timeout_ms=None):
        """Poll [(socket, flags)] plus stdin; never beyond the --seconds deadline.

        Returns the dict of ready sockets. Sets stop_reason on stdin EOF or deadline."""
        poller = zmq.Poller()
        for sock, flags in items:
            poller.register(sock, flags)
        if self.stdin_fd is not None:
            poller.register(self.stdin_fd, zmq.POLLIN)
        timeout = timeout_ms
        if self.deadline is not None:
            remaining = max(0.0, self.deadline - now_ms())
            timeout = remaining if timeout is None else min(timeout, remaining)
        events = dict(poller.poll(None if timeout is None else max(0, int(math.ceil(timeout)))))
        fd = self.stdin_fd
        if fd is not None and fd in events:
            del events[fd]
            self._read_stdin()
        if self.deadline is not None and now_ms() >= self.deadline:
            self.stop("seconds")
        return events

    def _read_stdin(self):
        try:
            data = os.read(self.stdin_fd, 4096)
        except OSError:
            data = b""
        if not data:
            self.stdin_fd = None
            self.stop("stdin")
            return
        self._stdin_buf += data
        while b"\n" in self._stdin_buf:
            line, self._stdin_buf = self._stdin_buf.split(b"\n", 1)
            self.stdin_lines.append(text(line).strip())

    def sleep(self, ms):
        """Wait ms milliseconds while still honouring stdin EOF and the deadline."""
        until = now_ms() + ms
        while not self.stopped:
            left = until - now_ms()
            if left <= 0:
                return
            self.poll([], left)

    def close(self):
        for sock in self.sockets:
            try:
                sock.setsockopt(zmq.LINGER, int(self.linger_ms))
                sock.close()
            except zmq.ZMQError:
                pass
        self.sockets = []
        self.ctx.term()


def main(parser, run, validate=None):
    args = parser.parse_args()
    if validate is not None:
        validate(parser, args)
    peer = Peer(args)
    rc = 2
    try:
        rc = run(peer, args)
    except zmq.ZMQError as exc:
        err(f"{os.path.basename(sys.argv[0])}: zmq error: {exc}")
        rc = 2
    except KeyboardInterrupt:
        rc = 130
    finally:
        if peer.stop_reason:
            err(f"{os.path.basename(sys.argv[0])}: stopping ({peer.stop_reason})")
        peer.close()
    sys.exit(rc)


def run(peer, args):
    def fresh_socket():
        sock = peer.socket(zmq.REQ)
        for ep in args.connect:
            sock.connect(ep)
        return sock

    sock = fresh_socket()
    out("READY", "-")
    for i in range(args.count):
        request = f"{args.text} {i}"
        answered = False
        for attempt in range(1, args.retries + 1):
            if attempt > 1:
                out("RETRY", request, attempt)
                err(f"lpclient: no response to '{request}', retrying on a fresh socket")
                peer.discard(sock)
                sock = fresh_socket()
            sock.send_string(request)
            deadline = now_ms() + args.timeout_ms
            while not answered and not peer.stopped:
                left = deadline - now_ms()
                if left <= 0:
                    break
                if sock not in peer.poll([(sock, zmq.POLLIN)], left):
                    continue
                reply = frames_text(sock.recv_multipart())
                if args.check and not reply.endswith(request):
                    err(f"lpclient: malformed reply '{reply}' to '{request}'")
                    continue
                out("REPLY", reply)
                answered = True
            if answered or peer.stopped:
                break
        if peer.stopped and not answered:
            if peer.stop_reason == "stdin":
                return 0
            out("FAIL", request)
            return 1
        if not answered:
            out("FAIL", request)
            err(f"lpclient: server seems to be offline, abandoning '{request}'")
            return 1
        if args.delay_ms and i + 1 < args.count:
            peer.sleep(args.delay_ms)
    if peer.stopped and peer.stop_reason == "stdin":
        return 0
    out("DONE")
    return 0


def validate(parser, args):
    if not args.connect:
        parser.error("--connect is required")
    if args.retries < 1:
        parser.error("--retries must be >= 1")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--connect", action="append", default=[], metavar="EP")
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--text", default="Hello")
    p.add_argument("--timeout-ms", type=int, default=2500)
    p.add_argument("--retries", type=int, default=3)
    p.add_argument("--check", action="store_true")
    p.add_argument("--delay-ms", type=int, default=0)
    add_common_args(p)
    main(p, run, validate)
