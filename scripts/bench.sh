#!/usr/bin/env bash
# The app beside a bare axum server that sends the same bytes: what the app's own work costs.
#
# What it does, from any working directory:
#   1. installs what is missing (as scripts/soak.sh does: wrk, curl, python3 `requests`, the
#      provider's npm packages);
#   2. builds target/release/logto-app and the bare server, target/release/examples/bare_page
#      (examples/bare_page.rs: replays saved responses byte for byte, with the app's allocator
#      and server, and does nothing else);
#   3. starts the test OpenID provider (e2e/op) on 127.0.0.1, then for each store in STORES:
#      a. starts the app with that store (sqlite: a new temporary file; redis: a redis-server of
#         its own on a free 127.0.0.1 port, stopped by PID afterwards; memory) and RUST_LOG=info;
#      b. sends SIGNINS anonymous GET /sign-in (as many strangers clicking "Sign in") and counts
#         what they left in the store: rows in every table of the SQLite file, or Redis DBSIZE;
#      c. signs USERS users in through the provider's screens (scripts/soak/signin.py), saves the
#         app's signed-in `GET /` and anonymous `GET /sign-in` responses (curl -i) and starts the
#         bare server replaying both;
#      d. ROUNDS rounds of: app GET /, bare GET /, app GET /sign-in, bare GET /sign-in: the same
#         wrk settings each time (THREADS, CONNECTIONS, DURATION seconds), every response checked
#         (200 with the signed-in page, or 303);
#      e. PAGE_VIEWS signed-in page views (bounded by PAGE_VIEWS_DURATION seconds) and the app's
#         RSS after them;
#   4. prints, per store, throughput and p99 latency of app and bare and their ratios (app/bare:
#      a throughput ratio of 0.25 means the app serves a quarter of what the bare server does),
#      the store's rows/keys after the anonymous sign-ins, and the app's memory;
#   5. stops everything it started, by PID, also on failure or Ctrl-C.
# A store the app refuses at start-up (a build without Redis support and STORE redis) is skipped
# with a note. Exit status: 0 when every response was the expected one and nothing failed to
# start; 1 otherwise; 130/143 when interrupted. On failure the work directory is kept and named.
#
# Settings (environment variables, defaults in brackets):
#   STORES [sqlite redis]   stores to measure, in order: sqlite, redis, memory; redis only when
#                           redis-server is installed
#   ROUNDS [2]              app/bare alternations per measurement
#   CONNECTIONS [32]        wrk connections (kept open, HTTP/1.1 keep-alive)
#   THREADS [2]             wrk threads
#   DURATION [10]           seconds of each wrk run
#   USERS [50]              users signed in (their cookies rotate in the signed-in runs)
#   PARALLEL [8]            sign-ins in flight at once
#   SIGNINS [20000]         anonymous GET /sign-in before counting the store's rows/keys
#   PAGE_VIEWS [1000000]    signed-in page views before the memory reading (the count bound)
#   PAGE_VIEWS_DURATION [300]  seconds those may last at most (the time bound)
#   APP_RUST_LOG [info]     the app's RUST_LOG (info logs one line per request, to a file)
#   APP_INSPECTOR [false]   the app's APP_INSPECTOR: false is what a deployment (https) runs; true
#                           also measures the flow inspector recording every sign-in's steps (the
#                           default for plain http on 127.0.0.1, where this script runs the app)
#   BUILD [1]               0: skip cargo build and use the existing binaries
#   APP_BIN [<repo>/target/release/logto-app]
#   BARE_BIN [<repo>/target/release/examples/bare_page]
#   SIGNIN_TIMEOUT [600]    seconds the sign-in of USERS may last at most
#   KEEP [0]                1: keep the work directory (logs, saved responses, wrk output)
# Example (about 2 minutes): STORES=sqlite ROUNDS=1 DURATION=5 SIGNINS=2000 PAGE_VIEWS=50000 scripts/bench.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="$repo/scripts/bench"

