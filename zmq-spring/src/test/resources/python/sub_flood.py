#!/usr/bin/env python3
"""Hostile SUB peer: one long subscription or a flood of distinct ones (Guide ch.2 pub-sub, abused).

It connects one SUB socket (libzmq), watches it with a socket monitor, sends its subscriptions,
and reports whether the publisher cut the connection. It never reconnects (a cut is final for it),
so what it reports is one connection's fate.

CLI:
  --connect=EP             the publisher (PUB or XPUB) to abuse
  --length=N               bytes of each subscription prefix (default 12)
  --count=N                how many distinct subscriptions to send (default 1)
  --seed=S                 seed of the random prefixes (printed)
  --hold=S                 seconds to stay after sending, unless cut first (default 5)
  --seconds S, --ignore-stdin

stdout lines:
  READY -
  SENT <n> seed=<seed>     all subscriptions handed to libzmq
  CUT <ms>                 the publisher closed the connection, <ms> after the first send
  HELD                     --hold passed without a cut
"""
import os
import random
import sys

import zmq
from zmq.utils.monitor import recv_monitor_message

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, main, new_parser, now_ms, out  # noqa: E402


def run(peer, args):
    sock = peer.socket(zmq.SUB)
    sock.setsockopt(zmq.SNDHWM, 0)           # queue the whole flood, whatever its size
    sock.setsockopt(zmq.RECONNECT_IVL, -1)   # a cut is final: report one connection's fate
    monitor = sock.get_monitor_socket(zmq.EVENT_CONNECTED | zmq.EVENT_DISCONNECTED)
    peer.sockets.append(monitor)
    sock.connect(args.connect)
    announce()
    connected = False
    while not peer.stopped and not connected:
        if monitor in peer.poll([(monitor, zmq.POLLIN)], 100):
            connected = recv_monitor_message(monitor)["event"] == zmq.EVENT_CONNECTED
    rnd = random.Random(args.seed)
    started = now_ms()
    for _ in range(args.count):
        sock.setsockopt(zmq.SUBSCRIBE, rnd.randbytes(args.length))
    out("SENT", args.count, f"seed={args.seed}")
    until = now_ms() + args.hold * 1000.0
    while not peer.stopped:
        left = until - now_ms()
        if left <= 0:
            out("HELD")
            return 0
        if monitor in peer.poll([(monitor, zmq.POLLIN)], left):
            if recv_monitor_message(monitor)["event"] == zmq.EVENT_DISCONNECTED:
                out("CUT", int(now_ms() - started))
                return 0
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__)
    p.add_argument("--connect", required=True)
    p.add_argument("--length", type=int, default=12)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--hold", type=float, default=5)
    main(p, run)
