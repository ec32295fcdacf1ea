"""kvmsg (Guide ch.5, spec 12/CLONE) for the Clone peers: [key][sequence][uuid][properties][body].

sequence: 8 bytes big-endian; uuid: 16 bytes (empty allowed); properties: "name=value\\n" lines;
empty body: delete the key."""
import struct
import uuid as uuidlib


def encode(key, seq, body, props=None, uid=None):
    lines = "".join(f"{k}={v}\n" for k, v in (props or {}).items())
    return [key.encode(), struct.pack(">q", seq), uid if uid is not None else uuidlib.uuid4().bytes,
            lines.encode(), body]


def decode(frames):
    """(key, seq, uuid, props, body), or None for anything but a well-formed kvmsg."""
    if len(frames) != 5 or len(frames[1]) != 8:
        return None
    props = {}
    for line in bytes(frames[3]).decode().split("\n"):
        if line:
            name, _, value = line.partition("=")
            props[name] = value
    return bytes(frames[0]).decode(), struct.unpack(">q", frames[1])[0], bytes(frames[2]), props, bytes(frames[4])
