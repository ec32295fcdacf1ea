#!/usr/bin/env python3
"""PUB peer that stamps each message for slow-subscriber detection (Guide ch.5 Suicidal Snail).

Publishes [topic][payload][stamp] where the stamp frame is the starter's publish stamp: the bytes
00 5A 53 54 01 ("\\0ZST" v1), then the publish time in milliseconds since the epoch, 8 bytes
big-endian. --age-ms pretends each message was published that long ago (a publisher far ahead of a
slow subscriber). Publishes "<n>" payloads every --interval-ms until stdin closes or --seconds ends.

CLI:
  --connect EP | --bind EP   (repeatable; at least one)
  --topic T                  topic frame (default "t")
  --age-ms MS                subtracted from the stamped time (default 0)
  --interval-ms MS           pause between messages (default 10)
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
"""
import os
import struct
import sys
import time

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, attach, main, new_parser, require_endpoints  # noqa: E402

MAGIC = b"\x00ZST\x01"


def run(peer, args):
    sock = peer.socket(zmq.PUB)
    announce(attach(sock, args.bind, args.connect))
    n = 0
    while not peer.stopped:
        stamp = MAGIC + struct.pack(">q", int(time.time() * 1000) - args.age_ms)
        sock.send_multipart([args.topic.encode(), str(n).encode(), stamp])
        n += 1
        peer.sleep(args.interval_ms)
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, "PUB socket")
    p.add_argument("--topic", default="t")
    p.add_argument("--age-ms", type=int, default=0)
    p.add_argument("--interval-ms", type=int, default=10)
    main(p, run, require_endpoints)
