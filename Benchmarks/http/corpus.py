#!/usr/bin/env python3
"""Send every request of attack-corpus.txt to a server; each must be refused (no 2xx) and no reply may
contain a secret marker or /etc/passwd. Loopback only. Prints one JSON object; exit 1 on any failure."""
import json, re, socket, sys

def expand(text):
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            if n == "r": out += b"\r"; i += 2; continue
            if n == "n": out += b"\n"; i += 2; continue
            if n == "t": out += b"\t"; i += 2; continue
            if n == "x": out.append(int(text[i + 2:i + 4], 16)); i += 4; continue
            out += n.encode(); i += 2; continue
        m = re.match(r"\{(.)\*(\d+)\}", text[i:])
        if m:
            ch, count = m.group(1), int(m.group(2))
            out += b"".join(f"X-Fill-{k}: v\r\n".encode() for k in range(count)) if ch == "H" else ch.encode() * count
            i += m.end(); continue
        out += c.encode(); i += 1
    return bytes(out)

def requests(path):
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("path "):
            yield line, f"GET {line[5:]} HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n".encode()
        elif line.startswith("raw "):
            yield line, expand(line[4:])

def send(host, port, data, timeout=3.0):
    s = socket.create_connection((host, port), timeout=timeout)
    reply = b""
    try:
        s.sendall(data)
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            reply += chunk
    finally:
        s.close()
    return reply

def main():
    corpus, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    assert host.startswith("127."), "loopback only"
    results, failures = {}, []
    for line, data in requests(corpus):
        reply = send(host, port, data)
        statuses = [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3})", reply)]
        key = ",".join(map(str, statuses)) or "closed"
        results[key] = results.get(key, 0) + 1
        if any(200 <= s < 300 for s in statuses) or b"SECRET-MARKER" in reply or b"root:x:0" in reply or b"X-Injected" in reply:
            failures.append(line)
    total = sum(results.values())
    print(json.dumps({"requests": total, "refused": total - len(failures), "by_status": results, "failures": failures}))
    sys.exit(1 if failures or total < 50 else 0)

if __name__ == "__main__":
    main()
