#!/usr/bin/env python3
"""A Paranoid Pirate queue that behaves like the Guide's ppqueue (ch.4 "Robust Reliable
Queuing", spec 6/PPP), written for these tests.

Workers (DEALER) on --backend send READY (0x01), heartbeats (0x02) and replies
[client][""][reply]; any message from a worker makes it ready with an expiry of
HEARTBEAT-INTERVAL x LIVENESS from now (the Guide's 1 s x 3). Every interval the
queue heartbeats each ready worker and forgets those whose expiry passed. Client
requests (REQ) on --frontend go to the worker that has been ready the longest.

CLI:
  --frontend=EP, --backend=EP   bind both
  --interval-ms=MS              heartbeat interval (default 1000, the Guide's)
  --liveness=N                  (default 3, the Guide's)
  --seconds S, --ignore-stdin

stdout lines:
  READY <frontend>
  JOINED <worker>               first message of a worker
  GAP <worker> <ms>             a new longest silence between two messages of that worker
  EXPIRED <worker>              a worker silent beyond its expiry was forgotten
"""
import os
import sys
from collections import OrderedDict

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, identity_text, main, new_parser, now_ms, out  # noqa: E402

READY = b"\x01"
HEARTBEAT = b"\x02"


def run(peer, args):
    frontend = peer.open(zmq.ROUTER, [], [args.frontend])
    backend = peer.open(zmq.ROUTER, [], [args.backend])
    expiry_ms = args.interval_ms * args.liveness
    ready = OrderedDict()  # worker -> expiry
    heard = {}  # worker -> last message
    longest = {}  # worker -> longest gap so far
    heartbeat_at = now_ms() + args.interval_ms
    announce([args.frontend])
    while not peer.stopped:
        items = [(backend, zmq.POLLIN)]
        if ready:
            items.append((frontend, zmq.POLLIN))
        events = peer.poll(items, max(0.0, heartbeat_at - now_ms()))
        now = now_ms()
        if backend in events:
            frames = backend.recv_multipart()
            worker, rest = frames[0], frames[1:]
            name = identity_text(worker)
            if worker in heard:
                gap = round(now - heard[worker])
                if gap > longest.get(worker, 0):
                    longest[worker] = gap
                    out("GAP", name, gap)
            else:
                out("JOINED", name)
            heard[worker] = now
            ready.pop(worker, None)
            ready[worker] = now + expiry_ms
            if rest not in ([READY], [HEARTBEAT]):
                frontend.send_multipart(rest)
        if frontend in events and ready:
            frames = frontend.recv_multipart()
            worker, _ = ready.popitem(last=False)
            backend.send_multipart([worker] + frames)
        if now >= heartbeat_at:
            for worker in ready:
                backend.send_multipart([worker, HEARTBEAT])
            heartbeat_at = now + args.interval_ms
        for worker, expiry in list(ready.items()):
            if expiry < now:
                del ready[worker]
                out("EXPIRED", identity_text(worker))
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__)
    p.add_argument("--frontend", required=True)
    p.add_argument("--backend", required=True)
    p.add_argument("--interval-ms", type=int, default=1000)
    p.add_argument("--liveness", type=int, default=3)
    main(p, run)
