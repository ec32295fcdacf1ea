#!/usr/bin/env python3
"""Majordomo client, MDP/0.1 (RFC 7/MDP) with MMI queries (RFC 8/MMI).

Request on the wire:  [""]["MDPC01"][service][body...]
Reply on the wire:    [""]["MDPC01"][service][body...]
With REQ the empty frame is added/removed by the socket; with DEALER it is explicit.

Synchronous mode (default, REQ or --socket dealer): one request at a time; if no
reply arrives within --timeout-ms the socket is closed, a fresh one connected and
the request resent, up to --retries attempts in total (Guide "mdcliapi").
Asynchronous mode (--async, always DEALER, Guide "mdcliapi2"): all --count requests
are sent at once, then the replies are collected in arrival order; each wait is
bounded by --timeout-ms, no resends.

Requests are "<text> <i>" (i = 0..count-1) to --service. With --mmi SERVICE the
client first asks the broker's --mmi-name (default "mmi.service") about SERVICE.

CLI:
  --connect EP               broker endpoint (repeatable; at least one)
  --service NAME             service name (default "echo")
  --count N                  requests (default 10; default 0 when --mmi is given)
  --text TEXT                request text (default "request")
  --timeout-ms MS            reply timeout per attempt (default 2500)
  --retries N                attempts per request in synchronous mode (default 3)
  --socket req|dealer        synchronous socket type (default req)
  --async                    asynchronous DEALER mode
  --mmi SERVICE              MMI query about SERVICE
  --mmi-name NAME            MMI service to query (default "mmi.service")
  --seconds S, --ignore-stdin

stdout lines:
  READY -
  MMI <code>                 MMI reply body ("200", "404", "501", ...)
  REPLY <body>               per reply (body frames joined by '|')
  RETRY <request> <attempt>  resending on a fresh socket (synchronous mode)
  FAIL <what>                request/MMI abandoned or malformed reply (exit 1)
  DONE                       everything answered (exit 0)
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

MDPC = b"MDPC01"


class Client:
    def __init__(self, peer, args, kind):
        self.peer = peer
        self.args = args
        self.kind = kind
        self.sock = None
        self.reconnect()

    def reconnect(self):
        if self.sock is not None:
            self.peer.discard(self.sock)
        self.sock = self.peer.socket(self.kind)
        for ep in self.args.connect:
            self.sock.connect(ep)

    def send(self, service, body):
        frames = [MDPC, service.encode()] + body
        if self.kind == zmq.DEALER:
            frames = [b""] + frames
        self.sock.send_multipart(frames)

    def recv(self, timeout_ms):
        """(service, body) of the next reply, or None on timeout/stop. Raises on bad replies."""
        deadline = now_ms() + timeout_ms
        while not self.peer.stopped:
            left = deadline - now_ms()
            if left <= 0:
                return None
            if self.sock not in self.peer.poll([(self.sock, zmq.POLLIN)], left):
                continue
            frames = self.sock.recv_multipart()
            if self.kind == zmq.DEALER:
                if not frames or frames[0] != b"":
                    raise ValueError(f"reply without empty delimiter: {frames!r}")
                frames = frames[1:]
            if len(frames) < 2 or frames[0] != MDPC:
                raise ValueError(f"reply without MDPC01 header: {frames!r}")
            return text(frames[1]), frames[2:]
        return None

    def request(self, service, body, label):
        """Synchronous request with Lazy Pirate resends. Reply body or None."""
        for attempt in range(1, self.args.retries + 1):
            if attempt > 1:
                out("RETRY", label, attempt)
                err(f"mdp_client: no reply to '{label}', retrying on a fresh socket")
                self.reconnect()
            self.send(service, body)
            reply = self.recv(self.args.timeout_ms)
            if reply is not None:
                reply_service, reply_body = reply
                if reply_service != service:
                    raise ValueError(f"reply for service '{reply_service}', expected '{service}'")
                return reply_body
            if self.peer.stopped:
                return None
        return None


def stopped_rc(peer, what):
    if peer.stop_reason == "stdin":
        return 0
    out("FAIL", what)
    return 1


def run(peer, args):
    kind = zmq.DEALER if (args.async_mode or args.socket == "dealer") else zmq.REQ
    client = Client(peer, args, kind)
    out("READY", "-")
    try:
        if args.mmi is not None:
            body = client.request(args.mmi_name, [args.mmi.encode()], f"{args.mmi_name} {args.mmi}")
            if body is None:
                if peer.stopped:
                    return stopped_rc(peer, args.mmi_name)
                out("FAIL", args.mmi_name)
                return 1
            out("MMI", frames_text(body))

        requests = [f"{args.text} {i}" for i in range(args.count)]
        if args.async_mode:
            for request in requests:
                client.send(args.service, [request.encode()])
            for answered in range(len(requests)):
                reply = client.recv(args.timeout_ms)
                if reply is None:
                    if peer.stopped:
                        return stopped_rc(peer, f"async {answered}/{len(requests)}")
                    out("FAIL", f"async {answered}/{len(requests)}")
                    err(f"mdp_client: only {answered} of {len(requests)} replies within {args.timeout_ms} ms")
                    return 1
                reply_service, body = reply
                if reply_service != args.service:
                    raise ValueError(f"reply for service '{reply_service}', expected '{args.service}'")
                out("REPLY", frames_text(body))
        else:
            for request in requests:
                body = client.request(args.service, [request.encode()], request)
                if body is None:
                    if peer.stopped:
                        return stopped_rc(peer, request)
                    out("FAIL", request)
                    err(f"mdp_client: abandoning '{request}' after {args.retries} attempts")
                    return 1
                out("REPLY", frames_text(body))
    except ValueError as exc:
        out("FAIL", "protocol")
        err(f"mdp_client: malformed reply: {exc}")
        return 1
    out("DONE")
    return 0


def validate(parser, args):
    if not args.connect:
        parser.error("--connect is required")
    if args.retries < 1:
        parser.error("--retries must be >= 1")
    if args.count is None:
        args.count = 0 if args.mmi is not None else 10


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--connect", action="append", default=[], metavar="EP")
    p.add_argument("--service", default="echo")
    p.add_argument("--count", type=int, default=None)
    p.add_argument("--text", default="request")
    p.add_argument("--timeout-ms", type=int, default=2500)
    p.add_argument("--retries", type=int, default=3)
    p.add_argument("--socket", choices=("req", "dealer"), default="req")
    p.add_argument("--async", dest="async_mode", action="store_true")
    p.add_argument("--mmi", default=None, metavar="SERVICE")
    p.add_argument("--mmi-name", default="mmi.service")
    add_common_args(p)
    main(p, run, validate)
