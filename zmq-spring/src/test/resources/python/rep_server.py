#!/usr/bin/env python3
"""REP server peer (ZeroMQ Guide ch.1 "hwserver") for libzmq interop tests.

CLI:
  --bind EP | --connect EP   (repeatable; at least one)
  --reply TEXT               reply text (default "World")
  --echo                     reply with the request frames instead
  --prefix X                 reply X + request (first frame prefixed, other frames echoed)
  --delay-ms MS              wait before replying (simulated work)
  --crash-after N            answer N requests, then die (os._exit(3)) on request N+1 without replying
  --count N                  exit after N replies
  --curve-server --public-key Z85 --secret-key Z85   serve over CURVE (no ZAP: any client key)
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->   once the socket is set up
  RECV <request>                per request (frames joined by '|')
  CRASH <n>                     right before the simulated crash
  COUNT <n>                     when --count was reached (then exits 0)
Exits 0 on stdin EOF / --seconds / --count; 2 on ZeroMQ errors.
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import (add_security_args, announce, apply_security, attach, crash_if_due, frames_text,  # noqa: E402
                   main, new_parser, out, require_endpoints, serve)


def run(peer, args):
    sock = peer.socket(zmq.REP)
    apply_security(sock, args)
    announce(attach(sock, args.bind, args.connect))

    def answer(frames, served):
        crash_if_due(args, served)
        out("RECV", frames_text(frames))
        if args.delay_ms:
            peer.sleep(args.delay_ms)
        if args.prefix is not None:
            return [args.prefix.encode() + frames[0]] + frames[1:]
        if args.echo:
            return frames
        return [args.reply.encode()]

    return serve(peer, sock, args.count, answer)


if __name__ == "__main__":
    p = new_parser(__doc__, "REP socket")
    p.add_argument("--reply", default="World")
    p.add_argument("--echo", action="store_true")
    p.add_argument("--prefix", default=None)
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--crash-after", type=int, default=None)
    p.add_argument("--count", type=int, default=0)
    add_security_args(p)
    main(p, run, require_endpoints)
