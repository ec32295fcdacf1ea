#!/usr/bin/env python3
"""Hostile-peer kit: raw TCP garbage and malformed ZMTP against one port on loopback.

Standard library only (socket, threading): no pyzmq, no pip. It attacks 127.0.0.1 and
nothing else, and is bounded in count (--connections, --hang) and time (--seconds; every
connection has its own --io-timeout), so it can run in CI against every component kind.

Each attacking connection uses one of these payloads, round-robin (--kinds selects some):
  random      1-4 KB of random bytes
  blob        a 10 MB blob (--blob-mb) of random bytes
  huge62      a valid ZMTP 3.0 NULL greeting, then a frame claiming 2^62 bytes
  huge100m    a valid greeting, then a frame claiming 100 MB (and 64 KB of it)
  hugecmd     a valid greeting, then a command frame claiming 2^31-1 bytes
  negsize     a valid greeting, then a frame whose 64-bit size has the top bit set and is -16
              as a Java long (JeroMQ 0.6.0 passes it to its allocator: NegativeArraySizeException)
  neg2g       a valid greeting, then a frame claiming 2^63 + 2^31 - 2^20: negative as a long,
              2 GB - 1 MB once JeroMQ casts it to int
  badflags    a valid greeting, then frames with reserved flag bits set
  badversion  a greeting with major version 0x7f, then garbage
  badmech     a greeting naming an unknown mechanism "EVIL"
  postready   a valid greeting and READY, then a frame claiming 100 MB and 64 KB of it
After its payload a connection reads until the server closes it or --io-timeout passes.

--hang N opens N more connections first that send half a greeting (5 of its 10 signature
bytes) and then nothing; they stay open until the server closes them or --hold seconds
pass. --greeting-hang M opens M connections that send a complete 64-byte greeting and
nothing else (JeroMQ 0.6.0 stops its handshake timer after the greeting; see
docs/network.md).

CLI:
  --port P[,P2...] (required: several ports share the connections round-robin)
  --connections N (1000)  --parallel K (50)  --hang N (50)
  --greeting-hang M (0)  --hold S (30)  --io-timeout S (5)  --seconds S (120)
  --blob-mb MB (10)  --kinds k1,k2,...  --seed X

stdout lines:
  READY -                                  at start
  HANGING <n>                              once the hanging connections are open
  ATTACKED <n> closed=<c> timeout=<t> refused=<r>
                                           after all attacking connections ended:
                                           closed = the server closed it (EOF/reset),
                                           timeout = still open after --io-timeout
  HUNG closed=<c> open=<o> seconds=<s>     hanging connections the server closed / still
                                           open when --hold passed (then closed by us)
  DONE
Exits 0 when done, 2 on bad arguments.
"""
import argparse
import os
import random
import socket
import struct
import sys
import threading
import time

HOST = "127.0.0.1"
KINDS = ["random", "blob", "huge62", "huge100m", "hugecmd", "negsize", "neg2g", "badflags", "badversion",
         "badmech", "postready"]


def out(*parts):
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def greeting(major=3, minor=0, mechanism=b"NULL"):
    """A 64-byte ZMTP 3.0 greeting: signature, version, mechanism, as-server, filler."""
    signature = b"\xff" + b"\x00" * 8 + b"\x7f"
    return signature + bytes([major, minor]) + mechanism.ljust(20, b"\x00") + b"\x00" + b"\x00" * 31


def command(name, body=b""):
    """A short ZMTP command frame."""
    payload = bytes([len(name)]) + name + body
    return bytes([0x04, len(payload)]) + payload


def ready(socket_type=b"DEALER"):
    prop = bytes([len(b"Socket-Type")]) + b"Socket-Type" + struct.pack(">I", len(socket_type)) + socket_type
    return command(b"READY", prop)


def large_frame(flags, size):
    return bytes([flags | 0x02]) + struct.pack(">Q", size)


def payload(kind, rng, blob_mb):
    if kind == "random":
        return rng.randbytes(rng.randint(1024, 4096))
    if kind == "blob":
        return rng.randbytes(blob_mb * 1024 * 1024)
    if kind == "huge62":
        return greeting() + large_frame(0x00, 1 << 62) + rng.randbytes(1024)
    if kind == "huge100m":
        return greeting() + large_frame(0x00, 100 * 1024 * 1024) + rng.randbytes(65536)
    if kind == "hugecmd":
        return greeting() + large_frame(0x04, (1 << 31) - 1) + rng.randbytes(1024)
    if kind == "negsize":
        return greeting() + large_frame(0x00, (1 << 64) - 16) + rng.randbytes(1024)
    if kind == "neg2g":
        return greeting() + large_frame(0x00, (1 << 63) + (1 << 31) - (1 << 20)) + rng.randbytes(1024)
    if kind == "badflags":
        return greeting() + bytes([0xf8, 0x05]) + b"READY" + bytes([0xfd, 0x01, 0x00]) + rng.randbytes(512)
    if kind == "badversion":
        return greeting(major=0x7f, minor=0x7f) + rng.randbytes(256)
    if kind == "badmech":
        return greeting(mechanism=b"EVIL") + rng.randbytes(256)
    if kind == "postready":
        return greeting() + ready() + large_frame(0x00, 100 * 1024 * 1024) + rng.randbytes(65536)
    raise ValueError(kind)


