#!/usr/bin/env bash
# Sessions at scale: signed-in page views, each for a session picked at random among K active
# ones, as K grows past what the cache of parsed sessions holds; and the app's memory at the end.
#
# What it does, from any working directory:
#   1. builds target/release/logto-app and the sign-in driver, examples/sign_in_users.rs (which
#      runs the fake Logto in its own process and signs users in through the app's real /sign-in
#      and /callback: about a thousand a second, where the e2e provider's screens do 27);
#   2. for each store in STORES: starts the app (SESSION_CACHE_MB=CACHE_MB, RUST_LOG=warn) in
#      front of the fake, then for each K in COUNTS: signs in users up to K, and runs wrk for
#      DURATION seconds (THREADS, CONNECTIONS) with a random one of the K session cookies per
#      request, every response checked (200, the signed-in page); the app's RSS after each;
#      then ROUNDS-1 more passes over COUNTS in turn (each after a 2 s warm-up run), so every K
#      is measured under the same conditions; the table gives the median of the passes;
#   3. then restarts the app on the same store with SESSION_CACHE_MB=0 and measures the same
#      views over all sessions: the rate for sessions that are not in the cache;
#   4. prints a table per store: rate, p99, the rate as a fraction of the first K's, RSS; and
#      whether the RSS after the largest K stayed within the app's RSS at start plus the budget;
#   5. stops everything it started, by PID, also on failure or Ctrl-C.
# Exit status: 0 when every response was the expected one; 1 otherwise.
#
# Settings (environment variables, defaults in brackets):
#   STORES [sqlite redis]        redis only when redis-server is installed
#   COUNTS [1000 20000 100000]   active sessions, increasing
#   CACHE_MB [128]               the app's SESSION_CACHE_MB (its default)
#   DURATION [10]  THREADS [2]  CONNECTIONS [32]  ROUNDS [3]
#   BUILD [1]                    0: use the existing binaries
# Example (about 12 minutes on 2 cores): scripts/sessions_at_scale.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_TAG=sessions
# shellcheck source=scripts/lib.sh
source "$repo/scripts/lib.sh"

default_stores="sqlite"
command -v redis-server >/dev/null 2>&1 && default_stores="sqlite redis"
STORES="${STORES:-$default_stores}"
COUNTS="${COUNTS:-1000 20000 100000}"
CACHE_MB="${CACHE_MB:-128}"
DURATION="${DURATION:-10}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
ROUNDS="${ROUNDS:-3}"
BUILD="${BUILD:-1}"
APP_BIN="$repo/target/release/logto-app"
DRIVER_BIN="$repo/target/release/examples/sign_in_users"
need_command wrk wrk
need_command curl curl

work="$(mktemp -d)"
app_pid="" driver_pid="" redis_pid="" ok=1
cleanup() {
  local rc=$?
  [ "$rc" = 0 ] || ok=0
  [ -n "$app_pid" ] && stop_pid "$app_pid" app
  [ -n "$driver_pid" ] && stop_pid "$driver_pid" sign_in_users
  [ -n "$redis_pid" ] && stop_pid "$redis_pid" redis-server
  if [ "$ok" = 1 ]; then rm -rf "$work"; else say "work directory kept: $work"; fi
}
trap cleanup EXIT
trap 'ok=0; exit 130' INT
trap 'ok=0; exit 143' TERM

if [ "$BUILD" = 1 ]; then
  say "building the app and the sign-in driver (release)"
  (cd "$repo" && cargo build --release --locked --bin logto-app --example sign_in_users)
fi

# run_app <dir> <store url> <cache MiB>: the app in front of the fake at $endpoint. Sets app_pid.
run_app() {
  local dir="$1" store="$2" cache="$3"
  (
    cd "$dir" || exit 1
    exec env -u LOGTO_SCOPES -u LOGTO_RESOURCES -u APP_COOKIE_SECRET \
      LOGTO_ENDPOINT="$endpoint" LOGTO_APP_ID=s4a35o7pz75pp69c51jou \
      LOGTO_APP_SECRET=test-secret-do-not-use APP_BASE_URL="$app_url" \
      APP_BIND_ADDR="127.0.0.1:$app_port" SESSION_STORE="$store" SESSION_CACHE_MB="$cache" \
      APP_METRICS_ADDR="127.0.0.1:$metrics_port" \
      APP_INSPECTOR=false RUST_LOG=warn LOG_FORMAT=pretty "$APP_BIN" >>"$dir/app.log" 2>&1
  ) &
  app_pid=$!
  wait_for 60 "$app_pid" "the app's /readyz" curl -fsS -o /dev/null "$app_url/readyz" ||
    { ok=0; fail "the app did not start: $(tail -n 5 "$dir/app.log")"; }
}

