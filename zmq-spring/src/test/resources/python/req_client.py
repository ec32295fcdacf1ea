#!/usr/bin/env python3
"""REQ client peer (Guide ch.1 "hwclient", with a Lazy-Pirate-lite receive timeout).

Sends --count requests "<text> <i>" (i = 0..count-1), one at a time, and waits for
each reply at most --timeout-ms; a missing reply is a loud failure (no retry).

CLI:
  --connect EP | --bind EP   (repeatable; at least one)
  --count N                  number of requests (default 10)
  --text TEXT                request text (default "Hello")
  --timeout-ms MS            per-reply timeout (default 5000)
  --delay-ms MS              pause between requests (default 0)
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
  REPLY <reply>              per reply (frames joined by '|')
  DONE                       after the last reply (exit 0)
  FAIL timeout <request>     no reply in time (exit 1; details on stderr)
Stdin EOF before completion exits 0 without DONE; --seconds expiry prints FAIL and exits 1.
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, attach, await_reply, frames_text, main, new_parser, out, require_endpoints  # noqa: E402


def run(peer, args):
    sock = peer.socket(zmq.REQ)
    announce(attach(sock, args.bind, args.connect))
    for i in range(args.count):
        request = f"{args.text} {i}"
        sock.send_string(request)
        reply = await_reply(peer, sock, request, args.timeout_ms)
        if reply is None:
            return 0 if peer.stop_reason == "stdin" else 1
        out("REPLY", frames_text(reply))
        if args.delay_ms and i + 1 < args.count:
            peer.sleep(args.delay_ms)
            if peer.stopped:
                return 0 if peer.stop_reason == "stdin" else 1
    out("DONE")
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, "REQ socket")
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--text", default="Hello")
    p.add_argument("--timeout-ms", type=int, default=5000)
    p.add_argument("--delay-ms", type=int, default=0)
    main(p, run, require_endpoints)
