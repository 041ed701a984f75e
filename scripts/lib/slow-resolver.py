#!/usr/bin/env python3
"""A resolver that answers slowly, for the internet in a box: forwards each UDP query to an upstream resolver and
sends the answer back only after a fixed delay, as an overloaded or far-away system resolver does.

    slow-resolver.py LISTEN_ADDRESS UPSTREAM_ADDRESS DELAY_SECONDS
"""
import socket
import sys
import threading
import time


def answer(listener, upstream, delay, query, client):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as forward:
        forward.settimeout(5)
        forward.sendto(query, (upstream, 53))
        try:
            reply, _ = forward.recvfrom(65535)
        except socket.timeout:
            return
    time.sleep(delay)
    listener.sendto(reply, client)


def main():
    listen, upstream, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind((listen, 53))
    while True:
        query, client = listener.recvfrom(65535)
        threading.Thread(target=answer, args=(listener, upstream, delay, query, client), daemon=True).start()


if __name__ == "__main__":
    main()
