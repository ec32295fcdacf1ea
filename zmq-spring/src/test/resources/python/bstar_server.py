#!/usr/bin/env python3
"""Binary Star peer (Guide ch.4 "High-Availability Pair", the bstarsrv role) for libzmq interop tests.

One half of a primary/backup pair. Every --heartbeat-ms the peer publishes its own
state on a PUB bound to --local, as ONE frame holding the state number in decimal
text ("1" primary, "2" backup, "3" active, "4" passive). A SUB connected to --remote
(subscribed to everything) hears the other peer's state; every state heard is an
event of the state machine, and moves the peer's expiry to "now + 2 heartbeats".
Client requests arrive on a ROUTER bound to --frontend (REQ clients: envelope,
empty delimiter, body) and are the CLIENT_REQUEST event.

The state machine (anything not listed changes nothing):
  PRIMARY  PEER_BACKUP  -> ACTIVE          CLIENT_REQUEST: served
           PEER_ACTIVE  -> PASSIVE
  BACKUP   PEER_ACTIVE  -> PASSIVE         CLIENT_REQUEST: rejected (dropped)
  ACTIVE   PEER_ACTIVE  -> fatal (dual active)
                                           CLIENT_REQUEST: served
  PASSIVE  PEER_PRIMARY -> ACTIVE (the peer restarted)
           PEER_BACKUP  -> ACTIVE (the peer restarted)
           PEER_PASSIVE -> fatal (dual passive)
           CLIENT_REQUEST -> ACTIVE and served if the peer has been silent past its
                             expiry (now >= last heard + 2 heartbeats), else dropped
A served request is answered with one frame "<name>:<request>" under the client's
envelope. A dropped request gets no answer at all, so the client's timeout makes it
fail over to the other peer. On a fatal event the peer prints FATAL and exits 1.
A state message that is not one frame "1".."4" (a trailing NUL is tolerated, as a C
peer may send one) is ignored and reported on stderr.

CLI:
  --role primary|backup      this peer's role (required)
  --local EP                 where the state PUB binds (required)
  --remote EP                where the other peer's state PUB is (SUB connects; required)
  --frontend EP              where the client ROUTER binds (required; wildcard port allowed)
  --heartbeat-ms MS          state publishing interval (default 1000)
  --name NAME                reply prefix (default: the role)
  --seconds S, --ignore-stdin

stdout lines:
  READY <frontend endpoint>  once all three sockets are set up
  STATE <NAME>               the starting state right after READY, then every change
  PEER <NAME>                when the state the other peer publishes changes
  SERVED <request>           a request answered
  DROPPED <request> <STATE>  a request not answered, and the state that refused it
  FATAL <reason>             dual active / dual passive (then exits 1)
Exits 0 on stdin EOF / --seconds, 1 after FATAL, 2 on ZeroMQ errors or bad arguments.
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import (announce, attach, err, frames_text, main, new_parser, now_ms, out,  # noqa: E402
                   split_envelope)

# states, with their wire numbers
PRIMARY, BACKUP, ACTIVE, PASSIVE = 1, 2, 3, 4
# events: a peer's state number is its PEER_* event
PEER_PRIMARY, PEER_BACKUP, PEER_ACTIVE, PEER_PASSIVE, CLIENT_REQUEST = 1, 2, 3, 4, 5

NAMES = {PRIMARY: "PRIMARY", BACKUP: "BACKUP", ACTIVE: "ACTIVE", PASSIVE: "PASSIVE"}


class Fatal(Exception):
    """The pair is broken (dual active or dual passive): this peer must stop."""


class PairState:
    """This peer's state and the peer's expiry; on_event() is the whole state machine."""

    def __init__(self, primary, heartbeat_ms):
        self.state = PRIMARY if primary else BACKUP
        self.heartbeat_ms = heartbeat_ms
        self.peer_expiry = 0.0  # now_ms() after which the peer counts as silent; 0 = never heard
        self.peer_state = None

    def _move(self, state):
        if state != self.state:
            self.state = state
            out("STATE", NAMES[state])

    def peer_heard(self, peer_state, now):
        """The other peer published peer_state (1..4)."""
        if peer_state != self.peer_state:
            self.peer_state = peer_state
            out("PEER", NAMES[peer_state])
        self.on_event(peer_state, now)
        self.peer_expiry = now + 2 * self.heartbeat_ms

    def on_event(self, event, now):
        """Runs one event; returns whether a CLIENT_REQUEST is to be served. Raises Fatal."""
        state = self.state
        if state == PRIMARY:
            if event == PEER_BACKUP:
                err("bstar_server: connected to the backup (passive), ready as active")
                self._move(ACTIVE)
            elif event == PEER_ACTIVE:
                err("bstar_server: connected to the backup (active), ready as passive")
                self._move(PASSIVE)
            return event == CLIENT_REQUEST
        if state == BACKUP:
            if event == PEER_ACTIVE:
                err("bstar_server: connected to the primary (active), ready as passive")
                self._move(PASSIVE)
            return False  # a backup never serves before it has been passive
        if state == ACTIVE:
            if event == PEER_ACTIVE:
                raise Fatal("dual active: the peer is active too")
            return event == CLIENT_REQUEST
        # PASSIVE
        if event in (PEER_PRIMARY, PEER_BACKUP):
            err("bstar_server: the peer is restarting, ready as active")
            self._move(ACTIVE)
            return False
        if event == PEER_PASSIVE:
            raise Fatal("dual passive: the peer is passive too")
        if event == CLIENT_REQUEST:
            if now >= self.peer_expiry:
                err("bstar_server: failover, a client asked and the peer has been silent")
                self._move(ACTIVE)
                return True
            return False
        return False


def parse_state(frames):
    """The state number of a state message, or None when it is not one frame "1".."4"."""
    if len(frames) != 1:
        return None
    body = bytes(frames[0])
    if body.endswith(b"\0"):
        body = body[:-1]
    if len(body) != 1 or body[0] < ord("1") or body[0] > ord("4"):
        return None
    return body[0] - ord("0")


def run(peer, args):
    pair = PairState(args.role == "primary", args.heartbeat_ms)
    name = args.name or args.role
    statepub = peer.socket(zmq.PUB)
    attach(statepub, [args.local], [])
    statesub = peer.socket(zmq.SUB)
    statesub.setsockopt(zmq.SUBSCRIBE, b"")
    attach(statesub, [], [args.remote])
    frontend = peer.socket(zmq.ROUTER)
    announce(attach(frontend, [args.frontend], []))
    out("STATE", NAMES[pair.state])

    send_state_at = now_ms()
    while not peer.stopped:
        events = peer.poll([(frontend, zmq.POLLIN), (statesub, zmq.POLLIN)], max(0.0, send_state_at - now_ms()))
        try:
            if frontend in events:
                frames = frontend.recv_multipart()
                envelope, body = split_envelope(frames)
                request = frames_text(body)
                if pair.on_event(CLIENT_REQUEST, now_ms()):
                    frontend.send_multipart(envelope + [f"{name}:{request}".encode()])
                    out("SERVED", request)
                else:
                    out("DROPPED", request, NAMES[pair.state])
            if statesub in events:
                frames = statesub.recv_multipart()
                peer_state = parse_state(frames)
                if peer_state is None:
                    err(f"bstar_server: ignored a state message that is not 1..4: {frames_text(frames)!r}")
                else:
                    pair.peer_heard(peer_state, now_ms())
        except Fatal as fatal:
            out("FATAL", fatal)
            return 1
        now = now_ms()
        if now >= send_state_at:
            statepub.send_string(str(pair.state))
            send_state_at = now + args.heartbeat_ms
    return 0


def validate(parser, args):
    if args.heartbeat_ms < 1:
        parser.error("--heartbeat-ms must be >= 1")


if __name__ == "__main__":
    p = new_parser(__doc__)
    p.add_argument("--role", choices=("primary", "backup"), required=True)
    p.add_argument("--local", required=True, metavar="EP")
    p.add_argument("--remote", required=True, metavar="EP")
    p.add_argument("--frontend", required=True, metavar="EP")
    p.add_argument("--heartbeat-ms", type=int, default=1000)
    p.add_argument("--name", default=None)
    main(p, run, validate)
