#!/usr/bin/env python3
"""Paranoid Pirate worker (RFC 6/PPP, Guide ch.4 "ppworker").

A DEALER connects to the queue's backend and sends READY (one frame 0x01), then
  * sends HEARTBEAT (one frame 0x02) every --heartbeat-ms, also while busy;
  * treats any message from the queue as a sign of life; after --liveness
    heartbeat intervals without one, it waits the reconnect interval, closes the
    socket, opens a fresh one and sends READY again; the interval doubles on each
    consecutive failure up to --interval-max-ms and resets once the queue talks;
  * answers requests [address stack][""][request...] with [address stack][""][reply].
A single-frame 0x02 is a heartbeat; any other message is a request (address stack =
frames up to the first empty frame, possibly none).

CLI:
  --connect EP | --bind EP   queue backend (repeatable; at least one)
  --heartbeat-ms MS          heartbeat interval (default 1000)
  --liveness N               missed intervals before reconnecting (default 3)
  --interval-init-ms MS      first reconnect interval (default 1000)
  --interval-max-ms MS       reconnect interval cap (default 32000)
  --name NAME                worker name used in replies (default "w<pid>")
  --format FMT               reply format with {name}/{request} (default "{name}:{request}")
  --identity ID              routing id of the DEALER socket (default: assigned by the queue)
  --delay-ms MS              simulated work per request, heartbeats continue meanwhile
  --crash-after N            answer N requests, then die (os._exit(3)) on request N+1
                             without replying or saying goodbye
  --count N                  exit after N replies
  --verbose                  also print HEARTBEAT lines
  --seconds S, --ignore-stdin

stdout lines:
  READY -                    socket connected and READY sent
  RECV <request>             per request (body frames joined by '|')
  HEARTBEAT                  heartbeat received from the queue (--verbose only)
  RECONNECT <interval-ms>    queue silent for --liveness intervals; reconnecting after the interval
  CRASH <n>                  right before the simulated crash
  COUNT <n>                  when --count was reached (exit 0)
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

PPP_READY = b"\x01"
PPP_HEARTBEAT = b"\x02"


def split_envelope(frames):
    """(address stack incl. the empty delimiter, body). No delimiter -> no envelope."""
    for i, frame in enumerate(frames):
        if len(frame) == 0:
            return frames[:i + 1], frames[i + 1:]
    return [], frames


class Worker:
    def __init__(self, peer, args):
        self.peer = peer
        self.args = args
        self.sock = None
        self.next_heartbeat = 0.0

    def open(self):
        if self.sock is not None:
            self.peer.discard(self.sock)
        self.sock = self.peer.socket(zmq.DEALER)
        if self.args.identity:
            self.sock.setsockopt(zmq.ROUTING_ID, self.args.identity.encode())
        attach(self.sock, self.args.bind, self.args.connect)
        self.sock.send(PPP_READY)
        self.next_heartbeat = now_ms() + self.args.heartbeat_ms

    def heartbeat_if_due(self):
        if now_ms() >= self.next_heartbeat:
            self.sock.send(PPP_HEARTBEAT)
            self.next_heartbeat = now_ms() + self.args.heartbeat_ms

    def work(self, ms):
        """Simulated work: heartbeats keep flowing, stdin EOF is still honoured."""
        until = now_ms() + ms
        while not self.peer.stopped and now_ms() < until:
            self.heartbeat_if_due()
            self.peer.poll([], min(until, self.next_heartbeat) - now_ms())


def run(peer, args):
    name = args.name or f"w{os.getpid()}"
    worker = Worker(peer, args)
    worker.open()
    out("READY", "-")
    liveness = args.liveness
    interval = args.interval_init_ms
    next_tick = now_ms() + args.heartbeat_ms
    served = 0
    while not peer.stopped:
        sock = worker.sock
        wait = min(next_tick, worker.next_heartbeat) - now_ms()
        events = peer.poll([(sock, zmq.POLLIN)], max(0.0, wait))
        if sock in events:
            frames = sock.recv_multipart()
            liveness = args.liveness
            interval = args.interval_init_ms
            next_tick = now_ms() + args.heartbeat_ms
            if len(frames) == 1 and frames[0] == PPP_HEARTBEAT:
                if args.verbose:
                    out("HEARTBEAT")
            else:
                if args.crash_after is not None and served >= args.crash_after:
                    out("CRASH", served)
                    os._exit(3)
                envelope, body = split_envelope(frames)
                request = frames_text(body)
                out("RECV", request)
                if args.delay_ms:
                    worker.work(args.delay_ms)
                    if peer.stopped:
                        break
                reply = args.format.format(name=name, request=request)
                sock.send_multipart(envelope + [reply.encode()])
                served += 1
                if args.count and served >= args.count:
                    out("COUNT", served)
                    peer.linger_ms = 1000
                    return 0
        elif now_ms() >= next_tick:
            liveness -= 1
            next_tick = now_ms() + args.heartbeat_ms
            if liveness <= 0:
                out("RECONNECT", interval)
                err(f"ppp_worker: heartbeat failure, can't reach queue; reconnecting in {interval} ms")
                peer.sleep(interval)
                if peer.stopped:
                    break
                interval = min(interval * 2, args.interval_max_ms)
                worker.open()
                liveness = args.liveness
                next_tick = now_ms() + args.heartbeat_ms
        worker.heartbeat_if_due()
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_endpoint_args(p, "DEALER socket")
    p.add_argument("--heartbeat-ms", type=int, default=1000)
    p.add_argument("--liveness", type=int, default=3)
    p.add_argument("--interval-init-ms", type=int, default=1000)
    p.add_argument("--interval-max-ms", type=int, default=32000)
    p.add_argument("--name", default=None)
    p.add_argument("--format", default="{name}:{request}")
    p.add_argument("--identity", default=None)
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--crash-after", type=int, default=None)
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--verbose", action="store_true")
    add_common_args(p)
    main(p, run, require_endpoints)
