#!/usr/bin/env bash
# Stops the daemon named by PIDFILE (SIGTERM, SIGKILL after GRACE seconds), only if it is still the process that
# start-mariadb.sh / start-azurite.sh started (see process.sh). Usage: stop-process.sh PIDFILE [GRACE]
set -uo pipefail
. "$(dirname "$0")/process.sh"
stop_process "${1:?usage: stop-process.sh PIDFILE [GRACE]}" "${2:-10}"
