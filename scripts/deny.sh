#!/usr/bin/env bash
# Audits the dependencies with cargo-deny (advisories, licenses, bans, sources: deny.toml),
# offline, against the RustSec advisory database snapshot in ../shared/advisory-db.
#
# cargo-deny reads advisory databases from git checkouts under a root folder, named after their
# URL; the snapshot has no history, so it is copied into a temporary checkout of that name with
# one local commit. Nothing is fetched: the crates' sources come from the registry cache
# (`cargo fetch`), the advisories from the snapshot.
#
#   scripts/deny.sh                 every check
#   ADVISORY_DB=/path scripts/deny.sh   another snapshot
# Needs: cargo install cargo-deny --locked (.ci/run installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

snapshot="${ADVISORY_DB:-../shared/advisory-db}"
[ -d "$snapshot/crates" ] || { echo "no advisory database at $snapshot" >&2; exit 2; }
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
# The folder name cargo-deny gives RustSec's default database.
db="$root/advisory-db-3157b0e258782691"
cp -r "$snapshot" "$db"
# CI's copy of ../shared is read-only; the checkout needs to be writable.
chmod -R u+w "$db"
git -C "$db" init -q
git -C "$db" add -A
git -C "$db" -c user.name=snapshot -c user.email=snapshot@localhost commit -q -m "advisory database snapshot"

cargo fetch --locked >/dev/null
LOGTO_ADVISORY_DB_ROOT="$root" cargo deny --offline check "$@"
