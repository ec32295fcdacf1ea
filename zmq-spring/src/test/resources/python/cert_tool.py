#!/usr/bin/env python3
"""pyzmq certificate files (zmq.auth, the CZMQ zcert format) for interop tests.

CLI:
  create DIR NAME   zmq.auth.create_certificates(DIR, NAME); prints PUBLIC/SECRET of the pair
  load FILE         zmq.auth.load_certificate(FILE); prints PUBLIC and SECRET (or "-")

stdout: PUBLIC <z85>, SECRET <z85 or ->, DONE (exit 0); errors go to stderr (exit 1).
"""
import os
import sys

import zmq.auth


def show(public, secret):
    print("PUBLIC", public.decode())
    print("SECRET", secret.decode() if secret else "-")
    print("DONE")


if __name__ == "__main__":
    if sys.argv[1] == "create":
        _, secret_file = zmq.auth.create_certificates(sys.argv[2], sys.argv[3])
        show(*zmq.auth.load_certificate(secret_file))
    else:
        show(*zmq.auth.load_certificate(sys.argv[2]))
    sys.exit(0)
