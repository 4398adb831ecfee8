#!/usr/bin/env bash
# Mutation testing of the security-critical code with cargo-mutants: each mutant (a `>` turned
# into `>=`, a check replaced by `Ok(())`, a function returning a default…) is built and run
# against the app tests, the bad-input tests and the unit tests. A mutant that no test notices
# ("missed") is a check nothing would miss if it went. docs/MUTANTS.md records each run and
# explains each survivor. Not run in CI: it takes long.
#
#   scripts/mutants.sh                     every file below
#   scripts/mutants.sh crates/logto-core/src/verify.rs   one file (or several)
#   scripts/mutants.sh --iterate           only the mutants not caught by the previous run
#   scripts/mutants.sh crates/logto-axum/src/session/mod.rs --re 'secrets_match|Sessions::find'
#                                          the mutants of one file whose names match a regex
#
# Bounded: each build and test run has a timeout, one job at a time, and the whole run is ended
# after MUTANTS_TOTAL_SECS (default 3 hours); results so far stay in target/mutants-out/.
# Needs: cargo install cargo-mutants --locked
# Faster with cargo-nextest (cargo install cargo-nextest --locked): used when installed.
set -euo pipefail

cd "$(dirname "$0")/.."

FILES=(
  # The Logto client: the core crate (its own unit tests and the app's tests catch its mutants).
  'crates/logto-core/src/**/*.rs'
  src/auth/callback.rs
  # Where the user goes after sign-in (open redirects), and the SDK's route paths.
  crates/logto-axum/src/return_to.rs
  crates/logto-axum/src/logto.rs
  crates/logto-axum/src/session/current/form.rs
  crates/logto-axum/src/session/attempt.rs
  crates/logto-axum/src/session/keys.rs
  crates/logto-axum/src/session/current.rs
  crates/logto-axum/src/session/current/inspect.rs
  # The lock that is also a fence (a holder that lost it writes nothing), and refresh-token
  # grants that run to their end once begun (issue 17).
  crates/logto-axum/src/session/lock.rs
  crates/logto-axum/src/session/current/grant.rs
  crates/logto-axum/src/session/current/refresh.rs
  # secrets_match (the CSRF and sign-out `state` comparisons), the records, and find/end/first_seen
  # for back-channel logout.
  crates/logto-axum/src/session/sessions.rs
  # Where the browser keeps its session id: the cookie, or the app's tower-sessions session.
  crates/logto-axum/src/session/pointer.rs
  # The cache of parsed sessions: a session ended elsewhere must never be served from it.
  crates/logto-axum/src/session/cache.rs
  # Back-channel logout.
  crates/logto-axum/src/routes/backchannel.rs
  # Where sessions are kept: expiry, the sid/sub index, the replay memory of logout tokens. (The
  # Redis store needs the replica tests: MUTANTS_TESTS, below.)
  crates/logto-axum/src/session/store/mod.rs
  crates/logto-axum/src/session/store/sqlite.rs
  crates/logto-axum/src/session/store/memory.rs
)

ARGS=()
PICKED=()
VALUE_NEXT=
for arg in "$@"; do
  if [[ -n "$VALUE_NEXT" ]]; then
    ARGS+=("$arg")
    VALUE_NEXT=
    continue
  fi
  case "$arg" in
    # cargo-mutants options whose value may come as the next argument: it is not a file.
    --re | -F | --exclude-re | -E | --exclude | -e | --baseline | --shard)
      ARGS+=("$arg")
      VALUE_NEXT=1
      ;;
    -*) ARGS+=("$arg") ;;
    *) PICKED+=("$arg") ;;
  esac
done
if ((${#PICKED[@]})); then
  FILES=("${PICKED[@]}")
fi
FILE_ARGS=()
for file in "${FILES[@]}"; do
  FILE_ARGS+=(--file "$file")
done

if ! command -v cargo-mutants >/dev/null; then
  echo "cargo-mutants is not installed: cargo install cargo-mutants --locked" >&2
  exit 2
fi

# Test threads stay at the default (one per core): with more, the concurrent sign-in tests hit
# the app's Logto timeout on a loaded machine (seen with RUST_TEST_THREADS=8), and a baseline that
# fails stops the run.

# Builds are most of a mutant's time: link with mold when it is installed (Debian's `mold`), and
# build the crate itself without debug info (a failing test's message is all a run needs).
if command -v mold >/dev/null; then
  export RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-fuse-ld=mold"
fi
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-0}"

# The tests each mutant is run against, in every package of the workspace (a mutant in the core
# crate is caught by the app's tests as much as by its own): the app tests, the bad-input tests,
# the SDK's path tests, the Prometheus metrics test and the unit tests. The Redis store is exercised only by the replica tests (Redis and nginx, started by their harness):
#   MUTANTS_TESTS='--features=replica-tests --test=replicas' scripts/mutants.sh crates/logto-axum/src/session/store/redis.rs
read -r -a TESTS <<<"${MUTANTS_TESTS:---test=app --test=bad_input --test=paths --test=metrics --lib}"
TEST_ARGS=()
for test in "${TESTS[@]}"; do
  TEST_ARGS+=("--cargo-arg=$test")
done

# `--workspace` with `--test-workspace=true`: the files to mutate are in every package of the
# workspace (without it, cargo-mutants looks only at the root package's files and finds nothing
# in crates/), and each mutant meets every package's tests. `--baseline=skip`: cargo-mutants 27
# runs its unmutated baseline with the mutated package's tests only, where `--test=app` (the
# app's) does not exist, so the baseline fails; the same tests pass in CI on the same commit, and
# the timeouts are set explicitly below. Run `cargo test` first if the tree is not a CI'd commit.

# With cargo-nextest, a test run stops at the first failing test instead of finishing the test
# binary that holds it: a mutant the app tests catch then costs a few seconds of tests, not the
# app binary's 30 (measured 2026-12-07: 377 tests, 39 s for a whole run under load, the same
# as `cargo test`; nextest's default profile fails fast). MUTANTS_TEST_TOOL=cargo forces libtest.
TEST_TOOL="${MUTANTS_TEST_TOOL:-}"
if [[ -z "$TEST_TOOL" ]]; then
  if cargo nextest --version >/dev/null 2>&1; then TEST_TOOL=nextest; else TEST_TOOL=cargo; fi
fi

# A build directory of its own, so a run does not hold the lock on the usual target directory.
export CARGO_TARGET_DIR="${MUTANTS_TARGET_DIR:-$PWD/target/mutants-build}"
OUT="${MUTANTS_OUT:-$PWD/target/mutants-out}"
mkdir -p "$OUT"

exec timeout --signal=INT --kill-after=60 "${MUTANTS_TOTAL_SECS:-10800}" \
  nice -n 19 cargo mutants \
  "${FILE_ARGS[@]}" \
  --output "$OUT" \
  --jobs 1 \
  --timeout "${MUTANTS_TEST_TIMEOUT_SECS:-180}" \
  --minimum-test-timeout 60 \
  --workspace \
  --test-workspace=true \
  --baseline=skip \
  --test-tool="$TEST_TOOL" \
  --build-timeout "${MUTANTS_BUILD_TIMEOUT_SECS:-600}" \
  "${TEST_ARGS[@]}" \
  "${ARGS[@]}"
