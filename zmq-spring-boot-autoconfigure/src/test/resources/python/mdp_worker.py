#!/usr/bin/env python3
"""Majordomo worker, MDP/0.1 (RFC 7/MDP, worker side; Guide ch.4 "mdwrkapi").

One DEALER connected to the broker. Every command starts with [""]["MDPW01"][cmd]:
  READY      0x01 [service]                       sent after every (re)connect
  REQUEST    0x02 [client][""][body...]           from the broker
  REPLY      0x03 [client][""][body...]           to the broker
  HEARTBEAT  0x04                                 both ways, every --heartbeat-ms
                                                  (skipped when another command went out recently)
  DISCONNECT 0x05                                 both ways
Any command from the broker counts as a heartbeat. If the broker stays silent for
--liveness heartbeat intervals, the worker waits --reconnect-ms, then opens a new
socket and sends READY again. On DISCONNECT from the broker it reconnects at once.
On a graceful exit (stdin EOF, --seconds, --count) it sends DISCONNECT.

The reply body echoes the request body; with --prefix X the first frame becomes X+frame.

CLI:
  --connect EP               broker endpoint (repeatable; at least one)
  --service NAME             service to register (default "echo")
  --heartbeat-ms MS          heartbeat interval (default 2500; match the broker)
  --liveness N               missed intervals before reconnecting (default 3)
  --reconnect-ms MS          pause before reconnecting after broker loss (default 2500)
  --prefix X                 reply X + request
  --delay-ms MS              simulated work per request, heartbeats continue meanwhile
  --crash-after N            answer N requests, then die (os._exit(3)) on request N+1
                             without replying or sending DISCONNECT
  --count N                  exit (with DISCONNECT) after N replies
  --identity ID              routing id of the DEALER socket (default: assigned by the broker)
  --verbose                  also print HEARTBEAT lines
  --seconds S, --ignore-stdin

stdout lines:
  READY -                    first READY command sent
  RECV <body>                per request (body frames joined by '|')
  HEARTBEAT                  heartbeat from the broker (--verbose only)
  DISCONNECTED               DISCONNECT received from the broker (a reconnect follows)
  RECONNECT <reason>         new socket + READY; reason: broker-silent | disconnect
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

MDPW = b"MDPW01"
W_READY = b"\x01"
W_REQUEST = b"\x02"
W_REPLY = b"\x03"
W_HEARTBEAT = b"\x04"
W_DISCONNECT = b"\x05"


class Worker:
    def __init__(self, peer, args):
        self.peer = peer
        self.args = args
        self.sock = None
        self.last_sent = 0.0
        self.broker_expiry = 0.0

    def connect(self):
        if self.sock is not None:
            self.peer.discard(self.sock)
        self.sock = self.peer.socket(zmq.DEALER)
        if self.args.identity:
            self.sock.setsockopt(zmq.ROUTING_ID, self.args.identity.encode())
        for ep in self.args.connect:
            self.sock.connect(ep)
        self.command(W_READY, [self.args.service.encode()])
        self.broker_expiry = now_ms() + self.args.heartbeat_ms * self.args.liveness

    def command(self, cmd, frames=()):
        self.sock.send_multipart([b"", MDPW, cmd] + list(frames))
        self.last_sent = now_ms()

    def heartbeat_due_at(self):
        return self.last_sent + self.args.heartbeat_ms

    def heartbeat_if_due(self):
        if now_ms() >= self.heartbeat_due_at():
            self.command(W_HEARTBEAT)

    def work(self, ms):
        """Simulated work: heartbeats keep flowing, stdin EOF is still honoured."""
        until = now_ms() + ms
        while not self.peer.stopped and now_ms() < until:
            self.heartbeat_if_due()
            self.peer.poll([], min(until, self.heartbeat_due_at()) - now_ms())


def run(peer, args):
    worker = Worker(peer, args)
    worker.connect()
    out("READY", "-")
    served = 0
    while not peer.stopped:
        sock = worker.sock
        wait = min(worker.heartbeat_due_at(), worker.broker_expiry) - now_ms()
        events = peer.poll([(sock, zmq.POLLIN)], max(0.0, wait))
        if sock in events:
            frames = sock.recv_multipart()
            if len(frames) < 3 or frames[0] != b"" or frames[1] != MDPW:
                err(f"mdp_worker: invalid message from broker dropped: {frames!r}")
                continue
            worker.broker_expiry = now_ms() + args.heartbeat_ms * args.liveness
            cmd = frames[2]
            if cmd == W_REQUEST:
                if len(frames) < 6 or frames[4] != b"":
                    err(f"mdp_worker: malformed REQUEST dropped: {frames!r}")
                    continue
                client, body = frames[3], frames[5:]
                if args.crash_after is not None and served >= args.crash_after:
                    out("CRASH", served)
                    os._exit(3)
                out("RECV", frames_text(body))
                if args.delay_ms:
                    worker.work(args.delay_ms)
                    if peer.stopped:
                        break
                reply = list(body) if body else [b""]
                if args.prefix is not None:
                    reply[0] = args.prefix.encode() + reply[0]
                worker.command(W_REPLY, [client, b""] + reply)
                served += 1
                if args.count and served >= args.count:
                    out("COUNT", served)
                    break
            elif cmd == W_HEARTBEAT:
                if args.verbose:
                    out("HEARTBEAT")
            elif cmd == W_DISCONNECT:
                out("DISCONNECTED")
                out("RECONNECT", "disconnect")
                worker.connect()
            else:
                err(f"mdp_worker: invalid command {cmd!r} from broker dropped")
        elif now_ms() >= worker.broker_expiry:
            err(f"mdp_worker: broker silent for {args.liveness} heartbeats, reconnecting in {args.reconnect_ms} ms")
            peer.sleep(args.reconnect_ms)
            if peer.stopped:
                break
            out("RECONNECT", "broker-silent")
            worker.connect()
            continue
        worker.heartbeat_if_due()
    # graceful goodbye (RFC 7: the worker MAY send DISCONNECT at any time)
    try:
        worker.command(W_DISCONNECT)
        peer.linger_ms = 500
    except zmq.ZMQError:
        pass
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--connect", action="append", default=[], metavar="EP")
    p.add_argument("--service", default="echo")
    p.add_argument("--heartbeat-ms", type=int, default=2500)
    p.add_argument("--liveness", type=int, default=3)
    p.add_argument("--reconnect-ms", type=int, default=2500)
    p.add_argument("--prefix", default=None)
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--crash-after", type=int, default=None)
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--identity", default=None)
    p.add_argument("--verbose", action="store_true")
    add_common_args(p)

    def validate(parser, args):
        if not args.connect:
            parser.error("--connect is required")

    main(p, run, validate)
