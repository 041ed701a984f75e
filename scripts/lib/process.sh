# Sourced by the set-up scripts: stopping a daemon they started, bounded in time.
#
#   stop_pid PID [SIGNAL]   sends SIGNAL (default TERM), waits up to 5 s for the process to end, then SIGKILL
#   pid_alive PIDFILE       true when PIDFILE names a running process
stop_pid() {
  local pid="$1" signal="${2:-TERM}" deadline=$((SECONDS + 5))
  kill "-$signal" "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.1
  done
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
