#!/usr/bin/env python3
"""DEALER client peer (Guide ch.3 asynchronous client) for DEALER/ROUTER worker interop tests.

Sends --count requests "<text> <i>" one at a time and waits for each reply at most
--timeout-ms. With --delimiter (the REQ-compatible envelope) each request is
[""]["<text> <i>"] and the reply must start with an empty frame, which is not printed;
without it the request is the single frame "<text> <i>" (asyncsrv style). A send
waits (polling, never blocking forever) until some peer is connected.

CLI:
  --connect EP | --bind EP   (repeatable; at least one)
  --count N                  number of requests (default 10)
  --text TEXT                request text (default "Hello")
  --delimiter                empty delimiter frame before the request
  --timeout-ms MS            per-reply timeout (default 5000)
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
  REPLY <reply>              per reply (frames after the delimiter joined by '|')
  DONE                       after the last reply (exit 0)
  FAIL timeout <request>     no reply in time (exit 1)
  FAIL envelope <frames>     --delimiter given but the reply did not start with an empty frame (exit 1)
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
    sock = peer.socket(zmq.DEALER)
    bound = attach(sock, args.bind, args.connect)
    out("READY", bound[0] if bound else "-")
    for i in range(args.count):
        request = f"{args.text} {i}"
        frames = [b"", request.encode("utf-8")] if args.delimiter else [request.encode("utf-8")]
        while not peer.stopped and sock not in peer.poll([(sock, zmq.POLLOUT)], 100):
            pass
        if peer.stopped:
            return 0 if peer.stop_reason == "stdin" else 1
        sock.send_multipart(frames)
        deadline = now_ms() + args.timeout_ms
        reply = None
        while reply is None and not peer.stopped:
            left = deadline - now_ms()
            if left <= 0:
                break
            if sock in peer.poll([(sock, zmq.POLLIN)], left):
                reply = sock.recv_multipart()
        if reply is None:
            if peer.stop_reason == "stdin":
                return 0
            out("FAIL", "timeout", request)
            err(f"dealer_client: no reply to '{request}' within {args.timeout_ms} ms")
            return 1
        if args.delimiter:
            if not reply or len(reply[0]) != 0:
                out("FAIL", "envelope", frames_text(reply))
                return 1
            reply = reply[1:]
        out("REPLY", frames_text(reply))
    out("DONE")
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_endpoint_args(p, "DEALER socket")
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--text", default="Hello")
    p.add_argument("--delimiter", action="store_true")
    p.add_argument("--timeout-ms", type=int, default=5000)
    add_common_args(p)
    main(p, run, require_endpoints)
