#!/usr/bin/env bash
# Stops the MariaDB and Azurite that start-mariadb.sh / start-azurite.sh started under DIR (by their pid files,
# and only if those still name the processes that were started; see process.sh).
# Usage: stop.sh DIR
set -uo pipefail
dir=${1:?usage: stop.sh DIR}
. "$(dirname "$0")/process.sh"
for pidfile in "$dir/mysqld.pid" "$dir/azurite.pid"; do
  stop_process "$pidfile" 10
done
