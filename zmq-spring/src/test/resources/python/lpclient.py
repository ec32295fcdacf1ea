#!/usr/bin/env python3
"""Lazy Pirate client (Guide ch.4 "lpclient").

Sends --count requests "<text> <i>" (i = 0..count-1) over REQ. Each reply is
awaited at most --timeout-ms by polling; on a timeout the REQ socket is closed
(LINGER 0), a fresh one is connected and the same request resent. After
--retries attempts in total (Guide semantics: 3 = up to three sends) the client
abandons: prints FAIL and exits 1.

CLI:
  --connect EP               server endpoint (repeatable; at least one)
  --count N                  number of requests (default 10)
  --text TEXT                request text (default "Hello")
  --timeout-ms MS            per-attempt reply timeout (default 2500)
  --retries N                attempts per request (default 3)
  --check                    only accept replies ending with the request text
                             (works with rep_server --echo/--prefix); others are
                             reported on stderr and ignored
  --delay-ms MS              pause between requests (default 0)
  --seconds S, --ignore-stdin

stdout lines:
  READY -
  REPLY <reply>              per accepted reply (frames joined by '|')
  RETRY <request> <attempt>  attempt timed out; resending on a fresh socket (attempt = 2..retries)
  FAIL <request>             all attempts timed out (exit 1)
  DONE                       all requests answered (exit 0)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import (announce, err, frames_text, lazy_pirate, main, new_parser, now_ms, out,  # noqa: E402
                   unanswered_rc, validate_client)


def run(peer, args):
    sock = peer.open(zmq.REQ, args.connect)
    announce()
    for i in range(args.count):
        request = f"{args.text} {i}"

        def attempt(n):
            nonlocal sock
            if n > 1:
                sock = peer.open(zmq.REQ, args.connect, replacing=sock)
            sock.send_string(request)
            deadline = now_ms() + args.timeout_ms
            while peer.readable(sock, deadline):
                reply = frames_text(sock.recv_multipart())
                if args.check and not reply.endswith(request):
                    err(f"lpclient: malformed reply '{reply}' to '{request}'")
                    continue
                return reply
            return None

        reply = lazy_pirate(peer, args.retries, request,
                            f"lpclient: no response to '{request}', retrying on a fresh socket", attempt)
        if reply is None:
            return unanswered_rc(peer, request, f"lpclient: server seems to be offline, abandoning '{request}'")
        out("REPLY", reply)
        if args.delay_ms and i + 1 < args.count:
            peer.sleep(args.delay_ms)
    if peer.stopped and peer.stop_reason == "stdin":
        return 0
    out("DONE")
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, connect_only=True)
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--text", default="Hello")
    p.add_argument("--timeout-ms", type=int, default=2500)
    p.add_argument("--retries", type=int, default=3)
    p.add_argument("--check", action="store_true")
    p.add_argument("--delay-ms", type=int, default=0)
    main(p, run, validate_client)
