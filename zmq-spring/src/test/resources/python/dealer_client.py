#!/usr/bin/env python3
"""DEALER client peer (Guide ch.3 asynchronous client) for DEALER/ROUTER worker interop tests.

Sends --count requests "<text> <i>" one at a time and waits for each reply at most
--timeout-ms. With --delimiter (the REQ-compatible envelope) each request is
[""]["<text> <i>"] and the reply must start with an empty frame, which is not printed;
without it the request is the single frame "<text> <i>" (asyncsrv style). A send
waits (polling, never blocking forever) until some peer is connected.

CLI:
  --connect EP | --bind EP   (repeatable; at least one)
  --count N                  number of requests (default 10)
  --text TEXT                request text (default "Hello")
  --delimiter                empty delimiter frame before the request
  --timeout-ms MS            per-reply timeout (default 5000)
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
  REPLY <reply>              per reply (frames after the delimiter joined by '|')
  DONE                       after the last reply (exit 0)
  FAIL timeout <request>     no reply in time (exit 1)
  FAIL envelope <frames>     --delimiter given but the reply did not start with an empty frame (exit 1)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, attach, await_reply, frames_text, main, new_parser, out, require_endpoints  # noqa: E402


def run(peer, args):
    sock = peer.socket(zmq.DEALER)
    announce(attach(sock, args.bind, args.connect))
    for i in range(args.count):
        request = f"{args.text} {i}"
        frames = [b"", request.encode("utf-8")] if args.delimiter else [request.encode("utf-8")]
        while not peer.stopped and sock not in peer.poll([(sock, zmq.POLLOUT)], 100):
            pass
        if peer.stopped:
            return 0 if peer.stop_reason == "stdin" else 1
        sock.send_multipart(frames)
        reply = await_reply(peer, sock, request, args.timeout_ms)
        if reply is None:
            return 0 if peer.stop_reason == "stdin" else 1
        if args.delimiter:
            if not reply or len(reply[0]) != 0:
                out("FAIL", "envelope", frames_text(reply))
                return 1
            reply = reply[1:]
        out("REPLY", frames_text(reply))
    out("DONE")
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, "DEALER socket")
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--text", default="Hello")
    p.add_argument("--delimiter", action="store_true")
    p.add_argument("--timeout-ms", type=int, default=5000)
    main(p, run, require_endpoints)
