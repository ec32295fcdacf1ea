#!/usr/bin/env python3
"""Clone client (Guide ch.5, the clonecli5/clonecli6 role) against one Clone server.

Subscribes to the server's publisher (SUB, subtree + HUGZ), asks for a snapshot over a DEALER
(ICANHAZ? + subtree, then every kvmsg up to KTHXBAI with the snapshot's sequence), then applies
published updates whose sequence is higher than the last one. Its own updates ("py/key-<i>" =
"py-<i>", --set of them, the last --ttl ones with a ttl property in seconds) go out on an XPUB to
the collector (a PUB on the wire) once the collector has subscribed.

CLI:
  --snapshot EP --publisher EP --collector EP   the server's three endpoints
  --subtree S                                   key prefix (default "")
  --set N                                       updates to send after the snapshot (default 0)
  --ttl N                                       how many of them are ephemeral, 1 s (default 0)
  --expect N                                    print MAP once the map holds N keys
  --seconds S, --ignore-stdin

stdout lines:
  READY -
  SNAPSHOT <keys> <sequence>
  SENT <n>
  MAP <key>=<value>,...      sorted, once the map holds --expect keys
  DUPLICATE <sequence>       an update not newer than the last one (ignored)
  TTL <key> <ttl>            a published update that carries a ttl property, as it came
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, main, new_parser, now_ms, out  # noqa: E402
import _kvmsg  # noqa: E402


def run(peer, args):
    sub = peer.open(zmq.SUB, [args.publisher])
    sub.setsockopt(zmq.SUBSCRIBE, args.subtree.encode())
    if args.subtree:
        sub.setsockopt(zmq.SUBSCRIBE, b"HUGZ")
    snap = peer.open(zmq.DEALER, [args.snapshot])
    pub = peer.open(zmq.XPUB, [args.collector])
    announce()
    snap.send_multipart([b"ICANHAZ?", args.subtree.encode()])
    kvmap = {}
    sequence = 0
    while True:
        if not peer.readable(snap, now_ms() + 10000):
            out("FAIL no snapshot")
            return 1
        msg = _kvmsg.decode(snap.recv_multipart())
        if msg is None:
            continue
        key, seq, _, _, body = msg
        if key == "KTHXBAI":
            sequence = seq
            break
        kvmap[key] = body
    out("SNAPSHOT", len(kvmap), sequence)
    if args.set:
        if not peer.readable(pub, now_ms() + 10000):
            out("FAIL no collector subscription")
            return 1
        pub.recv()
        for i in range(args.set):
            props = {"ttl": "1"} if i >= args.set - args.ttl else {}
            pub.send_multipart(_kvmsg.encode(f"py/key-{i}", 0, f"py-{i}".encode(), props))
        out("SENT", args.set)
    printed = False
    while not peer.stopped:
        if args.expect and not printed and len(kvmap) == args.expect:
            out("MAP", ",".join(f"{k}={v.decode()}" for k, v in sorted(kvmap.items())))
            printed = True
        if not peer.readable(sub, None):
            break
        msg = _kvmsg.decode(sub.recv_multipart())
        if msg is None:
            continue
        key, seq, _, props, body = msg
        if key == "HUGZ":
            continue
        if "ttl" in props:
            out("TTL", key, props["ttl"])
        if seq <= sequence:
            out("DUPLICATE", seq)
            continue
        sequence = seq
        if body:
            kvmap[key] = body
        else:
            kvmap.pop(key, None)
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__)
    p.add_argument("--snapshot", required=True)
    p.add_argument("--publisher", required=True)
    p.add_argument("--collector", required=True)
    p.add_argument("--subtree", default="")
    p.add_argument("--set", type=int, default=0)
    p.add_argument("--ttl", type=int, default=0)
    p.add_argument("--expect", type=int, default=0)
    main(p, run)
