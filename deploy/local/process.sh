# Process identity for the scripts in this folder (sourced, not run). A pid alone is not an identity: with the
# default pid_max of 32768 and busy test runs, a dead daemon's pid is soon reused by another process (or a thread
# of one), and signalling it would kill a stranger. Each daemon's pid file PIDFILE therefore gets a companion
# PIDFILE.start holding the process's start time (field 22 of /proc/PID/stat), and nothing is signalled unless
# both still match.

# Prints the start time of process PID (clock ticks since boot), or nothing when there is no such process.
started_at() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  echo "${20}"
}

# Records the identity of the process named by PIDFILE.
remember_process() {
  local pid
  pid=$(cat "$1")
  started_at "$pid" >"$1.start"
}

# True while the process named by PIDFILE is the one that was remembered.
same_process() {
  local pid expected
  [ -f "$1" ] && [ -f "$1.start" ] || return 1
  pid=$(cat "$1")
  expected=$(cat "$1.start")
  [ -n "$expected" ] && [ "$(started_at "$pid")" = "$expected" ]
}

# SIGTERM to the process named by PIDFILE, SIGKILL after GRACE seconds; only if it is still the remembered one.
# Waits on the pid and start time read up front: MariaDB removes its own pid file while it is still shutting down.
stop_process() {
  local pidfile=$1 grace=${2:-10} pid start
  if same_process "$pidfile"; then
    pid=$(cat "$pidfile")
    start=$(cat "$pidfile.start")
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 $((grace * 10))); do [ "$(started_at "$pid")" = "$start" ] || break; sleep 0.1; done
    [ "$(started_at "$pid")" = "$start" ] && kill -9 "$pid" 2>/dev/null
    for _ in $(seq 1 50); do [ "$(started_at "$pid")" = "$start" ] || break; sleep 0.1; done
  fi
  rm -f "$pidfile" "$pidfile.start"
}

# In the background: once process WATCH_PID has gone (or is no longer the same process), stops the daemon of PIDFILE.
watch_process() {
  local watched=$1 pidfile=$2 here watched_start
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  watched_start=$(started_at "$watched")
  nohup bash -c '
    . "$0"
    while [ "$(started_at "$1")" = "$2" ] && same_process "$3"; do sleep 1; done
    stop_process "$3" 30' "$here/process.sh" "$watched" "$watched_start" "$pidfile" >/dev/null 2>&1 </dev/null &
}
