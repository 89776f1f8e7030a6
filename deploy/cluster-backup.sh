#!/usr/bin/env bash
# Backs up a cluster into DIR: first a consistent MySQL dump (one transaction), then every blob of the container
# with a checksummed manifest. In that order the backup is consistent even while the cluster runs (run logs only
# grow, so they hold at least what the dumped checkpoints point at; files uploaded meanwhile register on listing).
# Usage: cluster-backup.sh DIR      with MYSQL (mysql://user:password@host:port/database form), BUCKET and, if used,
# BUCKET_CONTAINER / AZURE_STORAGE_KEY set as for the silos. SILO is the command that runs the server
# (default: dotnet Orleans.Wandb.Silo.dll from the publish folder in SILO_DIR, or /app in the container image).
set -euo pipefail
dir=${1:?usage: cluster-backup.sh DIR}
: "${MYSQL:?MYSQL must be set}" "${BUCKET:?BUCKET must be set}"
here=$(cd "$(dirname "$0")" && pwd)
source "$here/mysql-url.sh"

mkdir -p "$dir"
dump=$(command -v mariadb-dump || command -v mysqldump) || { echo "cluster-backup: mariadb-dump or mysqldump is needed" >&2; exit 1; }
MYSQL_PWD="$mysql_password" "$dump" --single-transaction --routines --no-tablespaces --hex-blob \
  -h "$mysql_host" -P "$mysql_port" -u "$mysql_user" "$mysql_database" >"$dir/mysql.sql"
${SILO:-dotnet ${SILO_DIR:-/app}/Orleans.Wandb.Silo.dll} backup-blobs --to "$dir"
echo "cluster-backup: $dir holds mysql.sql, blobs/ and blobs.manifest"
