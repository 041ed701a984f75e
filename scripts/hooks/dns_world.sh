#!/usr/bin/env sh
# dns_world.sh: an acme.sh DNS API script for the loopback DNS world (scripts/world-dns-provider), to try
# dns_dvtool.sh without a real DNS provider: DVTOOL_UPSTREAM=dns_world.

dns_world_add() { "$(dirname "${DVTOOL_WORLD_PROVIDER:-scripts/world-dns-provider}")/world-dns-provider" present "$1" "$2"; }
dns_world_rm() { "$(dirname "${DVTOOL_WORLD_PROVIDER:-scripts/world-dns-provider}")/world-dns-provider" cleanup "$1" "$2"; }
