#!/usr/bin/env python3
"""XPUB publisher that counts the subscriptions it receives, then publishes one single-frame message per
subscribed prefix (Guide ch.2 pub-sub; ch.5 "Espresso": XPUB reports each subscription).

CLI:
  --bind=EP                  where the XPUB binds (wildcard port allowed)
  --expect=N                 how many distinct subscriptions to wait for before publishing
  --repeat-ms=MS             publish the whole round again every MS until stdin EOF (default 1000:
                             a late subscriber's round is not lost)
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint>
  SUBSCRIBED <n>             each time the count of distinct subscriptions reached a multiple of 1000, and at --expect
  PUBLISHED <n>              one round of n messages "<prefix>:body" sent
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, main, new_parser, now_ms, out  # noqa: E402


def run(peer, args):
    sock = peer.socket(zmq.XPUB)
    sock.setsockopt(zmq.SNDHWM, 0)
    sock.setsockopt(zmq.RCVHWM, 0)
    sock.bind(args.bind)
    announce([sock.getsockopt(zmq.LAST_ENDPOINT).decode()])
    prefixes = set()
    next_round = None
    while not peer.stopped:
        events = peer.poll([(sock, zmq.POLLIN)], 100)
        if sock in events:
            while True:
                try:
                    frame = sock.recv(zmq.NOBLOCK)
                except zmq.Again:
                    break
                if frame and frame[0] == 1:
                    before = len(prefixes)
                    prefixes.add(frame[1:])
                    if len(prefixes) != before and (len(prefixes) % 1000 == 0 or len(prefixes) == args.expect):
                        out("SUBSCRIBED", len(prefixes))
                elif frame and frame[0] == 0:
                    prefixes.discard(frame[1:])
        if len(prefixes) >= args.expect and (next_round is None or now_ms() >= next_round):
            for prefix in sorted(prefixes):
                sock.send(prefix + b":body")
            out("PUBLISHED", len(prefixes))
            next_round = now_ms() + args.repeat_ms
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__)
    p.add_argument("--bind", required=True)
    p.add_argument("--expect", type=int, required=True)
    p.add_argument("--repeat-ms", type=int, default=1000)
    main(p, run)
