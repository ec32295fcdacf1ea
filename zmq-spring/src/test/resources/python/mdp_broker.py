#!/usr/bin/env python3
"""Majordomo broker, MDP/0.1 (RFC 7/MDP) with MMI (RFC 8/MMI), single ROUTER socket.

Clients and workers share one ROUTER socket; the header frame tells them apart:
  client  [addr][""]["MDPC01"][service][body...]        -> reply [addr][""]["MDPC01"][service][body...]
  worker  [addr][""]["MDPW01"][cmd][...]                (READY/REQUEST/REPLY/HEARTBEAT/DISCONNECT)
Behaviour:
  * services are created on demand; requests for services without workers are
    queued and expire after --request-expiry-ms (0 = never);
  * each service dispatches to its least recently used idle worker;
  * heartbeats go to every worker each --heartbeat-ms (unless another command was
    sent to it recently); a worker silent for --liveness intervals is purged;
  * "mmi.*" is answered by the broker: mmi.service -> "200" if at least one worker is
    registered for the service named in the body, else "404"; other mmi.* -> "501";
    a worker registering an mmi.* service is disconnected;
  * valid but unexpected worker commands (READY twice, REPLY/HEARTBEAT from an
    unknown worker, unknown command) get DISCONNECT; malformed messages are dropped;
  * with --requeue, the in-flight request of a purged/vanished worker is queued again
    (default off: like the Guide, clients are expected to retry).

CLI:
  --bind EP                  ROUTER endpoint (repeatable; default tcp://127.0.0.1:*)
  --heartbeat-ms MS          heartbeat interval (default 2500; match the workers)
  --liveness N               missed intervals before a worker is purged (default 3)
  --request-expiry-ms MS     expiry of queued requests (default 30000; 0 = never)
  --requeue                  requeue in-flight requests of lost workers
  --seconds S, --ignore-stdin

stdout lines:
  READY <endpoint>           first bound endpoint (wildcard port resolved)
  WORKER <service> <id>      worker registered (id: printable text or 0x<hex>)
  GONE <service> <id>        worker sent DISCONNECT
  EXPIRED <service> <id>     worker purged after missing heartbeats
  KICK <id> <reason>         DISCONNECT sent to a worker (protocol error)
  REQUEST <service>          client request accepted
  REPLY <service>            reply routed back to a client
  MMI <name> <arg> <code>    MMI request answered
  DROP <reason>              malformed message, expired request or unroutable reply dropped
"""
import collections
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _mdp import (MDPC, MDPW, W_DISCONNECT, W_HEARTBEAT, W_READY, W_REPLY, W_REQUEST,  # noqa: E402
                  client_frames, split_client, worker_frames)
from _peer import announce, attach, identity_text, main, new_parser, now_ms, out, text  # noqa: E402


class Service:
    def __init__(self, name):
        self.name = name
        self.requests = collections.deque()  # (queued_at, client, body)
        self.waiting = collections.deque()   # idle workers, least recently used first
        self.workers = set()                 # registered worker addresses


class Worker:
    def __init__(self, address, service, expiry):
        self.address = address
        self.service = service
        self.expiry = expiry
        self.last_sent = 0.0
        self.current = None  # (client, body) while busy