def await_close(sock, timeout):
    """Reads until EOF or reset (the server closed us: True) or the timeout passes (False)."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        sock.settimeout(remaining)
        try:
            data = sock.recv(65536)
        except socket.timeout:
            return False
        except OSError:
            return True
        if not data:
            return True


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {"closed": 0, "timeout": 0, "refused": 0}

    def add(self, key):
        with self.lock:
            self.counts[key] += 1


def attack(index, kind, args, tally, stop_at):
    rng = random.Random(args.seed * 1000003 + index)
    data = payload(kind, rng, args.blob_mb)
    try:
        sock = socket.create_connection((HOST, args.ports[index % len(args.ports)]), timeout=args.io_timeout)
    except OSError:
        tally.add("refused")
        return
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        closed = False
        try:
            sock.settimeout(max(0.1, min(args.io_timeout, stop_at - time.monotonic())))
            sock.sendall(data)
        except socket.timeout:
            pass
        except OSError:
            closed = True
        if not closed:
            closed = await_close(sock, max(0.1, min(args.io_timeout, stop_at - time.monotonic())))
        tally.add("closed" if closed else "timeout")
    finally:
        sock.close()


def open_hanging(count, data, args):
    opened = []
    for i in range(count):
        try:
            sock = socket.create_connection((HOST, args.ports[i % len(args.ports)]), timeout=args.io_timeout)
            sock.sendall(data)
            opened.append(sock)
        except OSError:
            pass
    return opened


def watch_hanging(socks, hold):
    """Waits until the server closed every hanging connection or hold passes; returns (closed, open)."""
    import selectors
    selector = selectors.DefaultSelector()
    for sock in socks:
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
    closed = 0
    deadline = time.monotonic() + hold
    remaining = len(socks)
    while remaining > 0 and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=max(0.0, deadline - time.monotonic())):
            try:
                data = key.fileobj.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                selector.unregister(key.fileobj)
                closed += 1
                remaining -= 1
    selector.close()
    for sock in socks:
        sock.close()
    return closed, remaining


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", required=True)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--parallel", type=int, default=50)
    parser.add_argument("--hang", type=int, default=50)
    parser.add_argument("--greeting-hang", type=int, default=0)
    parser.add_argument("--hold", type=float, default=30)
    parser.add_argument("--io-timeout", type=float, default=5)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--blob-mb", type=int, default=10)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    try:
        args.ports = [int(p) for p in args.port.split(",") if p]
    except ValueError:
        args.ports = []
    if (not kinds or any(k not in KINDS for k in kinds) or not args.ports
            or any(not 0 < p < 65536 for p in args.ports) or args.connections > 5000 or args.seconds > 600):
        out("FAIL bad arguments")
        return 2
    start = time.monotonic()
    stop_at = start + args.seconds
    out("READY -")
    hanging = open_hanging(args.hang, greeting()[:5], args)
    hanging += open_hanging(args.greeting_hang, greeting(), args)
    out("HANGING", len(hanging))
    hang_start = time.monotonic()
    watcher_result = {}
    watcher = threading.Thread(target=lambda: watcher_result.update(
        zip(("closed", "open"), watch_hanging(hanging, args.hold))), daemon=True)
    watcher.start()

    tally = Tally()
    lock = threading.Lock()
    next_index = [0]

    def worker():
        while time.monotonic() < stop_at:
            with lock:
                index = next_index[0]
                if index >= args.connections:
                    return
                next_index[0] += 1
            attack(index, kinds[index % len(kinds)], args, tally, stop_at)

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, args.parallel))]
    for w in workers:
        w.start()
    for w in workers:
        w.join(max(0.0, stop_at - time.monotonic()) + args.io_timeout + 1)
    c = tally.counts
    out("ATTACKED", c["closed"] + c["timeout"] + c["refused"], "closed=%d" % c["closed"],
        "timeout=%d" % c["timeout"], "refused=%d" % c["refused"])
    watcher.join(args.hold + 5)
    out("HUNG", "closed=%d" % watcher_result.get("closed", 0), "open=%d" % watcher_result.get("open", len(hanging)),
        "seconds=%.1f" % (time.monotonic() - hang_start))
    out("DONE")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
