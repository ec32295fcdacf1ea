#!/usr/bin/env python3
"""Secured REQ client peer (RFC 26 CURVE / RFC 24 PLAIN client side, on libzmq).

Like req_client.py, with the security mechanism set before connecting: CURVE with
--server-key (and this client's own key pair, or a fresh one), PLAIN with --username
and --password, or neither (NULL). Sends --count requests "<text> <i>" one at a time
and waits at most --timeout-ms for each reply.

CLI:
  --connect EP               (repeatable; required)
  --server-key Z85           CURVE: the server's public key
  --public-key Z85 --secret-key Z85   CURVE: this client's key pair (default: fresh)
  --username U --password P  PLAIN credentials
  --count N (default 1), --text TEXT (default "Hello"), --timeout-ms MS (default 5000)
  --seconds S, --ignore-stdin

stdout lines:
  KEY <public key Z85>       CURVE only: the client's public key, before READY
  READY -
  REPLY <reply>              per reply (frames joined by '|')
  DONE                       after the last reply (exit 0)
  FAIL timeout <request>     no reply in time (exit 1)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import (add_security_args, announce, apply_security, await_reply, frames_text, main,  # noqa: E402
                   new_parser, out, require_connect)


def run(peer, args):
    sock = peer.socket(zmq.REQ)
    apply_security(sock, args)
    for endpoint in args.connect:
        sock.connect(endpoint)
    announce()
    for i in range(args.count):
        request = f"{args.text} {i}"
        sock.send_string(request)
        reply = await_reply(peer, sock, request, args.timeout_ms)
        if reply is None:
            return 0 if peer.stop_reason == "stdin" else 1
        out("REPLY", frames_text(reply))
    out("DONE")
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, connect_only=True)
    add_security_args(p)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--text", default="Hello")
    p.add_argument("--timeout-ms", type=int, default=5000)
    main(p, run, require_connect)