default_stores="sqlite"
command -v redis-server >/dev/null 2>&1 && default_stores="sqlite redis"
STORES="${STORES:-$default_stores}"
ROUNDS="${ROUNDS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
DURATION="${DURATION:-10}"
USERS="${USERS:-50}"
PARALLEL="${PARALLEL:-8}"
SIGNINS="${SIGNINS:-20000}"
PAGE_VIEWS="${PAGE_VIEWS:-1000000}"
PAGE_VIEWS_DURATION="${PAGE_VIEWS_DURATION:-300}"
APP_RUST_LOG="${APP_RUST_LOG:-info}"
APP_INSPECTOR="${APP_INSPECTOR:-false}"
BUILD="${BUILD:-1}"
APP_BIN="${APP_BIN:-$repo/target/release/logto-app}"
BARE_BIN="${BARE_BIN:-$repo/target/release/examples/bare_page}"
SIGNIN_TIMEOUT="${SIGNIN_TIMEOUT:-600}"
KEEP="${KEEP:-0}"

LOG_TAG=bench
# shellcheck source=scripts/lib.sh
source "$repo/scripts/lib.sh"

require_positive ROUNDS CONNECTIONS THREADS DURATION USERS PARALLEL SIGNINS PAGE_VIEWS \
  PAGE_VIEWS_DURATION SIGNIN_TIMEOUT
for store in $STORES; do
  case "$store" in sqlite | redis | memory) ;; *) fail "STORES: unknown store '$store' (sqlite, redis, memory)" ;; esac
done
[ "$CONNECTIONS" -ge "$THREADS" ] || fail "CONNECTIONS must be at least THREADS"

# --- What we start, and how it is stopped --------------------------------------------------------
work=""
op_pid=""
app_pid=""
bare_pid=""
redis_pid=""
wrk_pid=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$wrk_pid" wrk
  stop_pid "$bare_pid" "bare server"
  stop_pid "$app_pid" app
  stop_pid "$redis_pid" redis-server
  stop_pid "$op_pid" provider
  wait 2>/dev/null || true
  if [ -n "$work" ] && [ -d "$work" ]; then
    if [ "$rc" -eq 0 ] && [ "$KEEP" != 1 ]; then
      rm -rf "$work"
    else
      say "logs and outputs kept in $work"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Prerequisites and build ---------------------------------------------------------------------
need_load_tools
if [ "$BUILD" = 1 ]; then
  command -v cargo >/dev/null 2>&1 || fail "cargo is missing: install the Rust toolchain"
  say "building the release binaries (cargo build --release --bin logto-app --example bare_page)"
  (cd "$repo" && cargo build --release --bin logto-app --example bare_page >&2) ||
    fail "cargo build --release failed"
fi
[ -x "$APP_BIN" ] || fail "no app binary at $APP_BIN (run with BUILD=1)"
[ -x "$BARE_BIN" ] || fail "no bare server at $BARE_BIN (run with BUILD=1)"
bin_sha="$(sha256sum "$APP_BIN" | cut -c1-12)"
git_rev="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"

work="$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")"
app_port="$(free_port)"
app_url="http://127.0.0.1:$app_port"
# Access tokens must outlive the run: no refresh may happen mid-measurement.
n_stores=$(echo "$STORES" | wc -w)
run_estimate=$((n_stores * (SIGNIN_TIMEOUT + ROUNDS * 4 * (DURATION + 5) + PAGE_VIEWS_DURATION + 120)))
token_ttl=$((run_estimate + 900 > 3600 ? run_estimate + 900 : 3600))
start_provider "$work" "$app_url" "$token_ttl"

# --- One wrk run at fixed duration ---------------------------------------------------------------
results="$work/results.tsv" # store target server round rps p99_us good bad socket_errors
: >"$results"
failed=0

