#!/usr/bin/env python3
"""Paranoid Pirate worker (RFC 6/PPP, Guide ch.4 "ppworker").

A DEALER connects to the queue's backend and sends READY (one frame 0x01), then
  * sends HEARTBEAT (one frame 0x02) every --heartbeat-ms, also while busy;
  * treats any message from the queue as a sign of life; after --liveness
    heartbeat intervals without one, it waits the reconnect interval, closes the
    socket, opens a fresh one and sends READY again; the interval doubles on each
    consecutive failure up to --interval-max-ms and resets once the queue talks;
  * answers requests [address stack][""][request...] with [address stack][""][reply].
A single-frame 0x02 is a heartbeat; any other message is a request (address stack =
frames up to the first empty frame, possibly none).

CLI:
  --connect EP | --bind EP   queue backend (repeatable; at least one)
  --heartbeat-ms MS          heartbeat interval (default 1000)
  --liveness N               missed intervals before reconnecting (default 3)
  --interval-init-ms MS      first reconnect interval (default 1000)
  --interval-max-ms MS       reconnect interval cap (default 32000)
  --name NAME                worker name used in replies (default "w<pid>")
  --format FMT               reply format with {name}/{request} (default "{name}:{request}")
  --identity ID              routing id of the DEALER socket (default: assigned by the queue)
  --delay-ms MS              simulated work per request, heartbeats continue meanwhile
  --crash-after N            answer N requests, then die (os._exit(3)) on request N+1
                             without replying or saying goodbye
  --count N                  exit after N replies
  --verbose                  also print HEARTBEAT lines
  --seconds S, --ignore-stdin

stdout lines:
  READY -                    socket connected and READY sent
  RECV <request>             per request (body frames joined by '|')
  HEARTBEAT                  heartbeat received from the queue (--verbose only)
  RECONNECT <interval-ms>    queue silent for --liveness intervals; reconnecting after the interval
  CRASH <n>                  right before the simulated crash
  COUNT <n>                  when --count was reached (exit 0)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import (HeartbeatDealer, add_reply_args, announce, crash_if_due, err, frames_text, main,  # noqa: E402
                   new_parser, now_ms, out, require_endpoints, split_envelope, worker_reply)


PPP_READY = b"\x01"
PPP_HEARTBEAT = b"\x02"


class Worker(HeartbeatDealer):
    next_heartbeat = 0.0

    def open(self):
        self.reopen(self.args.bind)
        self.sock.send(PPP_READY)
        self.next_heartbeat = now_ms() + self.args.heartbeat_ms

    def heartbeat_due_at(self):
        return self.next_heartbeat

    def send_heartbeat(self):
        self.sock.send(PPP_HEARTBEAT)
        self.next_heartbeat = now_ms() + self.args.heartbeat_ms


def run(peer, args):
    worker = Worker(peer, args)
    worker.open()
    announce()
    liveness = args.liveness
    interval = args.interval_init_ms
    next_tick = now_ms() + args.heartbeat_ms
    served = 0
    while not peer.stopped:
        sock = worker.sock
        wait = min(next_tick, worker.next_heartbeat) - now_ms()
        events = peer.poll([(sock, zmq.POLLIN)], max(0.0, wait))
        if sock in events:
            frames = sock.recv_multipart()
            liveness = args.liveness
            interval = args.interval_init_ms
            next_tick = now_ms() + args.heartbeat_ms
            if len(frames) == 1 and frames[0] == PPP_HEARTBEAT:
                if args.verbose:
                    out("HEARTBEAT")
            else:
                crash_if_due(args, served)
                envelope, body = split_envelope(frames)
                request = frames_text(body)
                out("RECV", request)
                if args.delay_ms:
                    worker.work(args.delay_ms)
                    if peer.stopped:
                        break
                sock.send_multipart(envelope + [worker_reply(args, request).encode()])
                served += 1
                if peer.reached(served, args.count):
                    return 0
        elif now_ms() >= next_tick:
            liveness -= 1
            next_tick = now_ms() + args.heartbeat_ms
            if liveness <= 0:
                out("RECONNECT", interval)
                err(f"ppp_worker: heartbeat failure, can't reach queue; reconnecting in {interval} ms")
                peer.sleep(interval)
                if peer.stopped:
                    break
                interval = min(interval * 2, args.interval_max_ms)
                worker.open()
                liveness = args.liveness
                next_tick = now_ms() + args.heartbeat_ms
        worker.heartbeat_if_due()
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, "DEALER socket")
    p.add_argument("--heartbeat-ms", type=int, default=1000)
    p.add_argument("--liveness", type=int, default=3)
    p.add_argument("--interval-init-ms", type=int, default=1000)
    p.add_argument("--interval-max-ms", type=int, default=32000)
    add_reply_args(p)
    p.add_argument("--crash-after", type=int, default=None)
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--verbose", action="store_true")
    main(p, run, require_endpoints)
