#!/usr/bin/env python3
"""Majordomo worker, MDP/0.1 (RFC 7/MDP, worker side; Guide ch.4 "mdwrkapi").

One DEALER connected to the broker. Every command starts with [""]["MDPW01"][cmd]:
  READY      0x01 [service]                       sent after every (re)connect
  REQUEST    0x02 [client][""][body...]           from the broker
  REPLY      0x03 [client][""][body...]           to the broker
  HEARTBEAT  0x04                                 both ways, every --heartbeat-ms
                                                  (skipped when another command went out recently)
  DISCONNECT 0x05                                 both ways
Any command from the broker counts as a heartbeat. If the broker stays silent for
--liveness heartbeat intervals, the worker waits --reconnect-ms, then opens a new
socket and sends READY again. On DISCONNECT from the broker it reconnects at once.
On a graceful exit (stdin EOF, --seconds, --count) it sends DISCONNECT.

The reply body echoes the request body; with --prefix X the first frame becomes X+frame.

CLI:
  --connect EP               broker endpoint (repeatable; at least one)
  --service NAME             service to register (default "echo")
  --heartbeat-ms MS          heartbeat interval (default 2500; match the broker)
  --liveness N               missed intervals before reconnecting (default 3)
  --reconnect-ms MS          pause before reconnecting after broker loss (default 2500)
  --prefix X                 reply X + request
  --delay-ms MS              simulated work per request, heartbeats continue meanwhile
  --crash-after N            answer N requests, then die (os._exit(3)) on request N+1
                             without replying or sending DISCONNECT
  --count N                  exit (with DISCONNECT) after N replies
  --identity ID              routing id of the DEALER socket (default: assigned by the broker)
  --verbose                  also print HEARTBEAT lines
  --seconds S, --ignore-stdin

stdout lines:
  READY -                    first READY command sent
  RECV <body>                per request (body frames joined by '|')
  HEARTBEAT                  heartbeat from the broker (--verbose only)
  DISCONNECTED               DISCONNECT received from the broker (a reconnect follows)
  RECONNECT <reason>         new socket + READY; reason: broker-silent | disconnect
  CRASH <n>                  right before the simulated crash
  COUNT <n>                  when --count was reached (exit 0)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _mdp import MDPW, W_DISCONNECT, W_HEARTBEAT, W_READY, W_REPLY, W_REQUEST, split_client, worker_frames  # noqa: E402
from _peer import (HeartbeatDealer, announce, crash_if_due, err, frames_text, main, new_parser,  # noqa: E402
                   now_ms, out, require_connect)


class Worker(HeartbeatDealer):
    last_sent = 0.0
    broker_expiry = 0.0

    def connect(self):
        self.reopen()
        self.command(W_READY, [self.args.service.encode()])
        self.broker_expiry = now_ms() + self.args.heartbeat_ms * self.args.liveness

    def command(self, cmd, frames=()):
        self.sock.send_multipart(worker_frames(cmd, frames))
        self.last_sent = now_ms()

    def heartbeat_due_at(self):
        return self.last_sent + self.args.heartbeat_ms

    def send_heartbeat(self):
        self.command(W_HEARTBEAT)


def run(peer, args):
    worker = Worker(peer, args)
    worker.connect()
    announce()
    served = 0
    while not peer.stopped:
        sock = worker.sock
        wait = min(worker.heartbeat_due_at(), worker.broker_expiry) - now_ms()
        events = peer.poll([(sock, zmq.POLLIN)], max(0.0, wait))
        if sock in events:
            frames = sock.recv_multipart()
            if len(frames) < 3 or frames[0] != b"" or frames[1] != MDPW:
                err(f"mdp_worker: invalid message from broker dropped: {frames!r}")
                continue
            worker.broker_expiry = now_ms() + args.heartbeat_ms * args.liveness
            cmd = frames[2]
            if cmd == W_REQUEST:
                request = split_client(frames[3:])
                if request is None or not request[1]:
                    err(f"mdp_worker: malformed REQUEST dropped: {frames!r}")
                    continue
                client, body = request
                crash_if_due(args, served)
                out("RECV", frames_text(body))
                if args.delay_ms:
                    worker.work(args.delay_ms)
                    if peer.stopped:
                        break
                reply = list(body) if body else [b""]
                if args.prefix is not None:
                    reply[0] = args.prefix.encode() + reply[0]
                worker.command(W_REPLY, [client, b""] + reply)
                served += 1
                if peer.reached(served, args.count, linger_ms=None):
                    break
            elif cmd == W_HEARTBEAT:
                if args.verbose:
                    out("HEARTBEAT")
            elif cmd == W_DISCONNECT:
                out("DISCONNECTED")
                out("RECONNECT", "disconnect")
                worker.connect()
            else:
                err(f"mdp_worker: invalid command {cmd!r} from broker dropped")
        elif now_ms() >= worker.broker_expiry:
            err(f"mdp_worker: broker silent for {args.liveness} heartbeats, reconnecting in {args.reconnect_ms} ms")
            peer.sleep(args.reconnect_ms)
            if peer.stopped:
                break
            out("RECONNECT", "broker-silent")
            worker.connect()
            continue
        worker.heartbeat_if_due()
    # graceful goodbye (RFC 7: the worker MAY send DISCONNECT at any time)
    try:
        worker.command(W_DISCONNECT)
        peer.linger_ms = 500
    except zmq.ZMQError:
        pass
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, connect_only=True)
    p.add_argument("--service", default="echo")
    p.add_argument("--heartbeat-ms", type=int, default=2500)
    p.add_argument("--liveness", type=int, default=3)
    p.add_argument("--reconnect-ms", type=int, default=2500)
    p.add_argument("--prefix", default=None)
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--crash-after", type=int, default=None)
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--identity", default=None)
    p.add_argument("--verbose", action="store_true")
    main(p, run, require_connect)
