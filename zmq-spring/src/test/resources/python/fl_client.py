#!/usr/bin/env python3
"""Freelance client peer (Guide ch.4 "Brokerless Reliability") for interop tests: model 3 (flclient3
style, a ROUTER agent addressing servers by endpoint, PING until PONG, spec 10/FLP) or model 2
(flclient2 style, a DEALER sending every request to all servers, numbered, first reply wins).

CLI:
  --connect EP       server endpoint (repeatable)
  --model 2|3        which client (default 3)
  --count N          requests "<text> <i>" (default 10)
  --text TEXT        request text (default "name")
  --timeout-ms MS    per-request time bound (default 5000)
  --seconds S, --ignore-stdin

stdout lines:
  READY -
  ALIVE <endpoint>   model 3: a server answered a PING
  REPLY <reply>      per request
  DONE               after the last reply (exit 0)
  FAIL timeout <n>   a request got no reply in time (exit 1)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, main, new_parser, now_ms, out  # noqa: E402


def model3(peer, args):
    sock = peer.socket(zmq.ROUTER)
    sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
    for ep in args.connect:
        sock.connect(ep)
    announce()
    alive = []
    sequence = 0
    for i in range(args.count):
        sequence += 1
        deadline = now_ms() + args.timeout_ms
        sent = False
        last_ping = 0
        while not peer.stopped and now_ms() < deadline:
            if not sent and alive:
                try:
                    sock.send_multipart([alive[0].encode(), str(sequence).encode(), f"{args.text} {i}".encode()])
                    sent = True
                except zmq.ZMQError:
                    alive.pop(0)
            if not alive and now_ms() - last_ping > 100:
                last_ping = now_ms()
                for ep in args.connect:
                    try:
                        sock.send_multipart([ep.encode(), b"PING"])
                    except zmq.ZMQError:
                        pass  # not connected yet
            if sock not in peer.poll([(sock, zmq.POLLIN)], 50):
                continue
            frames = sock.recv_multipart()
            server = frames[0].decode()
            if server not in alive:
                alive.append(server)
                out("ALIVE", server)
            if len(frames) >= 3 and frames[1] == str(sequence).encode():
                out("REPLY", frames[2].decode())
                break
        else:
            out("FAIL", "timeout", i)
            return 1
    out("DONE")
    return 0


def model2(peer, args):
    sock = peer.socket(zmq.DEALER)
    for ep in args.connect:
        sock.connect(ep)
    announce()
    for i in range(args.count):
        sequence = str(i + 1).encode()
        for _ in args.connect:
            sock.send_multipart([b"", sequence, f"{args.text} {i}".encode()])
        deadline = now_ms() + args.timeout_ms
        while not peer.stopped and now_ms() < deadline:
            if sock not in peer.poll([(sock, zmq.POLLIN)], 50):
                continue
            frames = sock.recv_multipart()
            if len(frames) == 3 and frames[0] == b"" and frames[1] == sequence:
                out("REPLY", frames[2].decode())
                break
        else:
            out("FAIL", "timeout", i)
            return 1
    out("DONE")
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, connect_only=True)
    p.add_argument("--model", type=int, default=3)
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--text", default="name")
    p.add_argument("--timeout-ms", type=int, default=5000)
    main(p, lambda peer, args: model3(peer, args) if args.model == 3 else model2(peer, args))
