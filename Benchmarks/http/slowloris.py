#!/usr/bin/env python3
"""Open N slowloris connections (a request head trickled one byte at a time) and, while they are
open, time fresh GETs. Bounded: at most --seconds. Loopback only. Prints one JSON object."""
import argparse, json, socket, time

def fresh_get(host, port, path, timeout=5.0):
    start = time.monotonic()
    s = socket.create_connection((host, port), timeout=timeout)
    try:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: bench.example.test\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    return time.monotonic() - start, data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/") else "none"

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, default=80)
    p.add_argument("--path", required=True)
    p.add_argument("--connections", type=int, default=500)
    p.add_argument("--seconds", type=float, default=15)
    a = p.parse_args()
    assert a.host.startswith("127."), "loopback only"
    head = b"GET " + a.path.encode() + b" HTTP/1.1\r\nHost: bench.example.test\r\nX-Slow: " + b"a" * 4096
    socks, refused = [], 0
    for _ in range(a.connections):
        try:
            s = socket.create_connection((a.host, a.port), timeout=2)
            s.setblocking(False)
            socks.append(s)
        except OSError:
            refused += 1
    opened = len(socks)
    offset, latencies, statuses, closed_by_server = 0, [], [], 0
    deadline = time.monotonic() + a.seconds
    while time.monotonic() < deadline:
        # one more byte on every slow connection
        alive = []
        for s in socks:
            try:
                s.send(head[offset:offset + 1])
                alive.append(s)
            except OSError:
                closed_by_server += 1
                s.close()
        socks = alive
        offset = min(offset + 1, len(head) - 1)
        took, status = fresh_get(a.host, a.port, a.path)
        latencies.append(took * 1000)
        statuses.append(status)
        time.sleep(0.5)
    for s in socks:
        s.close()
    latencies.sort()
    print(json.dumps({
        "slow_connections_opened": opened, "slow_connections_refused": refused,
        "slow_connections_still_open_at_end": len(socks), "closed_by_server": closed_by_server,
        "fresh_requests": len(latencies), "fresh_statuses": sorted(set(statuses)),
        "fresh_latency_ms_median": round(latencies[len(latencies) // 2], 2) if latencies else None,
        "fresh_latency_ms_max": round(latencies[-1], 2) if latencies else None,
    }))

if __name__ == "__main__":
    main()
