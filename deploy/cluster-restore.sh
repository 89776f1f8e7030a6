#!/usr/bin/env bash
# Restores a backup made by cluster-backup.sh into an EMPTY database and container (create them first), then
# verifies every blob against the manifest. Start the silos afterwards (with a new CLUSTER_ID if you like: the
# membership rows of the old cluster are ignored).
# Usage: cluster-restore.sh DIR     with MYSQL, BUCKET (and BUCKET_CONTAINER / AZURE_STORAGE_KEY) naming the target.
set -euo pipefail
dir=${1:?usage: cluster-restore.sh DIR}
: "${MYSQL:?MYSQL must be set}" "${BUCKET:?BUCKET must be set}"
here=$(cd "$(dirname "$0")" && pwd)
source "$here/mysql-url.sh"

client=$(command -v mariadb || command -v mysql) || { echo "cluster-restore: the mariadb or mysql client is needed" >&2; exit 1; }
MYSQL_PWD="$mysql_password" "$client" -h "$mysql_host" -P "$mysql_port" -u "$mysql_user" "$mysql_database" <"$dir/mysql.sql"
${SILO:-dotnet ${SILO_DIR:-/app}/Orleans.Wandb.Silo.dll} restore-blobs --from "$dir"
echo "cluster-restore: done"
