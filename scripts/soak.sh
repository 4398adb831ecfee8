#!/usr/bin/env bash
# Load-and-soak benchmark of the signed-in home page (GET /) of the release build.
#
# What it does, from any working directory:
#   1. installs what is missing: wrk (Debian package, when root), curl, python3 `requests` (pip),
#      the test provider's npm packages (npm ci in e2e/op);
#   2. builds target/release/logto-app (cargo build --release --bin logto-app);
#   3. starts the test OpenID provider (e2e/op) and the app, both on 127.0.0.1, the app with its
#      sessions in a fresh temporary SQLite file (or in memory);
#   4. signs USERS new users in through the provider's screens (scripts/soak/signin.py) and keeps
#      their session cookies;
#   5. drives authenticated GET / with wrk (scripts/soak/load.lua) at CONNECTIONS connections,
#      rotating through the cookies, until REQUESTS responses have arrived or DURATION seconds
#      have passed, whichever comes first;
#   6. prints errors, throughput, latency percentiles, the app's memory (VmRSS before and after,
#      peak VmHWM), its CPU time per request, and checks that every response was the signed-in
#      page, that the page views wrote nothing to the session store and called the provider
#      never;
#   7. stops everything it started, by PID, also on failure or Ctrl-C.
# Exit status: 0 when every check passed, 1 when a check failed or something could not start,
# 130/143 when interrupted. On failure the work directory (logs, wrk output) is kept and named.
#
# Settings (environment variables, defaults in brackets):
#   USERS [200]          users signed in, one session cookie each
#   CONNECTIONS [64]     wrk connections (kept open, HTTP/1.1 keep-alive)
#   THREADS [2]          wrk threads
#   REQUESTS [1000000]   responses to wait for (the count bound)
#   DURATION [900]       seconds the load may last at most (the time bound, wrk -d)
#   STORE [sqlite]       sqlite (a new temp file) or memory
#   PARALLEL [8]         sign-ins in flight at once
#   BUILD [1]            0: skip cargo build and use the existing binary
#   APP_BIN [<repo>/target/release/logto-app]
#   APP_RUST_LOG [warn]  the app's RUST_LOG during the run (info logs one line per request)
#   APP_INSPECTOR [false]  the app's APP_INSPECTOR (false: off, as deployed over https)
#   SAMPLE_EVERY [5]     seconds between RSS samples during the load
#   SIGNIN_TIMEOUT [600] seconds the sign-in phase may last at most
#   KEEP [0]             1: keep the work directory (logs, cookies, wrk output) even on success
# Example: USERS=20 REQUESTS=20000 STORE=memory scripts/soak.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
soak_dir="$repo/scripts/soak"

USERS="${USERS:-200}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
REQUESTS="${REQUESTS:-1000000}"
DURATION="${DURATION:-900}"
STORE="${STORE:-sqlite}"
PARALLEL="${PARALLEL:-8}"
BUILD="${BUILD:-1}"
APP_BIN="${APP_BIN:-$repo/target/release/logto-app}"
APP_RUST_LOG="${APP_RUST_LOG:-warn}"
APP_INSPECTOR="${APP_INSPECTOR:-false}"
SAMPLE_EVERY="${SAMPLE_EVERY:-5}"
SIGNIN_TIMEOUT="${SIGNIN_TIMEOUT:-600}"
KEEP="${KEEP:-0}"

LOG_TAG=soak
# shellcheck source=scripts/lib.sh
source "$repo/scripts/lib.sh"

require_positive USERS CONNECTIONS THREADS REQUESTS DURATION PARALLEL SAMPLE_EVERY SIGNIN_TIMEOUT
case "$STORE" in sqlite | memory) ;; *) fail "STORE must be sqlite or memory (got '$STORE')" ;; esac
[ "$CONNECTIONS" -ge "$THREADS" ] || fail "CONNECTIONS must be at least THREADS"
[ "$REQUESTS" -ge "$CONNECTIONS" ] || fail "REQUESTS must be at least CONNECTIONS"
# Access tokens live 3600 s unless the run could outlast them: no refresh may happen mid-run.
token_ttl=3600
if [ $((SIGNIN_TIMEOUT + DURATION + 300)) -gt "$token_ttl" ]; then
  token_ttl=$((SIGNIN_TIMEOUT + DURATION + 900))
fi

# --- What we start, and how it is stopped --------------------------------------------------------
work=""
op_pid=""
app_pid=""
wrk_pid=""
sampler_pid=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$wrk_pid" wrk
  stop_pid "$sampler_pid" "RSS sampler"
  stop_pid "$app_pid" app
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

# --- Prerequisites -------------------------------------------------------------------------------
need_load_tools

