#!/usr/bin/env python3
"""Signs a zone's DNSKEY RRset with an ECDSA P-256 key whatever its flags, and prints the RRSIG line.

ldns-signzone (rightly) refuses to sign with a key that lacks the zone-key bit, so the DNS world's
"nozonebit" case (a DS pointing at such a key; validators answer EDE 11) needs its signature made here.
RFC 4034 §3.1.8.1 (signed data), §6 (canonical order), Appendix B (key tag); RFC 6605 (ECDSA r||s).

usage: sign-dnskey-set.py ZONE TTL INCEPTION EXPIRATION SIGNING_KEY.private SIGNING_DNSKEY_RDATA [OTHER_DNSKEY_RDATA...]
       (RDATA as "FLAGS 3 13 BASE64"; dates as YYYYMMDDHHMMSS, UTC)
"""
import base64, calendar, struct, sys, time
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

def wire_name(name):
    out = b""
    for label in name.rstrip(".").lower().split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"

def dnskey_rdata(text):
    flags, protocol, algorithm, key = text.split(None, 3)
    return struct.pack(">HBB", int(flags), int(protocol), int(algorithm)) + base64.b64decode("".join(key.split()))

def key_tag(rdata):
    total = sum((byte << 8) if i % 2 == 0 else byte for i, byte in enumerate(rdata))
    return (total + (total >> 16)) & 0xFFFF

def stamp(text):
    return calendar.timegm(time.strptime(text, "%Y%m%d%H%M%S"))

zone, ttl, inception, expiration, private_file, signing = sys.argv[1:7]
others = sys.argv[7:]
ttl = int(ttl)
secret = next(l.split(":", 1)[1].strip() for l in open(private_file) if l.startswith("PrivateKey:"))
key = ec.derive_private_key(int.from_bytes(base64.b64decode(secret), "big"), ec.SECP256R1())
rdatas = sorted(dnskey_rdata(text) for text in [signing] + others)
labels = len(zone.rstrip(".").split("."))
header = struct.pack(">HBBIIIH", 48, 13, labels, ttl, stamp(expiration), stamp(inception), key_tag(dnskey_rdata(signing))) + wire_name(zone)
owner = wire_name(zone)
data = header + b"".join(owner + struct.pack(">HHIH", 48, 1, ttl, len(r)) + r for r in rdatas)
r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
signature = base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()
print(f"{zone}\t{ttl}\tIN\tRRSIG\tDNSKEY 13 {labels} {ttl} {expiration} {inception} {key_tag(dnskey_rdata(signing))} {zone} {signature}")
