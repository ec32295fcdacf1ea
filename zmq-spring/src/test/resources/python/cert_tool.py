#!/usr/bin/env python3
"""pyzmq certificate files (zmq.auth, the CZMQ zcert format) for interop tests.

CLI (values as --name=value, so a path or name beginning with "-" stays a value):
  --create=DIR --name=NAME   zmq.auth.create_certificates(DIR, NAME); prints PUBLIC/SECRET of the pair
  --load=FILE                zmq.auth.load_certificate(FILE); prints PUBLIC and SECRET (or "-")

stdout: PUBLIC <z85>, SECRET <z85 or ->, DONE (exit 0); errors go to stderr (exit 1).
"""
import argparse
import sys

import zmq.auth


def show(public, secret):
    print("PUBLIC", public.decode())
    print("SECRET", secret.decode() if secret else "-")
    print("DONE")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--create", metavar="DIR")
    action.add_argument("--load", metavar="FILE")
    parser.add_argument("--name")
    args = parser.parse_args()
    if args.create is not None:
        if args.name is None:
            parser.error("--create needs --name")
        _, secret_file = zmq.auth.create_certificates(args.create, args.name)
        show(*zmq.auth.load_certificate(secret_file))
    else:
        show(*zmq.auth.load_certificate(args.load))
    sys.exit(0)
