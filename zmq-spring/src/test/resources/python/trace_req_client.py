#!/usr/bin/env python3
"""REQ client that carries a W3C trace context in the starter's trace-context frame.

Sends --count requests "<text> <i>", each as two frames: the text, then the trace-context
frame (the bytes 00 5A 54 43 01, then "traceparent=<value>\\n" in UTF-8), and waits for
each reply at most --timeout-ms. This is how a libzmq program in any language continues
its trace into a starter listener that has zmq.listener.trace-propagation on.

CLI:
  --connect EP | --bind EP   (repeatable; at least one)
  --traceparent VALUE        the W3C traceparent to send (required)
  --count N                  number of requests (default 1)
  --text TEXT                request text (default "Hello")
  --timeout-ms MS            per-reply timeout (default 5000)
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
  REPLY <reply>              per reply (frames joined by '|')
  DONE                       after the last reply (exit 0)
  FAIL timeout <request>     no reply in time (exit 1)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, attach, await_reply, frames_text, main, new_parser, out, require_endpoints  # noqa: E402

MAGIC = b"\x00ZTC\x01"


def run(peer, args):
    sock = peer.socket(zmq.REQ)
    announce(attach(sock, args.bind, args.connect))
    trace = MAGIC + ("traceparent=" + args.traceparent + "\n").encode("utf-8")
    for i in range(args.count):
        request = f"{args.text} {i}"
        sock.send_multipart([request.encode("utf-8"), trace])
        reply = await_reply(peer, sock, request, args.timeout_ms)
        if reply is None:
            return 0 if peer.stop_reason == "stdin" else 1
        out("REPLY", frames_text(reply))
    out("DONE")
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, "REQ socket")
    p.add_argument("--traceparent", required=True)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--text", default="Hello")
    p.add_argument("--timeout-ms", type=int, default=5000)
    main(p, run, require_endpoints)
