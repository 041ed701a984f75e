# Sourced by the set-up scripts (testnet, flush-daemons, http-servers, tls-servers, install-deps): the one
# library they share. Brings in apt.sh (package installs behind a policy-rc.d guard) and process.sh (pid files,
# stopping daemons), and defines:
#
#   die MESSAGE...   prints "SCRIPT: error: MESSAGE" on stderr and exits 1 (SCRIPT: the script's file name)
#   log MESSAGE...   prints "SCRIPT: MESSAGE" on stderr
#   need_root        dies unless running as root
SCRIPT_NAME="$(basename "$0")"
die() { echo "$SCRIPT_NAME: error: $*" >&2; exit 1; }
log() { echo "$SCRIPT_NAME: $*" >&2; }
need_root() { [ "$(id -u)" = 0 ] || die "must run as root (binds port 53 and may apt-get install): sudo $0"; }

# shellcheck source=apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
# shellcheck source=process.sh
. "$(dirname "${BASH_SOURCE[0]}")/process.sh"
