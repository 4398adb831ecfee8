#!/usr/bin/env bash
# Load-and-soak benchmark of the signed-in home page (GET /) of the release build.
#
# What it does, from any working directory:
#   1. installs what is missing: wrk (Debian package, when root), curl, python3 `requests` (pip),
#      the test provider's npm packages (npm ci in e2e/op);
#   2. builds target/release/logto-axum (cargo build --release --bin logto-axum);
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
#   APP_BIN [<repo>/target/release/logto-axum]
#   APP_RUST_LOG [warn]  the app's RUST_LOG during the run (info logs one line per request)
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
APP_BIN="${APP_BIN:-$repo/target/release/logto-axum}"
APP_RUST_LOG="${APP_RUST_LOG:-warn}"
SAMPLE_EVERY="${SAMPLE_EVERY:-5}"
SIGNIN_TIMEOUT="${SIGNIN_TIMEOUT:-600}"
KEEP="${KEEP:-0}"

say() { echo "soak: $*" >&2; }
fail() {
  say "FAILED: $*"
  exit 1
}

for v in USERS CONNECTIONS THREADS REQUESTS DURATION PARALLEL SAMPLE_EVERY SIGNIN_TIMEOUT; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || fail "$v must be a positive whole number (got '${!v}')"
done
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