# views <cookies file> <out> [secs]: random signed-in page views for DURATION (or secs) seconds;
# sets rps, p99 and cpu_us (the app's CPU time per view: steadier than the rate when the machine
# is not quiet).
views() {
  local ticks_before responses
  ticks_before="$(cpu_ticks "$app_pid")"
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${3:-$DURATION}s" --timeout 10s --latency \
    -s "$repo/scripts/bench/fixed.lua" "$app_url/" -- "$1" 200 'id="sign-out-link"' random \
    >"$2" 2>&1
  local bad
  bad="$(sed -n 's/^BENCH_bad //p' "$2")"
  rps="$(sed -n 's/^BENCH_rps //p' "$2")"
  p99="$(sed -n 's/^BENCH_p99_us //p' "$2")"
  responses="$(sed -n 's/^BENCH_responses //p' "$2")"
  cpu_us="$(awk -v t="$(( $(cpu_ticks "$app_pid") - ticks_before ))" -v hz="$(getconf CLK_TCK)" \
    -v n="$responses" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')"
  if [ "${bad:-1}" != 0 ] || [ "$(sed -n 's/^BENCH_socket_errors //p' "$2")" != 0 ]; then
    ok=0
    say "unexpected responses: $(grep BENCH_ "$2" | tr '\n' ' ')"
  fi
}

