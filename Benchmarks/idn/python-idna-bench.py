#!/usr/bin/env python3
"""In-process Python `idna` rate, both directions, bounded in time.
Usage: python-idna-bench.py NAMES ASCII_NAMES [SECONDS_PER_DIRECTION]"""
import sys, time
import idna

names = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l]
ascii_names = [l for l in open(sys.argv[2], encoding="utf-8").read().split("\n") if l]
limit = float(sys.argv[3]) if len(sys.argv) > 3 else 15.0


def run(label, items, fn):
    ok = done = 0
    t0 = time.perf_counter()
    for s in items:
        try:
            fn(s)
            ok += 1
        except idna.IDNAError:
            pass
        done += 1
        if done % 1000 == 0 and time.perf_counter() - t0 > limit:
            break
    print("%s %d %d %.6f" % (label, done, ok, time.perf_counter() - t0))


run("to-ascii", names, lambda s: idna.encode(s, uts46=True))
run("to-unicode", ascii_names, lambda s: idna.decode(s))
print("version", idna.__version__)
