#!/usr/bin/env python3
"""Majordomo client, MDP/0.1 (RFC 7/MDP) with MMI queries (RFC 8/MMI).

Request on the wire:  [""]["MDPC01"][service][body...]
Reply on the wire:    [""]["MDPC01"][service][body...]
With REQ the empty frame is added/removed by the socket; with DEALER it is explicit.

Synchronous mode (default, REQ or --socket dealer): one request at a time; if no
reply arrives within --timeout-ms the socket is closed, a fresh one connected and
the request resent, up to --retries attempts in total (Guide "mdcliapi").
Asynchronous mode (--async, always DEALER, Guide "mdcliapi2"): all --count requests
are sent at once, then the replies are collected in arrival order; each wait is
bounded by --timeout-ms, no resends.

Requests are "<text> <i>" (i = 0..count-1) to --service. With --mmi SERVICE the
client first asks the broker's --mmi-name (default "mmi.service") about SERVICE.

CLI:
  --connect EP               broker endpoint (repeatable; at least one)
  --service NAME             service name (default "echo")
  --count N                  requests (default 10; default 0 when --mmi is given)
  --text TEXT                request text (default "request")
  --timeout-ms MS            reply timeout per attempt (default 2500)
  --retries N                attempts per request in synchronous mode (default 3)
  --socket req|dealer        synchronous socket type (default req)
  --async                    asynchronous DEALER mode
  --mmi SERVICE              MMI query about SERVICE
  --mmi-name NAME            MMI service to query (default "mmi.service")
  --server-key Z85 [--public-key Z85 --secret-key Z85]   CURVE client of the broker
  --username U --password P  PLAIN client of the broker
  --seconds S, --ignore-stdin

stdout lines:
  KEY <public key Z85>       CURVE only: the client's public key, per socket opened
  READY -
  MMI <code>                 MMI reply body ("200", "404", "501", ...)
  REPLY <body>               per reply (body frames joined by '|')
  RETRY <request> <attempt>  resending on a fresh socket (synchronous mode)
  FAIL <what>                request/MMI abandoned or malformed reply (exit 1)
  DONE                       everything answered (exit 0)
"""
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _mdp import MDPC, client_frames  # noqa: E402
from _peer import (add_security_args, announce, err, frames_text, lazy_pirate, main, new_parser, now_ms, out, text,  # noqa: E402
                   unanswered_rc, validate_client)


class Client:
    def __init__(self, peer, args, kind):
        self.peer = peer
        self.args = args
        self.kind = kind
        self.sock = None
        self.reconnect()

    def reconnect(self):
        self.sock = self.peer.open(self.kind, self.args.connect, replacing=self.sock, security=self.args)

    def send(self, service, body):
        self.sock.send_multipart(client_frames(service.encode(), body, [b""] if self.kind == zmq.DEALER else ()))

    def recv(self, service, timeout_ms):
        """Body of the next reply, or None on timeout/stop. Raises on bad replies."""
        if not self.peer.readable(self.sock, now_ms() + timeout_ms):
            return None
        frames = self.sock.recv_multipart()
        if self.kind == zmq.DEALER:
            if not frames or frames[0] != b"":
                raise ValueError(f"reply without empty delimiter: {frames!r}")
            frames = frames[1:]
        if len(frames) < 2 or frames[0] != MDPC:
            raise ValueError(f"reply without MDPC01 header: {frames!r}")
        reply_service = text(frames[1])
        if reply_service != service:
            raise ValueError(f"reply for service '{reply_service}', expected '{service}'")
        return frames[2:]

    def request(self, service, body, label):
        """Synchronous request with Lazy Pirate resends. Reply body or None."""
        def attempt(n):
            if n > 1:
                self.reconnect()
            self.send(service, body)
            return self.recv(service, self.args.timeout_ms)

        return lazy_pirate(self.peer, self.args.retries, label,
                           f"mdp_client: no reply to '{label}', retrying on a fresh socket", attempt)


def run(peer, args):
    kind = zmq.DEALER if (args.async_mode or args.socket == "dealer") else zmq.REQ
    client = Client(peer, args, kind)
    announce()
    try:
        if args.mmi is not None:
            body = client.request(args.mmi_name, [args.mmi.encode()], f"{args.mmi_name} {args.mmi}")
            if body is None:
                return unanswered_rc(peer, args.mmi_name)
            out("MMI", frames_text(body))

        requests = [f"{args.text} {i}" for i in range(args.count)]
        if args.async_mode:
            for request in requests:
                client.send(args.service, [request.encode()])
            for answered in range(len(requests)):
                body = client.recv(args.service, args.timeout_ms)
                if body is None:
                    note = f"mdp_client: only {answered} of {len(requests)} replies within {args.timeout_ms} ms"
                    return unanswered_rc(peer, f"async {answered}/{len(requests)}", note)
                out("REPLY", frames_text(body))
        else:
            for request in requests:
                body = client.request(args.service, [request.encode()], request)
                if body is None:
                    return unanswered_rc(peer, request,
                                         f"mdp_client: abandoning '{request}' after {args.retries} attempts")
                out("REPLY", frames_text(body))
    except ValueError as exc:
        out("FAIL", "protocol")
        err(f"mdp_client: malformed reply: {exc}")
        return 1
    out("DONE")
    return 0


def validate(parser, args):
    validate_client(parser, args)
    if args.count is None:
        args.count = 0 if args.mmi is not None else 10


if __name__ == "__main__":
    p = new_parser(__doc__, connect_only=True)
    p.add_argument("--service", default="echo")
    p.add_argument("--count", type=int, default=None)
    p.add_argument("--text", default="request")
    p.add_argument("--timeout-ms", type=int, default=2500)
    p.add_argument("--retries", type=int, default=3)
    p.add_argument("--socket", choices=("req", "dealer"), default="req")
    p.add_argument("--async", dest="async_mode", action="store_true")
    p.add_argument("--mmi", default=None, metavar="SERVICE")
    p.add_argument("--mmi-name", default="mmi.service")
    add_security_args(p)
    main(p, run, validate)
