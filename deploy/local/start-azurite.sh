#!/usr/bin/env bash
# Starts Azurite's blob service on 127.0.0.1 for a local cluster or the tests.
# Usage: start-azurite.sh DIR PORT [--in-memory]
# Prints the BUCKET setting to use (a connection string for the development account) on its last line.
# With WATCH_PID set, Azurite is stopped once that process is gone.
# Needs node and the azurite package pinned in this folder (npm ci here; scripts/install-test-deps.sh does it).
set -euo pipefail
. "$(dirname "$0")/process.sh"
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: start-azurite.sh DIR PORT [--in-memory]}
port=${2:?port}
mode=${3:-}

bin="$here/node_modules/.bin/azurite-blob"
[ -x "$bin" ] || { echo "start-azurite: $bin is missing; run npm ci in $here" >&2; exit 1; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ "$mode" = "--in-memory" ]; then
  storage=(--inMemoryPersistence)
else
  storage=(--location "$dir/blobs")
fi

# --skipApiVersionCheck: Azure.Storage.Blobs 12.30 speaks a newer API version than Azurite 3.37 knows.
nohup "$bin" --blobHost 127.0.0.1 --blobPort "$port" "${storage[@]}" --skipApiVersionCheck --loose \
  --disableTelemetry >"$dir/azurite.log" 2>&1 </dev/null &
echo $! >"$dir/azurite.pid"
remember_process "$dir/azurite.pid"

for _ in $(seq 1 300); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    break
  fi
  sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "start-azurite: Azurite did not start; see $dir/azurite.log" >&2; exit 1; }

if [ -n "${WATCH_PID:-}" ]; then
  watch_process "$WATCH_PID" "$dir/azurite.pid"
fi

key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