class Broker:
    def __init__(self, peer, args, sock):
        self.peer = peer
        self.args = args
        self.sock = sock
        self.services = {}
        self.workers = {}
        self.expiry_ms = args.heartbeat_ms * args.liveness

    # -- plumbing ----------------------------------------------------------
    def send(self, frames):
        """Route a message; False if the peer is gone (ROUTER_MANDATORY) or full."""
        try:
            self.sock.send_multipart(frames, zmq.NOBLOCK)
            return True
        except zmq.ZMQError as exc:
            if exc.errno not in (zmq.EHOSTUNREACH, zmq.EAGAIN):
                raise
            return False

    def service(self, name):
        if name not in self.services:
            self.services[name] = Service(name)
        return self.services[name]

    def send_worker(self, worker, cmd, frames=()):
        ok = self.send(worker_frames(cmd, frames, worker.address))
        worker.last_sent = now_ms()
        return ok

    def kick(self, address, reason):
        """DISCONNECT a worker (known or not) and forget it."""
        self.send(worker_frames(W_DISCONNECT, address=address))
        out("KICK", identity_text(address), reason)
        if address in self.workers:
            self.delete_worker(self.workers[address])

    def delete_worker(self, worker):
        self.workers.pop(worker.address, None)
        service = worker.service
        service.workers.discard(worker.address)
        if worker in service.waiting:
            service.waiting.remove(worker)
        if worker.current is not None and self.args.requeue:
            client, body = worker.current
            service.requests.appendleft((now_ms(), client, body))
            self.dispatch(service)
        worker.current = None

    # -- dispatching ---------------------------------------------------------
    def worker_waiting(self, worker):
        worker.current = None
        if worker not in worker.service.waiting:
            worker.service.waiting.append(worker)
        self.dispatch(worker.service)

    def dispatch(self, service):
        while service.waiting and service.requests:
            worker = service.waiting.popleft()
            _, client, body = service.requests.popleft()
            if self.send_worker(worker, W_REQUEST, [client, b""] + body):
                worker.current = (client, body)
            else:  # the worker vanished: forget it, keep the request
                service.requests.appendleft((now_ms(), client, body))
                out("EXPIRED", service.name, identity_text(worker.address))
                self.delete_worker(worker)

    # -- message handling ----------------------------------------------------
    def handle(self, frames):
        if len(frames) < 3 or frames[1] != b"":
            out("DROP", "malformed")
            return
        sender, header = frames[0], frames[2]
        if header == MDPC:
            self.handle_client(sender, frames[3:])
        elif header == MDPW:
            self.handle_worker(sender, frames[3:])
        else:
            out("DROP", "unknown-header")

    def handle_client(self, sender, frames):
        if not frames:
            out("DROP", "client-without-service")
            return
        name, body = text(frames[0]), frames[1:]
        if name.startswith("mmi."):
            arg = text(body[0]) if body else ""
            if name == "mmi.service":
                service = self.services.get(arg)
                code = "200" if service is not None and service.workers else "404"
            else:
                code = "501"
            out("MMI", name, arg or "-", code)
            self.send(client_frames(frames[0], [code.encode()], [sender, b""]))
            return
        out("REQUEST", name)
        service = self.service(name)
        service.requests.append((now_ms(), sender, body))
        self.dispatch(service)

    def handle_worker(self, sender, frames):
        if not frames:
            out("DROP", "worker-without-command")
            return
        cmd, rest = frames[0], frames[1:]
        worker = self.workers.get(sender)
        if worker is not None and cmd != W_DISCONNECT:
            worker.expiry = now_ms() + self.expiry_ms  # any command is a heartbeat
        if cmd == W_READY:
            if not rest:
                out("DROP", "ready-without-service")
            elif worker is not None:
                self.kick(sender, "duplicate-ready")
            elif text(rest[0]).startswith("mmi."):
                self.kick(sender, "reserved-service")
            else:
                service = self.service(text(rest[0]))
                worker = Worker(sender, service, now_ms() + self.expiry_ms)
                self.workers[sender] = worker
                service.workers.add(sender)
                out("WORKER", service.name, identity_text(sender))
                self.worker_waiting(worker)
        elif cmd == W_REPLY:
            reply = split_client(rest)
            if worker is None:
                self.kick(sender, "reply-from-unknown-worker")
            elif reply is None:
                self.kick(sender, "malformed-reply")
            else:
                client, body = reply
                if self.send(client_frames(worker.service.name.encode(), body, [client, b""])):
                    out("REPLY", worker.service.name)
                else:
                    out("DROP", "client-gone")
                self.worker_waiting(worker)
        elif cmd == W_HEARTBEAT:
            if worker is None:
                self.kick(sender, "heartbeat-from-unknown-worker")
        elif cmd == W_DISCONNECT:
            if worker is not None:
                out("GONE", worker.service.name, identity_text(sender))
                self.delete_worker(worker)
        else:
            self.kick(sender, "invalid-command")

    # -- housekeeping ----------------------------------------------------------
    def housekeeping(self):
        now = now_ms()
        for worker in list(self.workers.values()):
            if worker.expiry <= now:
                out("EXPIRED", worker.service.name, identity_text(worker.address))
                self.delete_worker(worker)
        for worker in list(self.workers.values()):
            if now - worker.last_sent >= self.args.heartbeat_ms / 2:
                if not self.send_worker(worker, W_HEARTBEAT):
                    out("EXPIRED", worker.service.name, identity_text(worker.address))
                    self.delete_worker(worker)
        if self.args.request_expiry_ms:
            for service in self.services.values():
                while service.requests and now - service.requests[0][0] > self.args.request_expiry_ms:
                    service.requests.popleft()
                    out("DROP", f"request-expired {service.name}")


def run(peer, args):
    sock = peer.socket(zmq.ROUTER)
    sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
    bound = attach(sock, args.bind or ["tcp://127.0.0.1:*"], [])
    broker = Broker(peer, args, sock)
    announce(bound)
    next_housekeeping = now_ms() + args.heartbeat_ms
    while not peer.stopped:
        events = peer.poll([(sock, zmq.POLLIN)], max(0.0, next_housekeeping - now_ms()))
        if sock in events:
            # drain what is there, but keep housekeeping on schedule
            for _ in range(1000):
                try:
                    frames = sock.recv_multipart(zmq.NOBLOCK)
                except zmq.Again:
                    break
                broker.handle(frames)
        if now_ms() >= next_housekeeping:
            broker.housekeeping()
            next_housekeeping = now_ms() + args.heartbeat_ms
    for worker in list(broker.workers.values()):
        broker.send_worker(worker, W_DISCONNECT)
    peer.linger_ms = 200
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__)
    p.add_argument("--bind", action="append", default=[], metavar="EP")
    p.add_argument("--heartbeat-ms", type=int, default=2500)
    p.add_argument("--liveness", type=int, default=3)
    p.add_argument("--request-expiry-ms", type=int, default=30000)
    p.add_argument("--requeue", action="store_true")
    main(p, run)