# median <column> <file>: the median of a column of numbers (the lower one of an even count).
median() { cut -d' ' -f"$1" "$2" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

summary="$work/summary.txt"
: >"$summary"
for store in $STORES; do
  dir="$work/$store"
  mkdir -p "$dir/control"
  case "$store" in
    sqlite) store_url="sqlite://$dir/sessions.db" ;;
    redis)
      redis_port="$(free_port)"
      redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
        >"$dir/redis.log" 2>&1 &
      redis_pid=$!
      wait_for 10 "$redis_pid" "redis-server" redis-cli -h 127.0.0.1 -p "$redis_port" PING ||
        fail "redis-server did not start"
      store_url="redis://127.0.0.1:$redis_port"
      ;;
    *) fail "unknown store $store (sqlite or redis)" ;;
  esac
  app_port="$(free_port)"
  metrics_port="$(free_port)"
  app_url="http://127.0.0.1:$app_port"
  "$DRIVER_BIN" "$app_url" "$dir/endpoint" "$dir/control" >"$dir/driver.log" 2>&1 &
  driver_pid=$!
  wait_for 30 "$driver_pid" "the fake Logto" test -s "$dir/endpoint" || fail "no fake Logto"
  endpoint="$(cat "$dir/endpoint")"
  run_app "$dir" "$store_url" "$CACHE_MB"
  rss_start="$(proc_field_kb "$app_pid" VmRSS)"
  say "$store: the app started with $(mib "$rss_start") resident"
  first_rps="" last_rss="" last_k=""
  for k in $COUNTS; do
    touch "$dir/control/want.$k"
    wait_for 3600 "$driver_pid" "$k signed-in users" test -e "$dir/control/have.$k" ||
      { ok=0; fail "signing users in failed: $(tail -n 5 "$dir/driver.log")"; }
    head -n "$k" "$dir/control/cookies" >"$dir/cookies.$k"
    views "$dir/cookies.$k" "$dir/wrk.$k"
    echo "$rps $cpu_us $p99" >>"$dir/rounds.$k"
    [ -n "$first_rps" ] || first_rps="$rps"
    last_rss="$(proc_field_kb "$app_pid" VmRSS)"
    last_k="$k"
    scrape="$(curl -fsS "http://127.0.0.1:$metrics_port/metrics")"
    cached="$(awk '$1 == "logto_sessions_cached" {print $2}' <<<"$scrape")"
    cached_kib="$(awk '$1 == "logto_sessions_cached_bytes" {printf "%.0f", $2 / 1024}' <<<"$scrape")"
    printf '%-7s %8s sessions  %9s req/s  p99 %6.2f ms  %5s of the first  %6s µs CPU/view  RSS %s  cached %s (%s KiB)  (signed in at %s/s)\n' \
      "$store" "$k" "$rps" "$(awk -v u="$p99" 'BEGIN {print u / 1000}')" \
      "$(awk -v a="$rps" -v b="$first_rps" 'BEGIN {printf "%.2f", a / b}')" "$cpu_us" "$(mib "$last_rss")" \
      "$cached" "$cached_kib" "$(cat "$dir/control/have.$k")" | tee -a "$summary"
  done
  # The other passes, K after K, each warmed up first (the cache holds what the last K left).
  for _ in $(seq 2 "$ROUNDS"); do
    for k in $COUNTS; do
      views "$dir/cookies.$k" "$dir/wrk.warm" 2
      views "$dir/cookies.$k" "$dir/wrk.$k"
      echo "$rps $cpu_us $p99" >>"$dir/rounds.$k"
    done
  done
  base_rps="" base_cpu=""
  for k in $COUNTS; do
    med_rps="$(median 1 "$dir/rounds.$k")"
    med_cpu="$(median 2 "$dir/rounds.$k")"
    med_p99="$(median 3 "$dir/rounds.$k")"
    [ -n "$base_rps" ] || { base_rps="$med_rps"; base_cpu="$med_cpu"; }
    printf '%-7s %8s sessions  median of %s: %9s req/s (%s of %s sessions)  %6s µs CPU/view (%s)  p99 %.2f ms\n' \
      "$store" "$k" "$ROUNDS" "$med_rps" "$(awk -v a="$med_rps" -v b="$base_rps" 'BEGIN {printf "%.2f", a / b}')" \
      "${COUNTS%% *}" "$med_cpu" "$(awk -v a="$med_cpu" -v b="$base_cpu" 'BEGIN {printf "%.2fx", a / b}')" \
      "$(awk -v u="$med_p99" 'BEGIN {print u / 1000}')" | tee -a "$summary"
  done
  budget_kb=$((CACHE_MB * 1024))
  if [ "$last_rss" -le $((rss_start + budget_kb)) ]; then verdict="within"; else verdict="OVER"; ok=0; fi
  printf '%-7s memory at %s sessions: %s, %s the %s at start plus the %s MiB budget (%s)\n' \
    "$store" "$last_k" "$(mib "$last_rss")" "$verdict" "$(mib "$rss_start")" "$CACHE_MB" \
    "$(mib $((rss_start + budget_kb)))" | tee -a "$summary"

  # The same views with no cache at all: every one reads and unseals its session from the store.
  stop_pid "$app_pid" app
  wait "$app_pid" 2>/dev/null || true
  run_app "$dir" "$store_url" 0
  views "$dir/cookies.$last_k" "$dir/wrk.uncached"
  printf '%-7s %8s sessions  %9s req/s  p99 %6.2f ms  %5s of the first  %6s µs CPU/view  (SESSION_CACHE_MB=0: none cached)\n' \
    "$store" "$last_k" "$rps" "$(awk -v u="$p99" 'BEGIN {print u / 1000}')" \
    "$(awk -v a="$rps" -v b="$first_rps" 'BEGIN {printf "%.2f", a / b}')" "$cpu_us" | tee -a "$summary"
  stop_pid "$app_pid" app
  app_pid=""
  touch "$dir/control/stop"
  stop_pid "$driver_pid" sign_in_users
  driver_pid=""
  if [ -n "$redis_pid" ]; then stop_pid "$redis_pid" redis-server; redis_pid=""; fi
done

echo
echo "sessions at scale: $(nproc) cores, load $(loadavg), git $(git -C "$repo" rev-parse --short HEAD)"
cat "$summary"
[ "$ok" = 1 ]
