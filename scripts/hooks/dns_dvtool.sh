#!/usr/bin/env sh
# dns_dvtool.sh: dvtool's gate for acme.sh (`acme.sh --issue --dns dns_dvtool -d example.com`).
#
# Copy it into acme.sh's dnsapi folder (~/.acme.sh/dnsapi/). It wraps the acme.sh DNS script that really
# publishes the record, named by DVTOOL_UPSTREAM (dns_cf, dns_ali, …, found in the same dnsapi folder or given
# by DVTOOL_UPSTREAM_FILE): after each add it runs `dvtool hook acme.sh add`, which waits until this value and
# the earlier values of the same name are on every authoritative server (acme.sh has no "after the last record"
# point, so each add re-checks them all). A gate that fails makes the add fail: acme.sh stops before the CA.
# Settings as for every dvtool hook: DVTOOL_CA, DVTOOL_RESOLVER, DVTOOL_WAIT_TIMEOUT, … (docs/hooks.md);
# DVTOOL: the dvtool program (default: dvtool on the PATH).

dns_dvtool_add() {
  _dvtool_upstream || return 1
  "${DVTOOL_UPSTREAM}_add" "$1" "$2" || return 1
  "${DVTOOL:-dvtool}" hook acme.sh add "$1" "$2"
}

dns_dvtool_rm() {
  _dvtool_upstream || return 1
  "${DVTOOL_UPSTREAM}_rm" "$1" "$2"
  "${DVTOOL:-dvtool}" hook acme.sh rm "$1" "$2"
}

# Sources the upstream DNS script once (acme.sh sources this one in a subshell per call).
_dvtool_upstream() {
  if [ -z "${DVTOOL_UPSTREAM:-}" ]; then
    echo "dns_dvtool: set DVTOOL_UPSTREAM to the acme.sh DNS script that publishes your records (e.g. dns_cf)" >&2
    return 1
  fi
  command -v "${DVTOOL_UPSTREAM}_add" >/dev/null 2>&1 && return 0
  for _dvtool_file in "${DVTOOL_UPSTREAM_FILE:-}" "${_SCRIPT_HOME:-}/dnsapi/$DVTOOL_UPSTREAM.sh" \
      "${LE_WORKING_DIR:-$HOME/.acme.sh}/dnsapi/$DVTOOL_UPSTREAM.sh"; do
    if [ -n "$_dvtool_file" ] && [ -f "$_dvtool_file" ]; then
      . "$_dvtool_file"
      return 0
    fi
  done
  echo "dns_dvtool: cannot find $DVTOOL_UPSTREAM.sh in acme.sh's dnsapi folder; set DVTOOL_UPSTREAM_FILE" >&2
  return 1
}