stop_pid() { # stop_pid <pid> <name>: SIGTERM, up to 10 s, then SIGKILL
  local pid="$1" name="$2"
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  say "$name (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

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
apt_updated=0
apt_install() { # apt_install <package...>: only as root, only when apt-get exists
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq >&2 || return 1
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

if ! command -v wrk >/dev/null 2>&1; then
  say "installing wrk (Debian package)"
  apt_install wrk || fail "wrk is missing: install it (apt-get install wrk, as root)"
fi
if ! command -v curl >/dev/null 2>&1; then
  say "installing curl"
  apt_install curl || fail "curl is missing: install it (apt-get install curl, as root)"
fi
command -v python3 >/dev/null 2>&1 || fail "python3 is missing"
if ! python3 -c 'import requests' 2>/dev/null; then
  say "installing the python3 requests package (pip)"
  # A Debian system python refuses pip (PEP 668): fall back to its python3-requests package.
  python3 -m pip install --quiet requests >&2 || apt_install python3-requests ||
    fail "python3 'requests' is missing and neither pip nor apt-get could install it"
fi
command -v node >/dev/null 2>&1 || fail "Node.js 20+ is missing (needed by the provider in e2e/op)"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] ||
  fail "Node.js 20+ is needed, found $(node --version)"
op_src="$repo/e2e/op"
if [ ! -f "$op_src/node_modules/.package-lock.json" ] || [ ! -d "$op_src/node_modules/oidc-provider" ] ||
  [ "$op_src/package-lock.json" -nt "$op_src/node_modules/.package-lock.json" ]; then
  say "installing the provider's packages (npm ci in e2e/op)"
  (cd "$op_src" && npm ci --no-audit --no-fund >&2) || fail "npm ci in e2e/op failed"
fi

# --- Build ---------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  command -v cargo >/dev/null 2>&1 || fail "cargo is missing: install the Rust toolchain"
  say "building the release binary (cargo build --release --bin logto-axum)"
  (cd "$repo" && cargo build --release --bin logto-axum >&2) || fail "cargo build --release failed"
fi
[ -x "$APP_BIN" ] || fail "no app binary at $APP_BIN (run with BUILD=1)"
bin_sha="$(sha256sum "$APP_BIN" | cut -c1-12)"
# The tree the binary was (last) built from, as far as git can tell.
git_rev="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git_dirty="$(git -C "$repo" status --porcelain -- src templates Cargo.toml Cargo.lock 2>/dev/null | wc -l)"

# --- Helpers -------------------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")"
mkdir -p "$work/op-state" "$work/markers"

proc_field_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }  # VmRSS, VmHWM
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; } # utime + stime
clk_tck="$(getconf CLK_TCK)"
mib() { awk -v kb="$1" 'BEGIN {printf "%.1f MiB", kb / 1024}'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for() { # wait_for <seconds> <pid> <description> <command...>: poll until the command succeeds
  local secs="$1" pid="$2" what="$3"
  shift 3
  for _ in $(seq 1 $((secs * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  say "timed out after $secs s waiting for $what"
  return 1
}
op_events() { if [ -f "$work/op-state/events.jsonl" ]; then wc -l <"$work/op-state/events.jsonl"; else echo 0; fi; }
op_events_since() { # op_events_since <line count>: the events logged after that many lines
  if [ -f "$work/op-state/events.jsonl" ]; then tail -n +"$(($1 + 1))" "$work/op-state/events.jsonl"; fi
}

# --- Start the provider and the app --------------------------------------------------------------
app_port="$(free_port)"
app_url="http://127.0.0.1:$app_port"

say "starting the provider (e2e/op)"
(
  cd "$op_src"
  OP_PORT=0 OP_REDIRECT_URI="$app_url/callback" OP_POST_LOGOUT_REDIRECT_URI="$app_url/" \
    OP_STATE_DIR="$work/op-state" OP_ACCESS_TOKEN_TTL="$token_ttl" OP_ID_TOKEN_TTL="$token_ttl" \
    exec node server.js >"$work/op.out" 2>"$work/op.log"
) &
op_pid=$!
wait_for 30 "$op_pid" "the provider's OP_READY line" grep -q '^OP_READY ' "$work/op.out" ||
  fail "the provider did not start; its log: $(tail -n 20 "$work/op.log")"
op_url="$(sed -n 's/^OP_READY //p' "$work/op.out" | head -n1)"

case "$STORE" in
  sqlite) session_store="sqlite://$work/sessions.db" ;;
  memory) session_store="memory" ;;
esac
say "starting the app on $app_url (SESSION_STORE=$session_store)"
(
  # Run from the work directory so no developer .env is picked up; set every setting explicitly.
  cd "$work"
  exec env -u LOGTO_SCOPES -u LOGTO_RESOURCES -u LOGTO_CLOCK_LEEWAY_SECS -u LOGTO_HTTP_TIMEOUT_SECS \
    LOGTO_ENDPOINT="$op_url" LOGTO_APP_ID=e2e-app LOGTO_APP_SECRET=e2e-secret \
    APP_BASE_URL="$app_url" APP_BIND_ADDR="127.0.0.1:$app_port" SESSION_STORE="$session_store" \
    RUST_LOG="$APP_RUST_LOG" LOG_FORMAT=pretty \
    "$APP_BIN" >"$work/app.log" 2>&1
) &
app_pid=$!
wait_for 60 "$app_pid" "$app_url/readyz" curl -fsS -o /dev/null "$app_url/readyz" ||
  fail "the app did not become ready; its log: $(tail -n 20 "$work/app.log")"

rss_start="$(proc_field_kb "$app_pid" VmRSS)"

# --- Sign the users in ---------------------------------------------------------------------------
say "signing in $USERS users through the provider ($PARALLEL at a time)"
signin_out="$(timeout "$SIGNIN_TIMEOUT" python3 "$soak_dir/signin.py" --app "$app_url" --op "$op_url" \
  --users "$USERS" --parallel "$PARALLEL" --out "$work/cookies.txt")" ||
  fail "signing users in failed (see above; app log in $work/app.log)"
say "$signin_out"
[ "$(grep -c . "$work/cookies.txt")" -eq "$USERS" ] || fail "expected $USERS cookies in $work/cookies.txt"

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

wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s --latency \
  -s "$soak_dir/load.lua" "$app_url/" -- "$work/cookies.txt" "$REQUESTS" "$THREADS" "$work/markers" \
  >"$work/wrk.out" 2>"$work/wrk.err" &
wrk_pid=$!
# wrk's main thread sleeps until -d; once every thread has reached its count (marker files), wake
# it with SIGINT so it reports at once. A hard stop backs up the -d cap.
started=$SECONDS
interrupted=0
while kill -0 "$wrk_pid" 2>/dev/null; do
  if [ "$interrupted" = 0 ] && [ "$(find "$work/markers" -name 'done.*' | wc -l)" -ge "$THREADS" ]; then
    kill -INT "$wrk_pid" 2>/dev/null || true
    interrupted=1
  fi
  if [ $((SECONDS - started)) -gt $((DURATION + 60)) ]; then
    say "wrk still running 60 s after the DURATION cap; stopping it"
    stop_pid "$wrk_pid" wrk
    break
  fi
  sleep 0.1
done
wrk_rc=0
wait "$wrk_pid" || wrk_rc=$?
wrk_pid=""
wall=$((SECONDS - started))

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
