#!/usr/bin/env python3
"""ROUTER echo peer for DEALER (and REQ) interop tests.

Every message is sent back to its sender unchanged: the routing identity frame
ROUTER prepended is kept, so all frames (including any empty delimiter) return.

CLI:
  --bind EP | --connect EP   (repeatable; at least one)
  --count N                  exit after echoing N messages
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
  PEER <identity>            first message from a new peer; identity as text when
                             printable ASCII, otherwise 0x<hex> (e.g. libzmq's 5-byte ids)
  RECV <frame1>|<frame2>...  per message, identity frame excluded
  COUNT <n>                  when --count was reached (exit 0)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import (announce, attach, frames_text, identity_text, main, new_parser, out,  # noqa: E402
                   require_endpoints, serve)


def run(peer, args):
    sock = peer.socket(zmq.ROUTER)
    announce(attach(sock, args.bind, args.connect))
    seen = set()

    def answer(frames, echoed):
        identity = frames[0]
        if identity not in seen:
            seen.add(identity)
            out("PEER", identity_text(identity))
        out("RECV", frames_text(frames[1:]))
        return frames

    return serve(peer, sock, args.count, answer)


if __name__ == "__main__":
    p = new_parser(__doc__, "ROUTER socket")
    p.add_argument("--count", type=int, default=0)
    main(p, run, require_endpoints)