# measure <store> <target: page|sign-in> <server: app|bare> <round> <url> <cookies|-> <status> <marker|->
measure() {
  local store="$1" target="$2" server="$3" round="$4" url="$5" cookies="$6" status="$7" marker="$8"
  local out="$work/$store/wrk.$target.$server.$round" started
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s --latency \
    -s "$bench_dir/fixed.lua" "$url" -- "$cookies" "$status" "$marker" >"$out" 2>"$out.err" &
  wrk_pid=$!
  started=$SECONDS
  while kill -0 "$wrk_pid" 2>/dev/null; do
    if [ $((SECONDS - started)) -gt $((DURATION + 60)) ]; then
      say "wrk still running 60 s after its $DURATION s; stopping it"
      stop_pid "$wrk_pid" wrk
      break
    fi
    sleep 0.2
  done
  wait "$wrk_pid" 2>/dev/null || true
  wrk_pid=""
  get() { awk -v k="BENCH_$1" '$1 == k {print $2}' "$out"; }
  [ -n "$(get rps)" ] || fail "wrk gave no results for $server $target: $(tail -n 5 "$out.err" "$out")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$store" "$target" "$server" "$round" \
    "$(get rps)" "$(get p99_us)" "$(get good)" "$(get bad)" "$(get socket_errors)" >>"$results"
  say "$store round $round: $server $target: $(get rps) req/s, p99 $(get p99_us) us, $(get bad) unexpected, $(get socket_errors) socket errors"
  if [ "$(get bad)" != 0 ] || [ "$(get socket_errors)" != 0 ]; then
    say "$server $target: unexpected responses (first status $(get first_bad_status)) or socket errors"
    failed=1
  fi
}

# anonymous_sign_ins <count> <out>: GET /sign-in <count> times, 16 at once; status codes to <out>.
anonymous_sign_ins() {
  python3 -c '
import sys
url, n = sys.argv[1], int(sys.argv[2])
sys.stdout.write(("url = \"%s\"\noutput = \"/dev/null\"\n" % url) * n)
' "$app_url/sign-in" "$1" >"$work/sign-in.curl"
  curl -sS --parallel --parallel-max 16 -w '%{http_code}\n' --config "$work/sign-in.curl" \
    >"$2" 2>"$2.err" || fail "curl failed during the anonymous sign-ins: $(tail -n 3 "$2.err")"
}

# store_count <store>: what the store holds (rows of every table, or Redis keys).
store_count() {
  case "$1" in
    sqlite) python3 "$bench_dir/store_rows.py" "$work/sqlite/sessions.db" ;;
    redis) echo "$(redis-cli -h 127.0.0.1 -p "$redis_port" DBSIZE) keys (DBSIZE)" ;;
    memory) echo "n/a (memory store)" ;;
  esac
}

