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
from _peer import announce, await_reply, frames_text, main, new_parser, out, require_connect  # noqa: E402


def secure(sock, args):
    if args.server_key:
        if args.public_key and args.secret_key:
            public, secret = args.public_key.encode(), args.secret_key.encode()
        else:
            public, secret = zmq.curve_keypair()
        out("KEY", public.decode())
        sock.curve_publickey = public
        sock.curve_secretkey = secret
        sock.curve_serverkey = args.server_key.encode()
    elif args.username is not None:
        sock.plain_username = args.username.encode()
        sock.plain_password = (args.password or "").encode()


def run(peer, args):
    sock = peer.socket(zmq.REQ)
    secure(sock, args)
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
    p.add_argument("--server-key")
    p.add_argument("--public-key")
    p.add_argument("--secret-key")
    p.add_argument("--username")
    p.add_argument("--password")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--text", default="Hello")
    p.add_argument("--timeout-ms", type=int, default=5000)
    main(p, run, require_connect)
