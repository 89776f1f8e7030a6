#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine: the official W&B npm client for the end-to-end tests,
# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser of its own), and
# MariaDB (Debian packages) plus Azurite (npm, pinned in deploy/local) for the cluster-profile tests.
# Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_updated=false
apt_install() {
  if [ "$apt_updated" = false ]; then
    apt-get update -qq
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-test-deps: installing Node.js and npm from Debian" >&2
  apt_install nodejs npm
fi

if ! command -v mariadbd >/dev/null || ! command -v mariadb-install-db >/dev/null || ! command -v mariadb >/dev/null; then
  # Its post-install step fails to start a service (no init system here); the tests start their own daemon.
  echo "install-test-deps: installing MariaDB from Debian" >&2
  apt_install mariadb-server mariadb-client || command -v mariadbd >/dev/null
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "install-test-deps: installing chromium from Debian (browser tests)" >&2
  apt_install chromium
fi

if [ ! -d tests/e2e/node_modules/@wandb/sdk ]; then
  echo "install-test-deps: npm ci in tests/e2e (the official @wandb/sdk client)" >&2
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ ! -x deploy/local/node_modules/.bin/azurite-blob ]; then
  echo "install-test-deps: npm ci in deploy/local (Azurite, the Azure Blob Storage emulator)" >&2
  (cd deploy/local && npm ci --no-audit --no-fund --loglevel=error)
fi