# --- The measurements, store by store ------------------------------------------------------------
summary="$work/summary.txt"
: >"$summary"
load_start="$(loadavg)"
for store in $STORES; do
  mkdir -p "$work/$store"
  case "$store" in
    sqlite) session_store="sqlite://$work/sqlite/sessions.db" ;;
    memory) session_store="memory" ;;
    redis)
      if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
        say "redis-server or redis-cli is not installed: skipping STORE redis"
        echo "store redis: skipped (redis-server or redis-cli not installed)" >>"$summary"
        continue
      fi
      redis_port="$(free_port)"
      redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
        --dir "$work/redis" >"$work/redis/redis.log" 2>&1 &
      redis_pid=$!
      wait_for 10 "$redis_pid" "redis-server" redis-cli -h 127.0.0.1 -p "$redis_port" PING ||
        fail "redis-server did not start: $(tail -n 5 "$work/redis/redis.log")"
      session_store="redis://127.0.0.1:$redis_port"
      ;;
  esac

  # a. The app.
  if ! start_app "$APP_BIN" "$work/$store" "$app_url" "$app_port" "$session_store" "$APP_RUST_LOG" \
    "$work/$store/app.log"; then
    if grep -q 'SESSION_STORE' "$work/$store/app.log"; then
      say "the app refuses SESSION_STORE=$session_store: $(grep -m1 SESSION_STORE "$work/$store/app.log")"
      echo "store $store: skipped, this build refuses it ($(grep -m1 SESSION_STORE "$work/$store/app.log"))" >>"$summary"
      stop_pid "$redis_pid" redis-server
      redis_pid=""
      continue
    fi
    fail "the app did not become ready; its log: $(tail -n 20 "$work/$store/app.log")"
  fi
  rss_start="$(proc_field_kb "$app_pid" VmRSS)"

  # b. Strangers clicking "Sign in", then what the store holds.
  say "$store: $SIGNINS anonymous GET /sign-in"
  anonymous_sign_ins "$SIGNINS" "$work/$store/sign-in.codes"
  sign_in_303="$(grep -c '^303$' "$work/$store/sign-in.codes" || true)"
  [ "$sign_in_303" = "$SIGNINS" ] || {
    say "only $sign_in_303 of $SIGNINS anonymous sign-ins were answered 303"
    failed=1
  }
  rows="$(store_count "$store")"
  rss_signins="$(proc_field_kb "$app_pid" VmRSS)"

  # c. Signed-in users, the saved responses, the bare server.
  sign_in_users "$app_url" "$USERS" "$PARALLEL" "$work/$store/cookies.txt" "$SIGNIN_TIMEOUT"
  curl -sS -i -H "Cookie: $(head -n1 "$work/$store/cookies.txt")" -o "$work/$store/page.http" "$app_url/"
  grep -q 'id="sign-out-link"' "$work/$store/page.http" || fail "a signed-in cookie does not give the signed-in page"
  curl -sS -i -o "$work/$store/sign-in.http" "$app_url/sign-in"
  head -n1 "$work/$store/sign-in.http" | grep -q ' 303' || fail "GET /sign-in did not answer 303"
  bare_port="$(free_port)"
  bare_url="http://127.0.0.1:$bare_port"
  "$BARE_BIN" "127.0.0.1:$bare_port" "/=$work/$store/page.http" "/sign-in=$work/$store/sign-in.http" \
    >"$work/$store/bare.log" 2>&1 &
  bare_pid=$!
  wait_for 30 "$bare_pid" "$bare_url/" curl -fsS -o /dev/null "$bare_url/" ||
    fail "the bare server did not start: $(tail -n 5 "$work/$store/bare.log")"
  curl -sS -i -o "$work/$store/bare-page.http" "$bare_url/"
  size() { wc -c <"$1"; }
  headers() { awk '/^\r$/ {exit} {n++} END {print n - 1}' "$1"; }
  echo "store $store: signed-in page: app $(size "$work/$store/page.http") bytes with $(headers "$work/$store/page.http") headers, bare $(size "$work/$store/bare-page.http") bytes with $(headers "$work/$store/bare-page.http") headers (curl -i)" >>"$summary"

  # d. Alternating runs.
  for round in $(seq 1 "$ROUNDS"); do
    measure "$store" page app "$round" "$app_url/" "$work/$store/cookies.txt" 200 'id="sign-out-link"'
    measure "$store" page bare "$round" "$bare_url/" "$work/$store/cookies.txt" 200 'id="sign-out-link"'
    measure "$store" sign-in app "$round" "$app_url/sign-in" - 303 -
    measure "$store" sign-in bare "$round" "$bare_url/sign-in" - 303 -
  done
  bare_rss="$(proc_field_kb "$bare_pid" VmRSS)"
  stop_pid "$bare_pid" "bare server"
  bare_pid=""

  # e. Memory after many page views.
  rss_before_views="$(proc_field_kb "$app_pid" VmRSS)"
  say "$store: $PAGE_VIEWS signed-in page views (cap $PAGE_VIEWS_DURATION s) for the memory reading"
  wrk_page_views "$THREADS" "$CONNECTIONS" "$PAGE_VIEWS_DURATION" "$app_url/" "$work/$store/cookies.txt" \
    "$PAGE_VIEWS" "$work/$store/markers" "$work/$store/views.out" "$work/$store/views.err"
  views="$(awk '$1 == "SOAK_responses" {print $2}' "$work/$store/views.out")"
  views_ok="$(awk '$1 == "SOAK_signed_in" {print $2}' "$work/$store/views.out")"
  [ -n "$views" ] || fail "wrk gave no results for the page views (exit $wrk_rc)"
  [ "$views_ok" = "$views" ] || {
    say "$((views - views_ok)) of $views page views were not the signed-in page"
    failed=1
  }
  rss_after="$(proc_field_kb "$app_pid" VmRSS)"
  hwm_after="$(proc_field_kb "$app_pid" VmHWM)"

  {
    echo "store $store: after $SIGNINS anonymous sign-ins ($sign_in_303 answered 303) the store holds: $rows"
    echo "store $store: app VmRSS $(mib "$rss_start") at start, $(mib "$rss_signins") after the anonymous sign-ins, $(mib "$rss_before_views") after the runs, $(mib "$rss_after") after $views page views in $wrk_wall s (peak VmHWM $(mib "$hwm_after")); bare server $(mib "$bare_rss") after its runs"
  } >>"$summary"

  stop_pid "$app_pid" app
  app_rc=0
  wait "$app_pid" 2>/dev/null || app_rc=$?
  app_pid=""
  [ "$app_rc" = 0 ] || {
    say "the app exited $app_rc on SIGTERM"
    failed=1
  }
  stop_pid "$redis_pid" redis-server
  redis_pid=""
