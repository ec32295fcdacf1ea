#!/usr/bin/env python3
"""Result sink of the Guide ch.1 divide-and-conquer pipeline ("tasksink"/"tasksink2").

PULL socket collecting --count results. With --expect-start the first message is
the ventilator's batch-start signal and is not counted. With a kill endpoint
(ch.2 "kill signal"), a PUB socket broadcasts "KILL" once all results arrived.

CLI:
  --bind EP | --connect EP   result socket endpoints (repeatable; at least one)
  --count N                  results to collect (default 100)
  --expect-start             first message is a batch-start signal
  --kill EP / --kill-bind EP bind a PUB controller socket to EP (wildcard allowed)
  --kill-connect EP          connect the PUB controller socket to EP instead
  --linger-ms MS             flush bound for the KILL broadcast (default 1000)
  --seconds S, --ignore-stdin

stdout lines:
  KILL-ENDPOINT <ep>         bound controller endpoint (only with --kill/--kill-bind), before READY
  READY <bound endpoint or ->
  START                      batch-start received (--expect-start)
  RECV <text>                per result (frames joined by '|')
  DONE <n>                   all results collected
  ELAPSED <ms>               ms from START (or first result) to the last result
  KILL                       "KILL" broadcast sent (kill endpoint given); exit 0 follows
  FAIL timeout <n>           --seconds expired first (exit 1)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, attach, frames_text, main, new_parser, now_ms, out, require_endpoints, stop_rc  # noqa: E402


def run(peer, args):
    receiver = peer.socket(zmq.PULL)
    bound = attach(receiver, args.bind, args.connect)
    controller = None
    if args.kill_bind or args.kill_connect:
        controller = peer.socket(zmq.PUB)
        for ep in attach(controller, args.kill_bind, args.kill_connect):
            out("KILL-ENDPOINT", ep)
    announce(bound)

    started_at = None
    if args.expect_start:
        peer.readable(receiver)
        if peer.stopped:
            return stop_rc(peer, "timeout", 0)
        receiver.recv_multipart()
        started_at = now_ms()
        out("START")

    received = 0
    while received < args.count:
        if not peer.readable(receiver):
            return stop_rc(peer, "timeout", received)
        frames = receiver.recv_multipart()
        if started_at is None:
            started_at = now_ms()
        received += 1
        out("RECV", frames_text(frames))
    out("DONE", received)
    out("ELAPSED", int(now_ms() - started_at) if started_at is not None else 0)
    if controller is not None:
        controller.send(b"KILL")
        out("KILL")
        peer.linger_ms = args.linger_ms
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, "result PULL socket")
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--expect-start", action="store_true")
    p.add_argument("--kill", "--kill-bind", dest="kill_bind", action="append", default=[], metavar="EP")
    p.add_argument("--kill-connect", action="append", default=[], metavar="EP")
    p.add_argument("--linger-ms", type=int, default=1000)
    main(p, run, require_endpoints)
