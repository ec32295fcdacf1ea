#!/usr/bin/env python3
"""Binary Star client (Guide ch.4 "High-Availability Pair", the bstarcli role): Lazy Pirate with failover.

Sends --count requests "<text> <i>" (i = 0..count-1) over REQ to the current server,
starting with the first --server. Each reply is awaited at most --timeout-ms; on a
timeout the REQ socket is closed (LINGER 0), the client switches to the other
server, optionally waits --settle-ms (the Guide's settle delay, so a passive peer
can see the active one as silent), connects a fresh REQ there and resends the same
request. The server that answered stays current for the next requests. After
--retries attempts in total for one request (as lpclient: 3 = up to three sends,
alternating servers) the client abandons: prints FAIL and exits 1.

CLI:
  --server EP                server endpoint (repeatable; a pair gives two)
  --count N                  number of requests (default 10)
  --text TEXT                request text (default "Hello")
  --timeout-ms MS            per-attempt reply timeout (default 1000)
  --retries N                attempts per request (default 3)
  --settle-ms MS             pause after a failover before resending (default 0)
  --delay-ms MS              pause between requests (default 0)
  --seconds S, --ignore-stdin

stdout lines:
  READY -
  REPLY <reply>              per reply (frames joined by '|')
  FAILOVER <endpoint>        an attempt timed out; resending to <endpoint> on a fresh socket
  FAIL <request>             all attempts timed out (exit 1)
  DONE                       all requests answered (exit 0)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import (announce, err, frames_text, main, new_parser, now_ms, out,  # noqa: E402
                   unanswered_rc)


def run(peer, args):
    servers = args.server
    current = 0
    sock = peer.open(zmq.REQ, [servers[current]])
    announce()
    for i in range(args.count):
        request = f"{args.text} {i}"
        reply = None
        for attempt in range(1, args.retries + 1):
            if attempt > 1:
                current = (current + 1) % len(servers)
                out("FAILOVER", servers[current])
                err(f"bstar_client: no response to '{request}', failing over to {servers[current]}")
                peer.discard(sock)
                if args.settle_ms:
                    peer.sleep(args.settle_ms)
                sock = peer.open(zmq.REQ, [servers[current]])
                if peer.stopped:
                    break
            sock.send_string(request)
            if peer.readable(sock, now_ms() + args.timeout_ms):
                reply = frames_text(sock.recv_multipart())
                break
            if peer.stopped:
                break
        if reply is None:
            return unanswered_rc(peer, request, f"bstar_client: no server answered '{request}', abandoning")
        out("REPLY", reply)
        if args.delay_ms and i + 1 < args.count:
            peer.sleep(args.delay_ms)
        if peer.stopped:
            return 0
    out("DONE")
    return 0


def validate(parser, args):
    if not args.server:
        parser.error("--server is required (twice for a pair)")
    if args.retries < 1:
        parser.error("--retries must be >= 1")


if __name__ == "__main__":
    p = new_parser(__doc__)
    p.add_argument("--server", action="append", default=[], metavar="EP")
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--text", default="Hello")
    p.add_argument("--timeout-ms", type=int, default=1000)
    p.add_argument("--retries", type=int, default=3)
    p.add_argument("--settle-ms", type=int, default=0)
    p.add_argument("--delay-ms", type=int, default=0)
    main(p, run, validate)
