#!/usr/bin/env bash
# Runs the end-to-end browser tests (e2e/browser) on this machine, installing what is missing:
#   - the provider's npm packages (npm ci in e2e/op) when node_modules is absent or stale;
#   - Chromium and chromedriver from Debian's packages when they are absent and we are root;
#   - likewise redis-server (the two-replica scenario starts its own, on a free port) and
#     nginx-light.
# A prerequisite that cannot be had stops the run with a message naming it: nothing is skipped.
# Extra arguments go to the test binary, e.g. `e2e/run.sh sign_out` runs the tests whose names
# contain "sign_out". Screenshots and logs land in e2e/artifacts/<test>/.
#
# The tests run one at a time (--test-threads=1): each starts its own Chromium, provider and
# app, and on a 2-core machine parallel browsers make page loads slow enough to be flaky.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

fail() {
  echo "e2e/run.sh: $*" >&2
  exit 1
}

# Node.js (the provider is a Node program; it needs Node 20 or later).
command -v node >/dev/null 2>&1 ||
  fail "Node.js 20+ is missing: install it (e.g. apt-get install nodejs npm) and run again"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || fail "Node.js 20+ is needed, found $(node --version)"
command -v npm >/dev/null 2>&1 || fail "npm is missing: install it (e.g. apt-get install npm)"

# The provider's packages: npm ci when node_modules is missing or older than the lockfile
# (npm writes node_modules/.package-lock.json at every install).
op=e2e/op
if [ ! -f "$op/node_modules/.package-lock.json" ] ||
  [ ! -d "$op/node_modules/oidc-provider" ] ||
  [ "$op/package-lock.json" -nt "$op/node_modules/.package-lock.json" ] ||
  [ "$op/package.json" -nt "$op/node_modules/.package-lock.json" ]; then
  echo "e2e/run.sh: installing the provider's packages (npm ci in $op)"
  (cd "$op" && npm ci --no-audit --no-fund) || fail "npm ci in $op failed"
fi

# Chromium and chromedriver.
chromium="${E2E_CHROMIUM:-/usr/bin/chromium}"
chromedriver="${E2E_CHROMEDRIVER:-/usr/bin/chromedriver}"
if [ ! -x "$chromium" ] || [ ! -x "$chromedriver" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "e2e/run.sh: installing chromium and chromium-driver"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver ||
      fail "apt-get install chromium chromium-driver failed"
  fi
  [ -x "$chromium" ] ||
    fail "Chromium is missing at $chromium: install the chromium package as root (or set E2E_CHROMIUM)"
  [ -x "$chromedriver" ] ||
    fail "chromedriver is missing at $chromedriver: install the chromium-driver package as root (or set E2E_CHROMEDRIVER)"
fi

# Redis (the two-replica scenario) and nginx, from Debian's packages. The tests start and stop
# their own instances on 127.0.0.1, by PID; nothing here starts a service.
need_packages=()
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need_packages+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_packages+=(nginx-light)
if [ "${#need_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "e2e/run.sh: installing ${need_packages[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_packages[@]}" ||
      fail "apt-get install ${need_packages[*]} failed"
  fi
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] ||
    fail "redis-server is missing: install the redis-server package as root"
fi

command -v cargo >/dev/null 2>&1 || fail "cargo is missing: install the Rust toolchain"

echo "e2e/run.sh: $("$chromium" --version 2>/dev/null | head -n1), $("$chromedriver" --version | head -n1), node $(node --version)"
exec cargo test -p logto-axum-e2e --locked -- --test-threads=1 "$@"
