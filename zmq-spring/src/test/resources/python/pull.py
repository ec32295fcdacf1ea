#!/usr/bin/env python3
"""PULL peer (Guide ch.1 pipeline) for libzmq interop tests.

CLI:
  --bind EP | --connect EP   (repeatable; at least one)
  --count N                  exit after N messages
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
  RECV <text>                per message (frames joined by '|')
  COUNT <n>                  when --count was reached (exit 0), or at a --seconds exit without --count
  FAIL timeout <n>           --seconds expired before --count was reached (exit 1)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, attach, collect, main, new_parser, require_endpoints  # noqa: E402


def run(peer, args):
    sock = peer.socket(zmq.PULL)
    announce(attach(sock, args.bind, args.connect))
    return collect(peer, sock, args.count)


if __name__ == "__main__":
    p = new_parser(__doc__, "PULL socket")
    p.add_argument("--count", type=int, default=0)
    main(p, run, require_endpoints)
