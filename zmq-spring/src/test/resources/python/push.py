#!/usr/bin/env python3
"""PUSH peer (Guide ch.1 pipeline) for libzmq interop tests.

Sends --count messages "<text> <i>" (i = 0..count-1). A send waits (polling, never
blocking forever) until some PULL peer is connected. After the last message the
socket lingers at most --linger-ms so queued messages are flushed before exit.

CLI:
  --bind EP | --connect EP   (repeatable; at least one)
  --count N                  number of messages (default 10)
  --text TEXT                message text (default "task")
  --delay-ms MS              pause between messages (default 0)
  --start-delay-ms MS        pause after READY before the first message (default 0)
  --linger-ms MS             flush bound at exit after DONE (default 2000)
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
  DONE                       all messages handed to ZeroMQ (exit 0)
  FAIL timeout <sent>        --seconds expired first (exit 1)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, attach, main, new_parser, out, require_endpoints, send_when_ready, stop_rc  # noqa: E402


def run(peer, args):
    sock = peer.socket(zmq.PUSH)
    announce(attach(sock, args.bind, args.connect))
    if args.start_delay_ms:
        peer.sleep(args.start_delay_ms)
    sent = 0
    for i in range(args.count):
        if not send_when_ready(peer, sock, [f"{args.text} {i}".encode()]):
            break
        sent += 1
        if args.delay_ms and sent < args.count:
            peer.sleep(args.delay_ms)
    if sent == args.count:
        out("DONE")
        peer.linger_ms = args.linger_ms
        return 0
    return stop_rc(peer, "timeout", sent)


if __name__ == "__main__":
    p = new_parser(__doc__, "PUSH socket")
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--text", default="task")
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--start-delay-ms", type=int, default=0)
    p.add_argument("--linger-ms", type=int, default=2000)
    main(p, run, require_endpoints)
