"""Shared plumbing of the libzmq interop peers in this folder (a module, not a peer).

Every peer script imports it (after putting its own folder first on sys.path), so
the folder is only usable as a whole: PythonPeer copies all "_*.py" modules next to
a script it has to extract from a jar. The conventions implemented here:
  * stdout carries the line protocol documented in each script's docstring; every
    line is UTF-8 and flushed at once (out); diagnostics go to stderr (err);
  * "READY <bound endpoint or ->" once the sockets are set up (announce);
  * EOF on stdin asks the peer to stop (unless --ignore-stdin), --seconds S bounds
    its whole run; Peer.poll watches both and records why it stopped;
  * sockets are closed with LINGER 0 unless a peer raises Peer.linger_ms to let its
    final sends leave;
  * exit codes: 0 done or asked to stop, 1 failed (FAIL line), 2 ZeroMQ error or bad
    arguments, 130 interrupted (main).
"""
import argparse
import math
import os
import sys
import time

import zmq


# -- output ------------------------------------------------------------------------
def _emit(stream, parts):
    line = " ".join(str(p) for p in parts) + "\n"
    try:
        stream.buffer.write(line.encode("utf-8", errors="backslashreplace"))
        stream.buffer.flush()
    except OSError:
        pass


def out(*parts):
    """Write one protocol line (UTF-8) to stdout and flush it immediately."""
    _emit(sys.stdout, parts)


def err(*parts):
    """Write one diagnostic line (UTF-8) to stderr."""
    _emit(sys.stderr, parts)


def text(frame):
    """Decode a frame as UTF-8 for printing (undecodable bytes are escaped)."""
    return bytes(frame).decode("utf-8", errors="backslashreplace")


def frames_text(frames):
    """Render a multipart message as 'frame1|frame2|...'."""
    return "|".join(text(f) for f in frames)


def identity_text(identity):
    """A routing identity as printable ASCII text, otherwise as 0x<hex> (e.g. libzmq's 5-byte ids)."""
    identity = bytes(identity)
    if identity and all(0x21 <= b < 0x7F for b in identity):
        return identity.decode("ascii")
    return "0x" + identity.hex()


def announce(bound=()):
    """The READY line: the first bound endpoint, or "-" when the peer only connects."""
    out("READY", bound[0] if bound else "-")


def now_ms():
    return time.monotonic() * 1000.0


# -- command line ------------------------------------------------------------------
def new_parser(doc, what=None, connect_only=False):
    """Parser whose help is the script's docstring.

    what: add --bind/--connect for the socket described so; connect_only: add a plain
    --connect (peers that only ever connect). --seconds/--ignore-stdin are added by main()."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    if what is not None:
        add_endpoint_args(parser, what)
    if connect_only:
        parser.add_argument("--connect", action="append", default=[], metavar="EP")
    return parser


def add_common_args(parser):
    parser.add_argument("--seconds", type=float, default=None,
                        help="overall time bound of the script (default: unbounded)")
    parser.add_argument("--ignore-stdin", action="store_true",
                        help="do not treat EOF on stdin as a shutdown request (manual runs)")


def add_endpoint_args(parser, what="socket"):
    parser.add_argument("--bind", action="append", default=[], metavar="EP",
                        help=f"bind the {what} to EP (repeatable, wildcard port allowed)")
    parser.add_argument("--connect", action="append", default=[], metavar="EP",
                        help=f"connect the {what} to EP (repeatable)")


def add_reply_args(parser):
    """--name/--format/--identity/--delay-ms of the workers that answer "{name}:{request}"."""
    parser.add_argument("--name", default=None)
    parser.add_argument("--format", default="{name}:{request}")
    parser.add_argument("--identity", default=None)
    parser.add_argument("--delay-ms", type=int, default=0)


def worker_reply(args, request):
    """The reply of a worker with add_reply_args(): --format filled with --name (default w<pid>)."""
    return args.format.format(name=args.name or f"w{os.getpid()}", request=request)


def require_endpoints(parser, args):
    if not args.bind and not args.connect:
        parser.error("at least one --bind or --connect endpoint is required")


def require_connect(parser, args):
    if not args.connect:
        parser.error("--connect is required")


def validate_client(parser, args):
    """--connect is required and --retries must allow at least one attempt."""
    require_connect(parser, args)
    if args.retries < 1:
        parser.error("--retries must be >= 1")


# -- security (RFC 26 CURVE, RFC 24 PLAIN) -----------------------------------------
SECURITY_HELP = """security options (set on the socket before it binds or connects):
  --curve-server --public-key Z85 --secret-key Z85   CURVE server with this key pair
  --server-key Z85 [--public-key Z85 --secret-key Z85]  CURVE client of that server (default: fresh pair)
  --username U --password P                           PLAIN client
  (none)                                              NULL
