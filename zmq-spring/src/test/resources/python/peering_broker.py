#!/usr/bin/env python3
"""A peer broker that behaves like the Guide's peering3 (ch.3 "Worked Example:
Inter-Broker Routing"), written for these tests; one peer only.

Local clients (REQ) talk to --frontend; local workers are threads of this script
(REQ over inproc, answering "{name}:{last frame}" with the rest of the message
unchanged, as the Guide's workers do). A client request goes to an idle local
worker, else to the peer when the peer announced capacity, else it waits.

Cloud envelope of the requests this broker sends to the peer (--form):
  delimited  [peer][""][client][""][body]   as the Guide's Python peering3;
             replies from the peer are unwrapped by dropping two frames, so a
             reply without the empty frame after the peer's name goes astray
  bare       [peer][client][""][body]       as the Guide's C peering3; replies
             are unwrapped as zmsg_unwrap does (the empty frame is optional)
Requests from the peer are served by local workers with the envelope they came
with, and the reply goes back unchanged (so in the peer's own form).

State: "[name][idle workers]" on --state only when the count changes (never
periodically, as peering3).

CLI:
  --name=NAME            this broker's name (cloud identity, first frame of its state)
  --frontend=EP          ROUTER for local clients (bind)
  --state=EP             PUB of this broker's state (bind)
  --cloud=EP             ROUTER taking the peer's requests (bind)
  --peer=NAME            the peer broker's name
  --peer-state=EP        the peer's state PUB (connect)
  --peer-cloud=EP        the peer's cloud ROUTER (connect)
  --workers=N            local worker threads (default 0)
  --form=delimited|bare  see above (default delimited)
  --seconds S, --ignore-stdin

stdout lines:
  READY <frontend>       sockets bound and connected
  STATE <n>              this broker announced n idle workers
  CAPACITY <n>           the peer announced n idle workers
  CLOUD <body>           a local client's request went to the peer
  SERVED <body>          a request from the peer went to a local worker
  ASTRAY <frames>        a reply from the peer named no local client: lost
"""
import os
import sys
import threading

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, frames_text, main, new_parser, out  # noqa: E402

READY = b"\x01"


def worker(ctx, endpoint, name, stop):
    sock = ctx.socket(zmq.REQ)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(endpoint)
    sock.send(READY)
    try:
        while not stop.is_set():
            if sock.poll(100, zmq.POLLIN):
                frames = sock.recv_multipart()
                frames[-1] = (name + ":").encode() + frames[-1]
                sock.send_multipart(frames)
    finally:
        sock.close()


def run(peer, args):
    me = args.name.encode()
    them = args.peer.encode()
    frontend = peer.open(zmq.ROUTER, [], [args.frontend])
    frontend.setsockopt(zmq.ROUTER_MANDATORY, 1)  # to tell a reply that names no client (ASTRAY)
    state = peer.open(zmq.PUB, [], [args.state])
    cloudfe = peer.open(zmq.ROUTER, [], [args.cloud], identity=args.name)
    cloudbe = peer.open(zmq.ROUTER, [args.peer_cloud], identity=args.name)
    statefe = peer.open(zmq.SUB, [args.peer_state])
    statefe.setsockopt(zmq.SUBSCRIBE, b"")
    backend_ep = "inproc://peering-backend-" + args.name
    backend = peer.open(zmq.ROUTER, [], [backend_ep])
    stop = threading.Event()
    threads = [threading.Thread(target=worker, args=(peer.ctx, backend_ep, args.name, stop), daemon=True)
               for _ in range(args.workers)]
    for t in threads:
        t.start()
    idle = []
    cloud_capacity = 0
    announced = 0  # peering3 starts from 0 and announces the first change
    announce([args.frontend])
    try:
        while not peer.stopped:
            items = [(backend, zmq.POLLIN), (cloudbe, zmq.POLLIN), (statefe, zmq.POLLIN)]
            if idle:
                items += [(cloudfe, zmq.POLLIN), (frontend, zmq.POLLIN)]
            elif cloud_capacity > 0:
                items.append((frontend, zmq.POLLIN))
            events = peer.poll(items, 1000)
            if backend in events:
                frames = backend.recv_multipart()
                idle.append(frames[0])
                rest = frames[2:]
                if rest != [READY]:
                    if rest[0] == them:
                        cloudfe.send_multipart(rest)
                    else:
                        frontend.send_multipart(rest)
            if cloudbe in events:
                frames = cloudbe.recv_multipart()
                if args.form == "delimited":
                    rest = frames[2:]
                else:
                    rest = frames[2:] if len(frames) > 1 and frames[1] == b"" else frames[1:]
                try:
                    frontend.send_multipart(rest, zmq.NOBLOCK)
                except zmq.ZMQError:
                    out("ASTRAY", frames_text(frames))
            if statefe in events:
                frames = statefe.recv_multipart()
                if len(frames) == 2 and frames[0] == them:
                    cloud_capacity = int(frames[1])
                    out("CAPACITY", cloud_capacity)
            if cloudfe in events and idle:
                frames = cloudfe.recv_multipart()
                backend.send_multipart([idle.pop(0), b""] + frames)
                out("SERVED", frames_text(frames[-1:]))
            if frontend in events and (idle or cloud_capacity > 0):
                frames = frontend.recv_multipart()
                if idle:
                    backend.send_multipart([idle.pop(0), b""] + frames)
                else:
                    envelope = [them, b""] if args.form == "delimited" else [them]
                    cloudbe.send_multipart(envelope + frames)
                    out("CLOUD", frames_text(frames[-1:]))
            if len(idle) != announced:
                announced = len(idle)
                state.send_multipart([me, str(announced).encode()])
                out("STATE", announced)
    finally:
        stop.set()
        for t in threads:
            t.join(2)
    return 0


def validate(parser, args):
    if args.form not in ("delimited", "bare"):
        parser.error("--form must be delimited or bare")


if __name__ == "__main__":
    p = new_parser(__doc__)
    for option in ("--name", "--frontend", "--state", "--cloud", "--peer", "--peer-state", "--peer-cloud"):
        p.add_argument(option, required=True)
    p.add_argument("--workers", type=int, default=0)
    p.add_argument("--form", default="delimited")
    main(p, run, validate)
