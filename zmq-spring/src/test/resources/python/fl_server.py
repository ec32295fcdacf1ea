#!/usr/bin/env python3
"""Freelance model 3 server peer (Guide ch.4 "Brokerless Reliability", spec 10/FLP) for interop tests.

A ROUTER whose routing id is its public endpoint: [client]["PING"] gets [client]["PONG"];
[client][control...][body] gets [client][control...][<prefix><body>].

CLI:
  --bind EP          endpoint to bind (fixed port)
  --identity EP      the public endpoint clients use (default: the bind endpoint)
  --prefix X         reply prefix (default "py:")
  --seconds S, --ignore-stdin

stdout lines:
  READY <endpoint>   once bound
  RECV <body>        per request
  PING               per PING answered
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, main, new_parser, out  # noqa: E402


def run(peer, args):
    sock = peer.socket(zmq.ROUTER)
    sock.setsockopt(zmq.ROUTING_ID, (args.identity or args.bind).encode())
    sock.bind(args.bind)
    announce([args.bind])
    while not peer.stopped:
        if sock not in peer.poll([(sock, zmq.POLLIN)], 100):
            continue
        frames = sock.recv_multipart()
        client, rest = frames[0], frames[1:]
        if len(rest) == 1 and rest[0] == b"PING":
            sock.send_multipart([client, b"PONG"])
            out("PING")
        elif len(rest) >= 2:
            out("RECV", rest[-1].decode(errors="replace"))
            sock.send_multipart([client] + rest[:-1] + [args.prefix.encode() + rest[-1]])
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__)
    p.add_argument("--bind", required=True)
    p.add_argument("--identity", default=None)
    p.add_argument("--prefix", default="py:")
    main(p, run)
