# Sourced by scripts/testnet: signs the DNS world's runtime zone copies with DNSSEC, bottom up.
#
#   sign_world RUNTIME_DIR KEY_DIR   signs every case child of dnssec.test. (instance "signed"), then
#                                    dnssec.test. (instance "dnssec"), test. (instance "tld") and the root,
#                                    each parent getting its children's DS records first.
#
# The keys are committed (zones/keys) so that the trust anchor, zones/trust-anchor.ds, stays the same file.
# Dates are fixed, not relative to today, so that tests do not depend on the wall clock: good signatures run
# from 2026-01-01 to 2036-01-01 (before libldns's 2038 limit).
SIGN_INCEPTION=20260101000000
SIGN_EXPIRATION=20360101000000

# case name -> how its zone is signed and what its parent publishes. Cases not listed here are signed
# normally (NSEC, its own KSK and ZSK) and get the DS of their own KSK.
#   expired      signatures that ended in 2020
#   notyet       signatures that start in 2037
#   badsig       www's address changed after signing
#   rolled       KSK rolled, the parent still has the DS of the old one
#   algmismatch  signed with Ed25519 keys, the parent's DS is of an ECDSA key
#   moved        moved to an unsigned DNS host without removing the DS
#   nsecbroken   NSEC records (and their signatures) removed
#   unsupported  the parent's DS names algorithm 253 only (unknown to validators: insecure, not bogus)
#   nsec3        NSEC3, no extra iterations, no salt (RFC 9276)
#   iter200      NSEC3 with 200 iterations (above validators' 150: denial answers insecure)
#   unsigned     no DS, no signatures: a provably insecure delegation
#   lame         a DS, but its only server refuses the zone (not served anywhere)
#   nozonebit    the DS names a key without the zone-key bit (flags 1), which signs the DNSKEY set
#                (ldns-signzone refuses such a key: sign-dnskey-set.py makes that one signature)
#   nowildcard   the apex's NSEC (the one that denies *.nowildcard) removed: NXDOMAIN leaves the wildcard open
#   wildcard     a wildcard (* A, * TXT), NSEC: expanded answers come with their proof
#   wildsynth    the same plus mail A, with mail's NSEC (the one that denies nope.wildsynth) removed: the expanded
#                answer for nope has no proof that nope does not exist (RFC 4035 §5.3.4), and mail's NODATA
#                (its CAA) none that the type is absent
#   wildcard3    a wildcard, NSEC3 (no extra iterations, no salt)
#   wildsynth3   the same, with the NSEC3 that covers nope.wildsynth3's hash removed
#   optout       NSEC3 with the opt-out flag on every record, so NXDOMAIN comes from an opt-out span (insecure at
#                Unbound, RFC 5155 §9.2); its unsigned delegation insecure.optout (served by the "dnssec" NSD) still
#                gets an NSEC3 of its own from ldns-signzone -p, which proves its DS absent as usual

sign_zone() { # zonefile origin keydir keybase... (options via SIGN_OPTIONS)
  local file="$1" origin="$2" keydir="$3"; shift 3
  local keys=() k
  for k in "$@"; do keys+=("$keydir/$k"); done
  # shellcheck disable=SC2086
  ldns-signzone -i "${SIGN_FROM:-$SIGN_INCEPTION}" -e "${SIGN_UNTIL:-$SIGN_EXPIRATION}" ${SIGN_OPTIONS:-} \
    -o "$origin" -f "$file.signed" "$file" "${keys[@]}" || return 1
  mv -f "$file.signed" "$file"
}

ds_of() { # keyfile [algorithm-override] -> one DS line for the parent
  ldns-key2ds -n -2 "$1" | awk -v alg="${2:-}" '{ if (alg != "") $6 = alg; print $1, $2, "IN DS", $5, $6, $7, $8 }'
}

sign_without_zone_bit() { # zonefile origin keydir -> prints the DS of the key without the zone-key bit
  local file="$1" origin="$2" keydir="$3" ksk zsk
  ksk="$(awk '{print 1, $5, $6, $7}' "$keydir/nozonebit-ksk.key")"
  zsk="$(awk '{print $4, $5, $6, $7}' "$keydir/nozonebit-zsk.key")"
  printf '%s 300 IN DNSKEY %s\n%s 300 IN DNSKEY %s\n' "$origin" "$ksk" "$origin" "$zsk" >> "$file"
  SIGN_OPTIONS="-d" sign_zone "$file" "$origin" "$keydir" nozonebit-zsk || return 1
  python3 "$(dirname "${BASH_SOURCE[0]}")/sign-dnskey-set.py" "$origin" 300 "$SIGN_INCEPTION" "$SIGN_EXPIRATION" \
    "$keydir/nozonebit-ksk.private" "$ksk" "$zsk" >> "$file" || return 1
  printf '%s IN DNSKEY %s\n' "$origin" "$ksk" > "$file.ksk.key"
  ds_of "$file.ksk.key"
  rm -f "$file.ksk.key"
}