"""


def add_security_args(parser):
    """The --curve-server/--server-key/--public-key/--secret-key/--username/--password options."""
    parser.add_argument("--curve-server", action="store_true")
    parser.add_argument("--server-key")
    parser.add_argument("--public-key")
    parser.add_argument("--secret-key")
    parser.add_argument("--username")
    parser.add_argument("--password")


def apply_security(sock, args):
    """Sets the mechanism of add_security_args() on sock; a CURVE client prints KEY <its public key>."""
    if args.curve_server:
        if not (args.public_key and args.secret_key):
            raise SystemExit("--curve-server needs --public-key and --secret-key")
        sock.curve_publickey = args.public_key.encode()
        sock.curve_secretkey = args.secret_key.encode()
        sock.curve_server = True
    elif args.server_key:
        if args.public_key and args.secret_key:
            public, secret = args.public_key.encode(), args.secret_key.encode()
        else:
            public, secret = zmq.curve_keypair()
        out("KEY", public.decode())
        sock.curve_publickey = public
        sock.curve_secretkey = secret
        sock.curve_serverkey = args.server_key.encode()
    elif args.username is not None:
        sock.plain_username = args.username.encode()
        sock.plain_password = (args.password or "").encode()


# -- sockets and the peer's life ---------------------------------------------------
def attach(sock, binds, connects):
    """Bind/connect a socket; returns the actually bound endpoints."""
    bound = []
    for ep in binds:
        sock.bind(ep)
        bound.append(text(sock.getsockopt(zmq.LAST_ENDPOINT)))
    for ep in connects:
        sock.connect(ep)
    return bound


class Peer:
    """Context, sockets, the stdin shutdown watch and the --seconds bound."""

    def __init__(self, args):
        self.ctx = zmq.Context()
        self.sockets = []
        self.stdin_fd = None
        if not args.ignore_stdin:
            try:
                self.stdin_fd = sys.stdin.fileno()
            except (AttributeError, ValueError, OSError):
                self.stdin_fd = None
        self.stdin_lines = []
        self._stdin_buf = b""
        self.stop_reason = None
        self.deadline = now_ms() + args.seconds * 1000.0 if args.seconds else None
        self.linger_ms = 0  # LINGER applied at close; raised only to flush final sends

    @property
    def stopped(self):
        return self.stop_reason is not None

    def stop(self, reason):
        if self.stop_reason is None:
            self.stop_reason = reason

    def socket(self, kind):
        sock = self.ctx.socket(kind)
        sock.setsockopt(zmq.LINGER, 0)
        self.sockets.append(sock)
        return sock

    def discard(self, sock):
        """Close one socket at once (LINGER 0), e.g. before a reconnect."""
        sock.setsockopt(zmq.LINGER, 0)
        sock.close()
        self.sockets.remove(sock)

    def open(self, kind, connects, binds=(), identity=None, replacing=None, security=None):
        """A new socket (routing id `identity` if given, the add_security_args() mechanism of
        `security` if given) bound and connected; `replacing` is discarded first."""
        if replacing is not None:
            self.discard(replacing)
        sock = self.socket(kind)
        if identity:
            sock.setsockopt(zmq.ROUTING_ID, identity.encode())
        if security is not None:
            apply_security(sock, security)
        attach(sock, binds, connects)
        return sock

    def poll(self, items, timeout_ms=None):
        """Poll [(socket, flags)] plus stdin; never beyond the --seconds deadline.

        Returns the dict of ready sockets. Sets stop_reason on stdin EOF or deadline."""
        poller = zmq.Poller()
        for sock, flags in items:
            poller.register(sock, flags)
        if self.stdin_fd is not None:
            poller.register(self.stdin_fd, zmq.POLLIN)
        timeout = timeout_ms
        if self.deadline is not None:
            remaining = max(0.0, self.deadline - now_ms())
            timeout = remaining if timeout is None else min(timeout, remaining)
        events = dict(poller.poll(None if timeout is None else max(0, int(math.ceil(timeout)))))
        fd = self.stdin_fd
        if fd is not None and fd in events:
            del events[fd]
            self._read_stdin()
        if self.deadline is not None and now_ms() >= self.deadline:
            self.stop("seconds")
        return events

    def readable(self, sock, deadline=None):
        """Wait until sock has a message (True), the peer stopped or the deadline (a now_ms() value) passed (False)."""
        while not self.stopped:
            left = None
            if deadline is not None:
                left = deadline - now_ms()
                if left <= 0:
                    return False
            if sock in self.poll([(sock, zmq.POLLIN)], left):
                return True
        return False

    def _read_stdin(self):
        try:
            data = os.read(self.stdin_fd, 4096)
        except OSError:
            data = b""
        if not data:
            self.stdin_fd = None
            self.stop("stdin")
            return
        self._stdin_buf += data
        while b"\n" in self._stdin_buf:
            line, self._stdin_buf = self._stdin_buf.split(b"\n", 1)
            self.stdin_lines.append(text(line).strip())

    def sleep(self, ms):
        """Wait ms milliseconds while still honouring stdin EOF and the deadline."""
        until = now_ms() + ms
        while not self.stopped:
            left = until - now_ms()
            if left <= 0:
                return
            self.poll([], left)

    def reached(self, n, count, linger_ms=1000):
        """True once a --count limit is reached: prints COUNT <n> and keeps LINGER linger_ms
        (None: unchanged) so the last reply still leaves."""
        if not count or n < count:
            return False
        out("COUNT", n)
        if linger_ms is not None:
            self.linger_ms = linger_ms
        return True

    def close(self):
        for sock in self.sockets:
            try:
                sock.setsockopt(zmq.LINGER, int(self.linger_ms))
                sock.close()
            except zmq.ZMQError:
                pass
        self.sockets = []
        self.ctx.term()


def stop_rc(peer, *fail):
    """Exit code of a peer stopped before it finished: 0 after stdin EOF; after the --seconds
    expiry "FAIL <fail...>" is printed and 1 returned."""
    if peer.stop_reason == "seconds":
        out("FAIL", *fail)
        return 1
    return 0


def main(parser, run, validate=None):
    """Parse the command line (adding --seconds/--ignore-stdin), run(peer, args), exit with its code."""
    add_common_args(parser)
    args = parser.parse_args()
    if validate is not None:
        validate(parser, args)
    peer = Peer(args)
    rc = 2
    try:
        rc = run(peer, args)
    except zmq.ZMQError as exc:
        err(f"{os.path.basename(sys.argv[0])}: zmq error: {exc}")
        rc = 2
    except KeyboardInterrupt:
        rc = 130
    finally:
        if peer.stop_reason:
            err(f"{os.path.basename(sys.argv[0])}: stopping ({peer.stop_reason})")
        peer.close()
    sys.exit(rc)


# -- building blocks shared by several peers ---------------------------------------
def send_when_ready(peer, sock, frames):
    """Send without ever blocking past stdin EOF / the deadline. True when sent."""
    while not peer.stopped:
        if sock in peer.poll([(sock, zmq.POLLOUT)]):
            try:
                sock.send_multipart(frames, zmq.NOBLOCK)
                return True
            except zmq.Again:
                continue
    return False


def collect(peer, sock, count):
    """Receiving peers (PULL, SUB): RECV per message, COUNT at --count (or at a --seconds
    exit without --count), FAIL timeout when --seconds expired before --count."""
    received = 0
    while peer.readable(sock):
        out("RECV", frames_text(sock.recv_multipart()))
        received += 1
        if peer.reached(received, count, linger_ms=None):
            return 0
    if peer.stop_reason == "seconds":
        if count:
            out("FAIL", "timeout", received)
            return 1
        out("COUNT", received)
    return 0


def serve(peer, sock, count, answer):
    """Request-reply loop of the serving peers: answer(frames, served) returns the reply frames;
    ends when the peer stops or, with COUNT <n>, after --count replies."""
    served = 0
    while peer.readable(sock):
        sock.send_multipart(answer(sock.recv_multipart(), served))
        served += 1
        if peer.reached(served, count):
            return 0
    return 0


def await_reply(peer, sock, request, timeout_ms):
    """The reply on sock within timeout_ms, or None; then, unless stdin was closed,
    "FAIL timeout <request>" is printed (details on stderr)."""
    if peer.readable(sock, now_ms() + timeout_ms):
        return sock.recv_multipart()
    if peer.stop_reason != "stdin":
        out("FAIL", "timeout", request)
        script = os.path.splitext(os.path.basename(sys.argv[0]))[0]
        err(f"{script}: no reply to '{request}' within {timeout_ms} ms")
    return None


def unanswered_rc(peer, request, note=None):
    """Exit code of a client whose request got no reply: stop_rc() when the peer stopped,
    otherwise "FAIL <request>" (note on stderr) and 1."""
    if peer.stopped:
        return stop_rc(peer, request)
    out("FAIL", request)
    if note is not None:
        err(note)
    return 1


def crash_if_due(args, served):
    """--crash-after N: die (exit code 3, nothing sent) on request N+1."""
    if args.crash_after is not None and served >= args.crash_after:
        out("CRASH", served)
        os._exit(3)


def lazy_pirate(peer, retries, label, note, attempt):
    """Lazy Pirate resends: attempt(n) for n = 1..retries sends once and returns the reply or None.
    Before every resend prints RETRY <label> <n> (and note on stderr); attempt(n > 1) must use a
    fresh socket. Returns the first reply, or None once all attempts timed out or the peer stopped."""
    for n in range(1, retries + 1):
        if n > 1:
            out("RETRY", label, n)
            err(note)
        reply = attempt(n)
        if reply is not None or peer.stopped:
            return reply
    return None


def split_envelope(frames):
    """(address stack incl. the empty delimiter, body). No delimiter -> no envelope."""
    for i, frame in enumerate(frames):
        if len(frame) == 0:
            return frames[:i + 1], frames[i + 1:]
    return [], frames


class HeartbeatDealer:
    """The DEALER of a heartbeating worker (Paranoid Pirate, Majordomo), re-opened on every
    reconnect. Subclasses say when the next heartbeat is due and how to send it."""

    def __init__(self, peer, args):
        self.peer = peer
        self.args = args
        self.sock = None

    def reopen(self, binds=()):
        self.sock = self.peer.open(zmq.DEALER, self.args.connect, binds, self.args.identity, self.sock)

    def heartbeat_due_at(self):
        raise NotImplementedError

    def send_heartbeat(self):
        raise NotImplementedError

    def heartbeat_if_due(self):
        if now_ms() >= self.heartbeat_due_at():
            self.send_heartbeat()

    def work(self, ms):
        """Simulated work: heartbeats keep flowing, stdin EOF is still honoured."""
        until = now_ms() + ms
        while not self.peer.stopped and now_ms() < until:
            self.heartbeat_if_due()
            self.peer.poll([], min(until, self.heartbeat_due_at()) - now_ms())
