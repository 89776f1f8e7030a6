#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine: the official W&B npm client for the
# end-to-end tests, and Debian's Chromium for the browser tests (Playwright drives it; it never
# downloads a browser of its own). Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-test-deps: installing Node.js and npm from Debian" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "install-test-deps: installing chromium from Debian (browser tests)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
fi

if [ ! -d tests/e2e/node_modules/@wandb/sdk ]; then
  echo "install-test-deps: npm ci in tests/e2e (the official @wandb/sdk client)" >&2
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
