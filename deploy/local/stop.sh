#!/usr/bin/env bash
# Stops the MariaDB and Azurite that start-mariadb.sh / start-azurite.sh started under DIR (by their pid files).
# Usage: stop.sh DIR
set -uo pipefail
dir=${1:?usage: stop.sh DIR}
for pidfile in "$dir/mysqld.pid" "$dir/azurite.pid"; do
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    rm -f "$pidfile"
  fi
done
