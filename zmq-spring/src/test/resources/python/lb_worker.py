#!/usr/bin/env python3
"""Load-balancing worker of the Guide ch.3 "lbbroker" pattern.

A REQ socket connects to the broker's backend and announces itself with one
READY frame; afterwards every request arrives as [client address][""][request]
and is answered with [client address][""][reply] (REQ adds/strips the outer
delimiter for the broker's ROUTER). Any address stack up to the first empty
frame is returned unchanged; the body is the frames after it.

CLI:
  --connect EP | --bind EP   broker backend (repeatable; at least one)
  --ready-frame F            READY frame: "\\x01" (default, as in lbbroker2/3) or
                             "READY" (plain, as in lbbroker); escapes are decoded,
                             aliases: x01, 0x01
  --name NAME                worker name used in replies (default "w<pid>")
  --format FMT               reply format, {name} and {request} placeholders
                             (default "{name}:{request}")
  --identity ID              routing id of the REQ socket (default: assigned by broker)
  --delay-ms MS              simulated work per request (default 0)
  --count N                  exit after N replies
  --seconds S, --ignore-stdin

stdout lines:
  READY -                    socket connected and the READY frame sent
  RECV <request>             per request (body frames joined by '|')
  COUNT <n>                  when --count was reached (exit 0)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import (add_reply_args, announce, frames_text, main, new_parser, out, require_endpoints,  # noqa: E402
                   serve, split_envelope, worker_reply)


def ready_frame(value):
    if value.lower() in ("x01", "0x01", "\\x01", "\\001"):
        return b"\x01"
    return value.encode("utf-8").decode("unicode_escape").encode("latin-1")


def run(peer, args):
    sock = peer.open(zmq.REQ, args.connect, args.bind, args.identity)
    sock.send(ready_frame(args.ready_frame))
    announce()

    def answer(frames, served):
        envelope, body = split_envelope(frames)
        request = frames_text(body)
        out("RECV", request)
        if args.delay_ms:
            peer.sleep(args.delay_ms)
        return envelope + [worker_reply(args, request).encode()]

    return serve(peer, sock, args.count, answer)


if __name__ == "__main__":
    p = new_parser(__doc__, "REQ socket")
    p.add_argument("--ready-frame", default="\\x01")
    add_reply_args(p)
    p.add_argument("--count", type=int, default=0)
    main(p, run, require_endpoints)