drop_denial() { # zonefile type [owner]: removes the NSEC or NSEC3 records (at owner only, if given) and their RRSIGs
  awk -F'\t' -v type="$2" -v owner="${3:-}" \
    '!((owner == "" || $1 == owner) && ($4 == type || ($4 == "RRSIG" && $5 ~ ("^" type " "))))' "$1" > "$1.cut" \
    && mv -f "$1.cut" "$1"
}

nsec3_covering() { # zonefile name -> the owner of the NSEC3 whose span holds name's hash (no salt, no extra iterations)
  local hash zone="${2#*.}"
  hash="$(ldns-nsec3-hash -t 0 "$2")" || return 1
  awk -F'\t' '$4 == "NSEC3" { split($1, label, "."); print tolower(label[1]) }' "$1" | sort -u |
    awk -v hash="${hash%.}" -v zone="$zone" '{ all[NR] = $1; if ($1 <= hash) last = $1 }
      END { print (last == "" ? all[NR] : last) "." zone }'
}

sign_case() { # case zonefile keydir -> prints the DS lines for the parent
  local name="$1" file="$2" keydir="$3" origin="$1.dnssec.test."
  case "$name" in
    unsigned) return 0 ;;
    moved) ds_of "$keydir/moved-ksk.key"; return 0 ;;
    nozonebit) sign_without_zone_bit "$file" "$origin" "$keydir"; return ;;
    expired) SIGN_FROM=20200101000000 SIGN_UNTIL=20200201000000 sign_zone "$file" "$origin" "$keydir" expired-ksk expired-zsk ;;
    notyet) SIGN_FROM=20370101000000 SIGN_UNTIL=20371201000000 sign_zone "$file" "$origin" "$keydir" notyet-ksk notyet-zsk ;;
    optout) SIGN_OPTIONS="-n -p -t 0" sign_zone "$file" "$origin" "$keydir" optout-ksk optout-zsk ;;
    nsec3|wildcard3|wildsynth3) SIGN_OPTIONS="-n -t 0" sign_zone "$file" "$origin" "$keydir" "$name-ksk" "$name-zsk" ;;
    iter200) SIGN_OPTIONS="-n -t 200" sign_zone "$file" "$origin" "$keydir" iter200-ksk iter200-zsk ;;
    *) sign_zone "$file" "$origin" "$keydir" "$name-ksk" "$name-zsk" ;;
  esac || return 1
  case "$name" in
    badsig) sed -i -E 's/^(www\.badsig\.dnssec\.test\.\s+[0-9]+\s+IN\s+A\s+)192\.0\.2\.11$/\1192.0.2.99/' "$file" ;;
    nsecbroken) drop_denial "$file" NSEC ;;
    nowildcard) drop_denial "$file" NSEC "$origin" ;;
    wildsynth) drop_denial "$file" NSEC "mail.$origin" ;;
    wildsynth3) drop_denial "$file" NSEC3 "$(nsec3_covering "$file" "nope.$origin")" ;;
  esac
  case "$name" in
    rolled) ds_of "$keydir/rolled-oldksk.key" ;;
    algmismatch) ds_of "$keydir/algmismatch-dsonly.key" ;;
    unsupported) ds_of "$keydir/unsupported-ksk.key" 253 ;;
    *) ds_of "$keydir/$name-ksk.key" ;;
  esac
}

sign_world() { # runtime-dir key-dir
  local dir="$1" keydir="$2" file name ds=""
  for file in "$dir"/signed/zones/*.dnssec.test.zone; do
    name="$(basename "$file" .dnssec.test.zone)"
    ds+="$(sign_case "$name" "$file" "$keydir")"$'\n' || { echo "testnet: error: signing case $name failed" >&2; return 1; }
  done
  ds+="$(ds_of "$keydir/lame-ksk.key")"$'\n'
  printf '%s' "$ds" >> "$dir/dnssec/zones/dnssec.test.zone"
  sign_zone "$dir/dnssec/zones/dnssec.test.zone" dnssec.test. "$keydir" dnssec-ksk dnssec-zsk || return 1
  ds_of "$keydir/dnssec-ksk.key" >> "$dir/tld/zones/test.zone"
  sign_zone "$dir/tld/zones/test.zone" test. "$keydir" test-ksk test-zsk || return 1
  ds_of "$keydir/test-ksk.key" >> "$dir/root/zones/root.zone"
  sign_zone "$dir/root/zones/root.zone" . "$keydir" root-ksk root-zsk
}