# --- Build ---------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  command -v cargo >/dev/null 2>&1 || fail "cargo is missing: install the Rust toolchain"
  say "building the release binary (cargo build --release --bin logto-app)"
  (cd "$repo" && cargo build --release --bin logto-app >&2) || fail "cargo build --release failed"
fi
[ -x "$APP_BIN" ] || fail "no app binary at $APP_BIN (run with BUILD=1)"
bin_sha="$(sha256sum "$APP_BIN" | cut -c1-12)"
# The tree the binary was (last) built from, as far as git can tell.
git_rev="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git_dirty="$(git -C "$repo" status --porcelain -- src templates Cargo.toml Cargo.lock 2>/dev/null | wc -l)"

# --- Helpers -------------------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")"
mkdir -p "$work/markers"
clk_tck="$(getconf CLK_TCK)"
op_events() { if [ -f "$work/op-state/events.jsonl" ]; then wc -l <"$work/op-state/events.jsonl"; else echo 0; fi; }
op_events_since() { # op_events_since <line count>: the events logged after that many lines
  if [ -f "$work/op-state/events.jsonl" ]; then tail -n +"$(($1 + 1))" "$work/op-state/events.jsonl"; fi
}

# --- Start the provider and the app --------------------------------------------------------------
app_port="$(free_port)"
app_url="http://127.0.0.1:$app_port"

start_provider "$work" "$app_url" "$token_ttl"

case "$STORE" in
  sqlite) session_store="sqlite://$work/sessions.db" ;;
  memory) session_store="memory" ;;
esac
start_app "$APP_BIN" "$work" "$app_url" "$app_port" "$session_store" "$APP_RUST_LOG" "$work/app.log" ||
  fail "the app did not become ready; its log: $(tail -n 20 "$work/app.log")"

rss_start="$(proc_field_kb "$app_pid" VmRSS)"

# --- Sign the users in ---------------------------------------------------------------------------
sign_in_users "$app_url" "$USERS" "$PARALLEL" "$work/cookies.txt" "$SIGNIN_TIMEOUT"

# One request by hand, so a broken setup fails before the long run.
curl -fsS -H "Cookie: $(head -n1 "$work/cookies.txt")" "$app_url/" | grep -q 'id="sign-out-link"' ||
  fail "a signed-in cookie does not give the signed-in page"

digest_before="-"
[ "$STORE" = sqlite ] && digest_before="$(python3 "$soak_dir/store_digest.py" "$work/sessions.db")"
events_before="$(op_events)"
rss_before="$(proc_field_kb "$app_pid" VmRSS)"
hwm_before="$(proc_field_kb "$app_pid" VmHWM)"
cpu_before="$(cpu_ticks "$app_pid")"
load_before="$(loadavg)"

# --- The load ------------------------------------------------------------------------------------
say "load: $REQUESTS x GET / with $USERS cookies, $CONNECTIONS connections, $THREADS wrk threads, cap $DURATION s (load average $load_before)"
(
  while kill -0 "$app_pid" 2>/dev/null; do
    echo "$(date +%s) $(proc_field_kb "$app_pid" VmRSS)"
    sleep "$SAMPLE_EVERY"
  done
) >"$work/rss.samples" 2>/dev/null &
sampler_pid=$!

wrk_page_views "$THREADS" "$CONNECTIONS" "$DURATION" "$app_url/" "$work/cookies.txt" "$REQUESTS" \
  "$work/markers" "$work/wrk.out" "$work/wrk.err"
wall="$wrk_wall"

load_after="$(loadavg)"
cpu_after="$(cpu_ticks "$app_pid")"
stop_pid "$sampler_pid" "RSS sampler"
sampler_pid=""
rss_after="$(proc_field_kb "$app_pid" VmRSS)"
hwm_after="$(proc_field_kb "$app_pid" VmHWM)"
echo "$(date +%s) $rss_after" >>"$work/rss.samples"
events_after="$(op_events)"
digest_after="-"
[ "$STORE" = sqlite ] && digest_after="$(python3 "$soak_dir/store_digest.py" "$work/sessions.db")"

# --- Report --------------------------------------------------------------------------------------
get() { awk -v k="SOAK_$1" '$1 == k {print $2}' "$work/wrk.out"; }
[ -n "$(get responses)" ] ||
  fail "wrk gave no results (exit $wrk_rc): $(tail -n 20 "$work/wrk.err" "$work/wrk.out")"
