# Sourced (through common.sh) by the set-up scripts: pid files and stopping the daemons they started,
# bounded in time. Never a process by name alone: each helper checks that a pid is the one the script started.
#
#   stop_pid PID [SIGNAL]          sends SIGNAL (default TERM), waits up to 5 s for the process to end, then SIGKILL
#   pid_alive PIDFILE              true when PIDFILE names a running process
#   pid_from_file PIDFILE TEXT     prints the pid in PIDFILE when that process runs with TEXT in its command line
#   pid_is_ours PID CONF PROG      true when PID runs program PROG (argv[0] basename) with CONF as an argument
#   pids_for_conf CONF PROG        the pids of every process (main and children) started that way
#   conf_running CONF PIDFILE PROG true when the pid in PIDFILE is alive and ours
#   stop_conf CONF PIDFILE PROG NAME
#                                  TERMs every process started with CONF, KILLs what is left after 5 s (saying so
#                                  with `log`), removes PIDFILE
stop_pid() {
  local pid="$1" signal="${2:-TERM}" deadline=$((SECONDS + 5))
  kill "-$signal" "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.1
  done
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

pid_from_file() {
  local pid
  [ -s "$1" ] || return 1
  pid="$(cat "$1")"
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$2" || return 1
  echo "$pid"
}

pid_is_ours() {
  local pid="$1" conf="$2" prog="$3" arg argv=()
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  mapfile -d '' -t argv 2>/dev/null < "/proc/$pid/cmdline" || return 1
  [ ${#argv[@]} -gt 1 ] && [ "${argv[0]##*/}" = "$prog" ] || return 1
  for arg in "${argv[@]:1}"; do [ "$arg" = "$conf" ] && return 0; done
  return 1
}

pids_for_conf() {
  local p
  for p in /proc/[0-9]*; do pid_is_ours "${p#/proc/}" "$1" "$2" && echo "${p#/proc/}"; done
  return 0
}

conf_running() {
  local pid
  [ -s "$2" ] || return 1
  pid="$(tr -dc '0-9' < "$2")"
  pid_is_ours "$pid" "$1" "$3"
}

stop_conf() {
  local conf="$1" pidfile="$2" prog="$3" name="$4" pid pids i
  pids="$(pids_for_conf "$conf" "$prog" | tr '\n' ' ')"
  if [ -s "$pidfile" ]; then
    pid="$(tr -dc '0-9' < "$pidfile")"
    if pid_is_ours "$pid" "$conf" "$prog"; then kill -TERM "$pid" 2>/dev/null || true; fi
  fi
  for pid in $pids; do pid_is_ours "$pid" "$conf" "$prog" && kill -TERM "$pid" 2>/dev/null || true; done
  for i in $(seq 1 50); do
    pids="$(pids_for_conf "$conf" "$prog" | tr '\n' ' ')"
    [ -z "${pids// /}" ] && break
    sleep 0.1
  done
  if [ -n "${pids// /}" ]; then
    log "$name: still running after TERM (pids $pids), sending KILL"
    for pid in $pids; do pid_is_ours "$pid" "$conf" "$prog" && kill -KILL "$pid" 2>/dev/null || true; done
    sleep 0.2
  fi
  rm -f "$pidfile"
}
