#!/usr/bin/env bash
# The whole test suite, on a fresh clone of a fresh machine: installs what the tests need, builds,
# runs every test, and ends with one line "N passed, N failed" (what CI reads).
set -uo pipefail
cd "$(dirname "$0")/.."

results=.test-results
rm -rf "$results"
mkdir -p "$results"

finish() {
  echo
  echo "$1 passed, $2 failed"
  exit "$3"
}

if ! bash scripts/install-test-deps.sh; then
  echo "test: installing test dependencies failed" >&2
  finish 0 1 1
fi

if ! dotnet build Orleans.Wandb.sln -c Release -nologo -clp:ErrorsOnly -m:2; then
  echo "test: the build failed" >&2
  finish 0 1 1
fi

dotnet test tests/Tests/Tests.csproj -c Release --no-build --nologo \
  --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1800000
status=$?

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

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
finish "$passed" "$failed" $(( failed > 0 ? 1 : 0 ))