responses="$(get responses)"
load_s="$(get load_seconds)"
# Stopped by the time cap: the threads did not all reach their count; use wrk's own run time.
[ "$load_s" != nan ] || load_s="$(awk -v us="$(get wrk_duration_us)" 'BEGIN {printf "%.3f", us / 1e6}')"
socket_errors=$(($(get socket_connect) + $(get socket_read) + $(get socket_write) + $(get socket_timeout)))
ms() { awk -v us="$1" 'BEGIN {printf "%.2f ms", us / 1000}'; }
rate="$(awk -v n="$responses" -v s="$load_s" 'BEGIN {if (s > 0) printf "%.0f", n / s; else print "n/a"}')"
cpu_s="$(awk -v a="$cpu_before" -v b="$cpu_after" -v t="$clk_tck" 'BEGIN {printf "%.1f", (b - a) / t}')"
cpu_us_req="$(awk -v c="$cpu_s" -v n="$responses" 'BEGIN {if (n > 0) printf "%.0f", c * 1e6 / n; else print "n/a"}')"
rss_min="$(awk 'NF == 2 && $2 != "" {print $2}' "$work/rss.samples" | sort -n | head -n1)"
rss_max="$(awk 'NF == 2 && $2 != "" {print $2}' "$work/rss.samples" | sort -n | tail -n1)"
# Up to 10 evenly spaced RSS samples from the load, in MiB: flat at the end = no growth per request.
rss_trace="$(awk 'NF == 2 {v[n++] = $2} END {
  k = n < 10 ? n : 10
  for (i = 0; i < k; i++) printf "%s%.1f", (i ? " " : ""), v[(k > 1) ? int(i * (n - 1) / (k - 1)) : 0] / 1024
}' "$work/rss.samples")"
refreshes="$(op_events_since "$events_before" | grep -c '"grant_type":"refresh_token"' || true)"


cat <<EOF

== soak results ==
settings:     USERS=$USERS CONNECTIONS=$CONNECTIONS THREADS=$THREADS REQUESTS=$REQUESTS DURATION=$DURATION STORE=$STORE APP_RUST_LOG=$APP_RUST_LOG
build:        release profile, $APP_BIN (sha256 $bin_sha; git $git_rev + $git_dirty uncommitted files in src/templates/Cargo.*)
machine:      $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load average $load_before before the load, $load_after after
load:         $responses responses in ${load_s} s (wrk wall $wall s, cap $DURATION s; stopped by the count: $([ "$(get completed_by_count)" = 1 ] && echo yes || echo NO))
throughput:   $rate req/s
latency:      p50 $(ms "$(get latency_p50_us)"), p90 $(ms "$(get latency_p90_us)"), p99 $(ms "$(get latency_p99_us)"), p99.9 $(ms "$(get latency_p999_us)"), max $(ms "$(get latency_max_us)")
errors:       non-2xx $(get non2xx), socket errors $socket_errors (connect $(get socket_connect), read $(get socket_read), write $(get socket_write), timeout $(get socket_timeout))
signed in:    $(get signed_in) of $responses responses were the signed-in page (200 with id="sign-out-link")
app memory:   VmRSS $(mib "$rss_start") at start, $(mib "$rss_before") after $USERS sign-ins, $(mib "$rss_after") after the load (samples during the load: $(mib "${rss_min:-0}")..$(mib "${rss_max:-0}")); peak VmHWM $(mib "$hwm_after") (before the load $(mib "$hwm_before"))
RSS trace:    $rss_trace MiB (every $SAMPLE_EVERY s during the load, then at its end)
app CPU:      $cpu_s s user+system during the load = $cpu_us_req us per request
store writes: $([ "$STORE" = sqlite ] && echo "session table (rows digest) before $digest_before, after $digest_after" || echo "n/a (memory store)")
provider:     $((events_after - events_before)) provider events during the load ($refreshes token refreshes)
EOF

failed=0
check() { # check <description> <condition...>
  local what="$1"
  shift
  if "$@"; then echo "PASS  $what"; else
    echo "FAIL  $what"
    failed=1
  fi
}
check "reached $REQUESTS responses before the $DURATION s cap" \
  test "$(get completed_by_count)" = 1 -a "$responses" -ge "$REQUESTS"
check "no non-2xx responses" test "$(get non2xx)" = 0
check "no socket errors" test "$socket_errors" = 0
check "every response was the signed-in page" test "$(get signed_in)" = "$responses" -a "$(get not_signed_in)" = 0
check "page views wrote nothing to the session store" test "$digest_before" = "$digest_after"
check "page views never called the provider" test "$events_after" = "$events_before"
if [ "$(get not_signed_in)" != 0 ]; then
  echo "first unexpected response: status $(get first_bad_status); $(sed -n 's/^SOAK_first_bad_body //p' "$work/wrk.out" | head -c 300)"
fi

stop_pid "$app_pid" app
app_rc=0
wait "$app_pid" 2>/dev/null || app_rc=$?
app_pid=""
check "the app shut down cleanly on SIGTERM (exit $app_rc)" test "$app_rc" = 0
[ "$failed" = 0 ] || exit 1
