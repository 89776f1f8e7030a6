#!/usr/bin/env bash
# Starts a throwaway MariaDB on 127.0.0.1 for a local cluster or the tests, and creates the application's
# database and user. Usage: start-mariadb.sh DIR PORT [DATABASE USER PASSWORD]
# Prints the MYSQL setting to use (mysql://user:password@127.0.0.1:PORT/database) on its last line.
# With WATCH_PID set, the daemon is stopped once that process is gone (tests pass their own pid, so a crashed
# or killed test run leaves nothing behind).
# Needs the Debian packages mariadb-server and mariadb-client (scripts/install-test-deps.sh installs them).
set -euo pipefail
. "$(dirname "$0")/process.sh"
dir=${1:?usage: start-mariadb.sh DIR PORT [DATABASE USER PASSWORD]}
port=${2:?port}
database=${3:-wandb}
user=${4:-wandb}
password=${5:-wandb-local-password}

for tool in mariadb-install-db mariadbd mariadb; do
  command -v "$tool" >/dev/null || { echo "start-mariadb: $tool is missing; apt-get install mariadb-server mariadb-client" >&2; exit 1; }
done

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ ! -d "$dir/data/mysql" ]; then
  mariadb-install-db --no-defaults --datadir="$dir/data" --user=root --auth-root-authentication-method=socket \
    --skip-test-db >"$dir/install.log" 2>&1
fi

# Root may run the daemon only with --user=root; --no-defaults would default to latin1, hence utf8mb4 given here.
nohup mariadbd --no-defaults --user=root --datadir="$dir/data" --socket="$dir/mysqld.sock" --port="$port" \
  --bind-address=127.0.0.1 --skip-log-bin --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --max-allowed-packet=256M --pid-file="$dir/mysqld.pid" --max-connections=3000 >"$dir/mysqld.log" 2>&1 </dev/null &

for _ in $(seq 1 200); do
  if mariadb --no-defaults --socket="$dir/mysqld.sock" -uroot -e 'SELECT 1' >/dev/null 2>&1; then
    break
  fi
  sleep 0.1
done
mariadb --no-defaults --socket="$dir/mysqld.sock" -uroot -e 'SELECT 1' >/dev/null \
  || { echo "start-mariadb: MariaDB did not start; see $dir/mysqld.log" >&2; exit 1; }

# The application logs in over TCP with a password, as it does against a production MySQL.
mariadb --no-defaults --socket="$dir/mysqld.sock" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO '$user'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
remember_process "$dir/mysqld.pid"
if [ -n "${WATCH_PID:-}" ]; then
  watch_process "$WATCH_PID" "$dir/mysqld.pid"
fi
echo "mysql://$user:$password@127.0.0.1:$port/$database"
