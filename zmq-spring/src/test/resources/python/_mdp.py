"""MDP/0.1 (RFC 7/MDP) constants and framing shared by mdp_client.py, mdp_worker.py and mdp_broker.py.

  client  ["MDPC01"][service][body...]                   request and reply (after the envelope)
  worker  [""]["MDPW01"][cmd][...]                       every command (after the broker's address)
  REQUEST / REPLY carry [client address][""][body...] after the command frame.
"""
MDPC = b"MDPC01"
MDPW = b"MDPW01"
W_READY = b"\x01"
W_REQUEST = b"\x02"
W_REPLY = b"\x03"
W_HEARTBEAT = b"\x04"
W_DISCONNECT = b"\x05"


def client_frames(service, body, envelope=()):
    """[envelope...]["MDPC01"][service][body...]: a client's request (envelope [""] on a DEALER,
    none on a REQ) or the broker's reply (envelope [client address][""]); service is bytes."""
    return list(envelope) + [MDPC, service] + list(body)


def worker_frames(cmd, frames=(), address=None):
    """[address][""]["MDPW01"][cmd][frames...]: a worker command; address only when the broker sends it."""
    return ([] if address is None else [address]) + [b"", MDPW, cmd] + list(frames)


def split_client(frames):
    """(client address, body) of the [client][""][body...] part of REQUEST/REPLY, or None if malformed."""
    if len(frames) < 2 or frames[1] != b"":
        return None
    return frames[0], frames[2:]
