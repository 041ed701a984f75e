# Sourced by the set-up scripts: the one way they install Debian packages (run as root).
#
#   apt_install PACKAGE...   installs what is missing; returns non-zero when apt-get fails
#
# A temporary policy-rc.d keeps Debian's maintainer scripts from starting the packages' default services
# (nsd, unbound, nginx, dnsmasq, nscd would bind the ports the project's own instances need). A first failure
# is retried once after `apt-get update` (a fresh machine has no package lists).
apt_install() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]} with apt-get" >&2
  local policy=/usr/sbin/policy-rc.d made_policy=0 rc=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# temporary, created by dvtool scripts/lib/apt.sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; } || rc=$?
  [ "$made_policy" = 1 ] && rm -f "$policy"
  return "$rc"
}
