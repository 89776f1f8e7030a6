#!/usr/bin/env bash
# The whole test suite, on a fresh clone of a fresh machine: installs what the tests need, builds,
# runs every test, and ends with one line "N passed, N failed" (what CI reads).
#
#   bash scripts/test.sh          everything (what CI runs)
#   bash scripts/test.sh --fast   the in-process tests only: no MariaDB/Azurite, Chromium, server processes or npm
#                                 client (test classes with a Needs trait are left out; see tests/README.md)
set -uo pipefail
cd "$(dirname "$0")/.."

fast=false
case "${1:-}" in
  --fast) fast=true ;;
  "") ;;
  *) echo "usage: bash scripts/test.sh [--fast]" >&2; exit 2 ;;
esac

# Everything a run writes outside the repository (MariaDB and Azurite folders of ~250 MB each, servers' data
# folders, npm client homes) goes under one run folder: the tests use the system temp folder, and TMPDIR points it
# here. The trap removes it however the run ends short of SIGKILL; a run killed that way leaves a folder whose
# owner is gone, which the next run sweeps. Short names: MariaDB's socket path must stay under 108 bytes.
runs_root="${TMPDIR:-/tmp}/owt-runs"
mkdir -p "$runs_root"
for stale in "$runs_root"/*/; do
  [ -d "$stale" ] || continue
  owner=$(cat "$stale/owner" 2>/dev/null || true)
  pid=${owner%% *}
  started=${owner#* }
  # Alive means: that pid exists and started when the owner did (pids are reused).
  if [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] && [ "$(awk '{print $22}' "/proc/$pid/stat" 2>/dev/null)" = "$started" ]; then
    continue
  fi
  echo "test: removing the folder of a test run that is gone: $stale" >&2
  rm -rf "$stale"
done
run_dir="$runs_root/$$"
rm -rf "$run_dir"
mkdir -p "$run_dir/tmp"
echo "$$ $(awk '{print $22}' /proc/$$/stat)" >"$run_dir/owner"
cleanup() {
  # The daemons the tests started watch the test process and stop once it is gone; give them a moment to let go
  # of their files.
  for _ in $(seq 1 50); do
    pgrep -f -- "$run_dir/" >/dev/null 2>&1 || break
    sleep 0.2
  done
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

results=.test-results
rm -rf "$results"
mkdir -p "$results"

finish() {
  echo
  echo "$1 passed, $2 failed"
  exit "$3"
}

# --fast needs none of the installed dependencies (the build fetches the web app's chart library itself).
if [ "$fast" = false ] && ! bash scripts/install-test-deps.sh; then
  echo "test: installing test dependencies failed" >&2
  finish 0 1 1
fi

if ! dotnet build Orleans.Wandb.sln -c Release -nologo -clp:ErrorsOnly -m:2; then
  echo "test: the build failed" >&2
  finish 0 1 1
fi

filter=()
if [ "$fast" = true ]; then
  filter=(--filter "Needs!=Cluster&Needs!=Browser&Needs!=Process")
fi

# TMPDIR for the tests only: a build server started with it would outlive the folder.
TMPDIR="$run_dir/tmp" dotnet test tests/Tests/Tests.csproj -c Release --no-build --nologo "${filter[@]}" \
  --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1800000 2>&1 | tee "$run_dir/console.log"
status=${PIPESTATUS[0]}

trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -z "$trx" ]; then
  echo "test: no test results were written" >&2
  finish 0 1 1
fi

counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
executed=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
passed=${passed:-0}
failed=${failed:-0}
# Tests that did not execute (aborted run, timeouts) count as failures, never as silent skips.
notrun=$(( ${total:-0} - ${executed:-0} ))
failed=$(( failed + (notrun > 0 ? notrun : 0) ))

# An aborted run (the 30-minute session timeout, a crashed test host) writes only what had run, so its counters
# know nothing of the rest: count them from the test list, so the last line says how much never ran.
if grep -q "Test Run Aborted" "$run_dir/console.log"; then
  listed=$(dotnet test tests/Tests/Tests.csproj -c Release --no-build --nologo --list-tests "${filter[@]}" 2>/dev/null | grep -c '^    ')
  never=$(( listed - ${executed:-0} ))
  never=$(( never > 0 ? never : 1 ))
  echo "test: the run was aborted; $never of $listed tests never ran and count as failed" >&2
  failed=$(( failed + never ))
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
finish "$passed" "$failed" $(( failed > 0 ? 1 : 0 ))
