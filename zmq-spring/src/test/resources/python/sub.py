#!/usr/bin/env python3
"""SUB peer (Guide ch.1 "wuclient" / ch.2 envelopes) for libzmq interop tests.

CLI:
  --connect EP | --bind EP   (repeatable; at least one)
  --topic T                  subscription prefix (repeatable; default: everything)
  --count N                  exit after N messages
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
  RECV <frame1>|<frame2>...  per message
  COUNT <n>                  when --count was reached (exit 0), or at a --seconds exit
  FAIL timeout <n>           --seconds expired before --count was reached (exit 1)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, attach, collect, main, new_parser, require_endpoints  # noqa: E402


def run(peer, args):
    sock = peer.socket(zmq.SUB)
    for topic in (args.topic or [""]):
        sock.setsockopt(zmq.SUBSCRIBE, topic.encode())
    announce(attach(sock, args.bind, args.connect))
    return collect(peer, sock, args.count)


if __name__ == "__main__":
    p = new_parser(__doc__, "SUB socket")
    p.add_argument("--topic", action="append", default=[])
    p.add_argument("--count", type=int, default=0)
    main(p, run, require_endpoints)
