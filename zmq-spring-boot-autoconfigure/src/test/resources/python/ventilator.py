#!/usr/bin/env python3
"""Task ventilator of the Guide ch.1 divide-and-conquer pipeline ("taskvent").

Sends --count tasks on a PUSH socket. As in the Guide, a task is the workload in
milliseconds as decimal text (random in [--min-ms, --max-ms]); with --text the
tasks are "<text> <i>" instead. With --sink EP, a second PUSH socket connects to
the sink and sends the batch-start message "0" before the tasks.

CLI:
  --bind EP | --connect EP   task socket endpoints (repeatable; at least one)
  --sink EP                  connect to the sink and send "0" first (optional)
  --count N                  number of tasks (default 100)
  --min-ms MS / --max-ms MS  workload range (default 1..100)
  --seed N                   random seed (default: fixed 42, reproducible)
  --text TEXT                send "<text> <i>" instead of workloads
  --wait-go                  wait for a "GO" line on stdin before sending
  --start-delay-ms MS        pause after READY before sending (default 0)
  --delay-ms MS              pause between tasks (default 0)
  --linger-ms MS             flush bound at exit after DONE (default 2000)
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
  START                      batch start "0" handed to the sink socket (--sink only)
  TOTAL <ms>                 expected total workload in ms (workload mode)
  DONE <n>                   all n tasks handed to ZeroMQ (exit 0)
  FAIL timeout <sent>        --seconds expired first (exit 1)
"""
import argparse
import math
import os
import random
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


def send_when_ready(peer, sock, frames):
    """Send without ever blocking past stdin EOF / the deadline. True when sent."""
    while not peer.stopped:
        if sock in peer.poll([(sock, zmq.POLLOUT)]):
            try:
                sock.send_multipart(frames, zmq.NOBLOCK)
                return True
            except zmq.Again:
                continue
    return False


def finish_early(peer, sent):
    if peer.stop_reason == "seconds":
        out("FAIL", "timeout", sent)
        return 1
    return 0


def run(peer, args):
    sender = peer.socket(zmq.PUSH)
    bound = attach(sender, args.bind, args.connect)
    sink = None
    if args.sink:
        sink = peer.socket(zmq.PUSH)
        sink.connect(args.sink)
    out("READY", bound[0] if bound else "-")

    if args.wait_go:
        while not peer.stopped and "GO" not in peer.stdin_lines:
            peer.poll([])
    if args.start_delay_ms:
        peer.sleep(args.start_delay_ms)
    if peer.stopped:
        return finish_early(peer, 0)

    if sink is not None:
        if not send_when_ready(peer, sink, [b"0"]):
            return finish_early(peer, 0)
        out("START")

    rng = random.Random(args.seed)
    total = 0
    sent = 0
    for i in range(args.count):
        if args.text is not None:
            task = f"{args.text} {i}"
        else:
            workload = rng.randint(args.min_ms, args.max_ms)
            total += workload
            task = str(workload)
        if not send_when_ready(peer, sender, [task.encode()]):
            return finish_early(peer, sent)
        sent += 1
        if args.delay_ms and sent < args.count:
            peer.sleep(args.delay_ms)
    if args.text is None:
        out("TOTAL", total)
    out("DONE", sent)
    peer.linger_ms = args.linger_ms
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_endpoint_args(p, "task PUSH socket")
    p.add_argument("--sink", default=None, metavar="EP")
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--min-ms", type=int, default=1)
    p.add_argument("--max-ms", type=int, default=100)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--text", default=None)
    p.add_argument("--wait-go", action="store_true")
    p.add_argument("--start-delay-ms", type=int, default=0)
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--linger-ms", type=int, default=2000)
    add_common_args(p)
    main(p, run, require_endpoints)