done

# --- Report --------------------------------------------------------------------------------------
ratios() { # ratios <store> <target> <what>: per round and overall, app / bare
  awk -F'\t' -v s="$1" -v t="$2" '
    $1 == s && $2 == t { rps[$3, $4] = $5; p99[$3, $4] = $6; r[$4] = 1; sum_rps[$3] += $5; sum_p99[$3] += $6; n[$3]++ }
    END {
      if (!n["app"] || !n["bare"]) { print "  (no runs)"; exit }
      per = ""
      for (i = 1; (i in r); i++) per = per sprintf(" %.3f", rps["app", i] / rps["bare", i])
      printf "  throughput: app %.0f req/s, bare %.0f req/s (means of %d rounds): ratio app/bare %.3f (per round:%s)\n", \
        sum_rps["app"] / n["app"], sum_rps["bare"] / n["bare"], n["app"], (sum_rps["app"] / n["app"]) / (sum_rps["bare"] / n["bare"]), per
      printf "  p99 latency: app %.2f ms, bare %.2f ms: ratio app/bare %.2f\n", \
        sum_p99["app"] / n["app"] / 1000, sum_p99["bare"] / n["bare"] / 1000, sum_p99["app"] / sum_p99["bare"]
    }' "$results"
}

{
  echo
  echo "== bench: the app beside a bare axum server sending the same bytes =="
  echo "settings: STORES=\"$STORES\" ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS THREADS=$THREADS DURATION=$DURATION USERS=$USERS SIGNINS=$SIGNINS PAGE_VIEWS=$PAGE_VIEWS (cap $PAGE_VIEWS_DURATION s) APP_RUST_LOG=$APP_RUST_LOG APP_INSPECTOR=$APP_INSPECTOR"
  echo "build:    release, $APP_BIN (sha256 $bin_sha; git $git_rev)"
  echo "machine:  $(nproc) cores, wrk on the same cores; load average $load_start at the start, $(loadavg) at the end"
  for store in $STORES; do
    if grep -q "^store $store: skipped" "$summary"; then
      grep "^store $store: skipped" "$summary"
      continue
    fi
    echo "store $store:"
    echo " signed-in GET / (RUST_LOG=$APP_RUST_LOG):"
    ratios "$store" page
    echo " anonymous GET /sign-in:"
    ratios "$store" sign-in
    grep "^store $store: " "$summary" | sed "s/^store $store: / /"
  done
} | tee "$work/report.txt"

[ "$failed" = 0 ] || fail "some responses were not the expected ones, or the app did not exit cleanly (see above)"
