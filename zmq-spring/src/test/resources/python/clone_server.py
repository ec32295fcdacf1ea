#!/usr/bin/env python3
"""Clone server (Guide ch.5, the clonesrv5 role): snapshot ROUTER, update PUB, collector SUB.

ICANHAZ? + subtree on the ROUTER: every stored kvmsg under the subtree, then KTHXBAI with the
sequence and the subtree as body. A kvmsg on the collector gets the next sequence and is published
as the client sent it (a ttl property stays relative seconds, as clonesrv5/clonesrv6 publish it);
it is stored with the ttl turned into an absolute expiry in epoch milliseconds, the form snapshots
carry. An empty body deletes. Expired keys are deleted and published as deletes; HUGZ with the
sequence is published every --hugz-ms.

CLI:
  --snapshot EP --publisher EP --collector EP   endpoints to bind (wildcard ports allowed)
  --hugz-ms MS                                  heartbeat interval (default 1000)
  --seconds S, --ignore-stdin

stdout lines:
  READY <snapshot endpoint>
  ENDPOINTS <snapshot> <publisher> <collector>
  UPDATE <key> <sequence>      per update accepted
  SNAPSHOT <subtree> <keys>    per snapshot served
"""
import os
import sys
import time

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import main, new_parser, now_ms, out  # noqa: E402
import _kvmsg  # noqa: E402


def run(peer, args):
    router = peer.socket(zmq.ROUTER)
    router.bind(args.snapshot)
    pub = peer.socket(zmq.PUB)
    pub.bind(args.publisher)
    collector = peer.socket(zmq.SUB)
    collector.setsockopt(zmq.SUBSCRIBE, b"")
    collector.bind(args.collector)
    eps = [router.getsockopt(zmq.LAST_ENDPOINT).decode(), pub.getsockopt(zmq.LAST_ENDPOINT).decode(),
           collector.getsockopt(zmq.LAST_ENDPOINT).decode()]
    out("READY", eps[0])
    out("ENDPOINTS", *eps)
    kvmap = {}
    sequence = 0
    next_hugz = now_ms() + args.hugz_ms
    while not peer.stopped:
        ready = peer.poll([(router, zmq.POLLIN), (collector, zmq.POLLIN)], max(0, next_hugz - now_ms()))
        if router in ready:
            frames = router.recv_multipart()
            if len(frames) == 3 and frames[1] == b"ICANHAZ?":
                subtree = frames[2].decode()
                sent = 0
                for key, stored in sorted(kvmap.items()):
                    if key.startswith(subtree):
                        router.send_multipart([frames[0]] + stored)
                        sent += 1
                router.send_multipart([frames[0]] + _kvmsg.encode("KTHXBAI", sequence, frames[2], uid=b""))
                out("SNAPSHOT", subtree or "-", sent)
        if collector in ready:
            msg = _kvmsg.decode(collector.recv_multipart())
            if msg is not None:
                key, _, uid, props, body = msg
                sequence += 1
                pub.send_multipart(_kvmsg.encode(key, sequence, body, props, uid))
                if "ttl" in props:
                    props["ttl"] = str(int(time.time() * 1000 + float(props["ttl"]) * 1000))
                frames = _kvmsg.encode(key, sequence, body, props, uid)
                if body:
                    kvmap[key] = frames
                else:
                    kvmap.pop(key, None)
                out("UPDATE", key, sequence)
        if now_ms() >= next_hugz:
            wall = time.time() * 1000
            for key in [k for k, f in kvmap.items() if _kvmsg.decode(f)[3].get("ttl")
                        and int(_kvmsg.decode(f)[3]["ttl"]) <= wall]:
                sequence += 1
                kvmap.pop(key)
                pub.send_multipart(_kvmsg.encode(key, sequence, b"", uid=b""))
            pub.send_multipart(_kvmsg.encode("HUGZ", sequence, b"", uid=b""))
            next_hugz = now_ms() + args.hugz_ms
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__)
    p.add_argument("--snapshot", required=True)
    p.add_argument("--publisher", required=True)
    p.add_argument("--collector", required=True)
    p.add_argument("--hugz-ms", type=int, default=1000)
    main(p, run)
