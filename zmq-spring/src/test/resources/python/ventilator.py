#!/usr/bin/env python3
"""Task ventilator of the Guide ch.1 divide-and-conquer pipeline ("taskvent").

Sends --count tasks on a PUSH socket. As in the Guide, a task is the workload in
milliseconds as decimal text (random in [--min-ms, --max-ms]); with --text the
tasks are "<text> <i>" instead. With --sink EP, a second PUSH socket connects to
the sink and sends the batch-start message "0" before the tasks.

CLI:
  --bind EP | --connect EP   task socket endpoints (repeatable; at least one)
  --sink EP                  connect to the sink and send "0" first (optional)
  --count N                  number of tasks (default 100)
  --min-ms MS / --max-ms MS  workload range (default 1..100)
  --seed N                   random seed (default: fixed 42, reproducible)
  --text TEXT                send "<text> <i>" instead of workloads
  --wait-go                  wait for a "GO" line on stdin before sending
  --start-delay-ms MS        pause after READY before sending (default 0)
  --delay-ms MS              pause between tasks (default 0)
  --linger-ms MS             flush bound at exit after DONE (default 2000)
  --seconds S, --ignore-stdin

stdout lines:
  READY <bound endpoint or ->
  START                      batch start "0" handed to the sink socket (--sink only)
  TOTAL <ms>                 expected total workload in ms (workload mode)
  DONE <n>                   all n tasks handed to ZeroMQ (exit 0)
  FAIL timeout <sent>        --seconds expired first (exit 1)
"""
import os
import random
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer import announce, attach, main, new_parser, out, require_endpoints, send_when_ready, stop_rc  # noqa: E402


def run(peer, args):
    sender = peer.socket(zmq.PUSH)
    bound = attach(sender, args.bind, args.connect)
    sink = None
    if args.sink:
        sink = peer.socket(zmq.PUSH)
        sink.connect(args.sink)
    announce(bound)

    if args.wait_go:
        while not peer.stopped and "GO" not in peer.stdin_lines:
            peer.poll([])
    if args.start_delay_ms:
        peer.sleep(args.start_delay_ms)
    if peer.stopped:
        return stop_rc(peer, "timeout", 0)

    if sink is not None:
        if not send_when_ready(peer, sink, [b"0"]):
            return stop_rc(peer, "timeout", 0)
        out("START")

    rng = random.Random(args.seed)
    total = 0
    sent = 0
    for i in range(args.count):
        if args.text is not None:
            task = f"{args.text} {i}"
        else:
            workload = rng.randint(args.min_ms, args.max_ms)
            total += workload
            task = str(workload)
        if not send_when_ready(peer, sender, [task.encode()]):
            return stop_rc(peer, "timeout", sent)
        sent += 1
        if args.delay_ms and sent < args.count:
            peer.sleep(args.delay_ms)
    if args.text is None:
        out("TOTAL", total)
    out("DONE", sent)
    peer.linger_ms = args.linger_ms
    return 0


if __name__ == "__main__":
    p = new_parser(__doc__, "task PUSH socket")
    p.add_argument("--sink", default=None, metavar="EP")
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--min-ms", type=int, default=1)
    p.add_argument("--max-ms", type=int, default=100)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--text", default=None)
    p.add_argument("--wait-go", action="store_true")
    p.add_argument("--start-delay-ms", type=int, default=0)
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--linger-ms", type=int, default=2000)
    main(p, run, require_endpoints)
