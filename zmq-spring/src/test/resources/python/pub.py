#!/usr/bin/env python3
"""PUB peer (Guide ch.1 "wuserver" style) for libzmq interop tests.

Publishes in a loop until stopped, cycling through the topics. Message formats:
  default      one frame  "<topic> <payload> <seq>"      (ch.1 weather-update style)
  --envelope   two frames [<topic>]["<payload> <seq>"]   (ch.2 pub-sub envelope)
seq is a global counter starting at 0.

CLI:
  --bind EP | --connect EP   (repeatable; at least one)
  --topics T1,T2,...         topics (default "10001")
  --envelope                 two-frame envelopes instead of single frames
  --payload TEXT             payload text (default "data")
  --interval-ms MS           pause between messages (default 5; 0 = as fast as possible)
  --count N                  stop after N messages (default 0 = until stopped)
  --report-every N           print SENT every N messages (default 100)
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
  SENT <n>                   every --report-every messages and once at the end
  DONE                       when --count was reached (exit 0)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, attach, err, main, new_parser, out, require_endpoints  # noqa: E402


def run(peer, args):
    topics = [t for t in args.topics.split(",") if t != ""]
    if not topics:
        err("pub: --topics must name at least one topic")
        return 2
    sock = peer.socket(zmq.PUB)
    announce(attach(sock, args.bind, args.connect))
    seq = 0
    while not peer.stopped and (not args.count or seq < args.count):
        topic = topics[seq % len(topics)]
        payload = f"{args.payload} {seq}"
        if args.envelope:
            sock.send_multipart([topic.encode(), payload.encode()])
        else:
            sock.send_string(f"{topic} {payload}")
        seq += 1
        if args.report_every and seq % args.report_every == 0:
            out("SENT", seq)
        if args.interval_ms:
            peer.sleep(args.interval_ms)
        elif seq % 100 == 0:
            peer.poll([], 0)  # still notice stdin EOF / deadline when not pacing
    out("SENT", seq)
    if args.count and seq >= args.count:
        out("DONE")
        peer.linger_ms = 1000
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, "PUB socket")
    p.add_argument("--topics", default="10001")
    p.add_argument("--envelope", action="store_true")
    p.add_argument("--payload", default="data")
    p.add_argument("--interval-ms", type=float, default=5)
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--report-every", type=int, default=100)
    main(p, run, require_endpoints)
