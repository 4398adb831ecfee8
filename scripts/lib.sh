# Shell functions shared by scripts/soak.sh and scripts/bench.sh; sourced, never run.
#
#   LOG_TAG=bench; source "$repo/scripts/lib.sh"
#
# It defines functions only (no traps, no side effects). The caller owns its cleanup trap and
# stops what it started with stop_pid, by PID. Functions that start something set a variable the
# caller reads and later stops: start_provider sets op_pid and op_url, start_app sets app_pid.
# Messages go to stderr, prefixed with "$LOG_TAG: ".
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # globals: set here for the caller, or by the caller ($repo)

say() { echo "${LOG_TAG:-scripts}: $*" >&2; }
fail() {
  say "FAILED: $*"
  exit 1
}

require_positive() { # require_positive VAR...: each must hold a positive whole number
  local v
  for v in "$@"; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || fail "$v must be a positive whole number (got '${!v}')"
  done
}

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

# --- Prerequisites -------------------------------------------------------------------------------
_apt_updated=0
apt_install() { # apt_install <package...>: only as root, only when apt-get exists
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$_apt_updated" = 0 ]; then
    apt-get update -qq >&2 || return 1
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

need_command() { # need_command <command> <Debian package>: installs it when missing (as root)
  command -v "$1" >/dev/null 2>&1 && return 0
  say "installing $1 (Debian package $2)"
  apt_install "$2" || fail "$1 is missing: install it (apt-get install $2, as root)"
}

# wrk, curl, python3 with requests, Node.js 20+ and the provider's npm packages (e2e/op).
need_load_tools() {
  need_command wrk wrk
  need_command curl curl
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
  local op_src="$repo/e2e/op"
  if [ ! -f "$op_src/node_modules/.package-lock.json" ] || [ ! -d "$op_src/node_modules/oidc-provider" ] ||
    [ "$op_src/package-lock.json" -nt "$op_src/node_modules/.package-lock.json" ]; then
    say "installing the provider's packages (npm ci in e2e/op)"
    (cd "$op_src" && npm ci --no-audit --no-fund >&2) || fail "npm ci in e2e/op failed"
  fi
}

# --- Measuring -----------------------------------------------------------------------------------
proc_field_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }  # VmRSS, VmHWM
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; } # utime + stime
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

# --- The provider, the app, sign-ins -------------------------------------------------------------

# start_provider <work dir> <app url> <token ttl secs>: the test provider (e2e/op) on a free port
# of 127.0.0.1, with the app's redirect URIs registered. Sets op_pid and op_url. Its state
# (events.jsonl, one-time codes) goes to <work>/op-state, its log to <work>/op.log.
start_provider() {
  local work="$1" app_url="$2" ttl="$3"
  mkdir -p "$work/op-state"
  say "starting the provider (e2e/op)"
  (
    cd "$repo/e2e/op" || exit 1
    OP_PORT=0 OP_REDIRECT_URI="$app_url/callback" OP_POST_LOGOUT_REDIRECT_URI="$app_url/" \
      OP_STATE_DIR="$work/op-state" OP_ACCESS_TOKEN_TTL="$ttl" OP_ID_TOKEN_TTL="$ttl" \
      exec node server.js >"$work/op.out" 2>"$work/op.log"
  ) &
  op_pid=$!
  wait_for 30 "$op_pid" "the provider's OP_READY line" grep -q '^OP_READY ' "$work/op.out" ||
    fail "the provider did not start; its log: $(tail -n 20 "$work/op.log")"
  op_url="$(sed -n 's/^OP_READY //p' "$work/op.out" | head -n1)"
}

# start_app <bin> <work dir> <app url> <port> <SESSION_STORE> <RUST_LOG> <log file>: the app on
# 127.0.0.1:<port> in front of the provider at $op_url, run from <work dir> so no developer .env
# is read, every setting explicit. Sets app_pid. Returns 1 (app_pid stopped and cleared) when it
# does not become ready within 60 s; the log says why.
start_app() {
  local bin="$1" work="$2" app_url="$3" port="$4" store="$5" rust_log="$6" log="$7"
  say "starting the app on $app_url (SESSION_STORE=$store, RUST_LOG=$rust_log)"
  (
    cd "$work" || exit 1
    exec env -u LOGTO_SCOPES -u LOGTO_RESOURCES -u LOGTO_CLOCK_LEEWAY_SECS -u LOGTO_HTTP_TIMEOUT_SECS \
      -u APP_COOKIE_SECRET -u NO_COLOR \
      LOGTO_ENDPOINT="$op_url" LOGTO_APP_ID=e2e-app LOGTO_APP_SECRET=e2e-secret \
      APP_BASE_URL="$app_url" APP_BIND_ADDR="127.0.0.1:$port" SESSION_STORE="$store" \
      APP_INSPECTOR="${APP_INSPECTOR:-false}" \
      RUST_LOG="$rust_log" LOG_FORMAT=pretty \
      "$bin" >"$log" 2>&1
  ) &
  app_pid=$!
  if ! wait_for 60 "$app_pid" "$app_url/readyz" curl -fsS -o /dev/null "$app_url/readyz"; then
    stop_pid "$app_pid" app
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
    return 1
  fi
}

# sign_in_users <app url> <users> <parallel> <cookies file> <timeout secs>: new users signed in
# through the provider's screens (scripts/soak/signin.py); one session cookie a line.
sign_in_users() {
  local app_url="$1" users="$2" parallel="$3" out="$4" secs="$5" summary
  say "signing in $users users through the provider ($parallel at a time)"
  summary="$(timeout "$secs" python3 "$repo/scripts/soak/signin.py" --app "$app_url" --op "$op_url" \
    --users "$users" --parallel "$parallel" --out "$out")" ||
    fail "signing users in failed (see above)"
  say "$summary"
  [ "$(grep -c . "$out")" -eq "$users" ] || fail "expected $users cookies in $out"
}

# wrk_page_views <threads> <connections> <cap secs> <url> <cookies file> <total> <markers dir>
#   <out> <err>: authenticated GET <url> with scripts/soak/load.lua, rotating through the cookies,
# until <total> responses have arrived or <cap> seconds have passed. wrk's main thread sleeps
# until -d; once every thread has reached its count (marker files), it is woken with SIGINT so it
# reports at once. A hard stop 60 s past the cap backs that up. wrk_pid is set while it runs (for
# the caller's cleanup); afterwards wrk_rc is its exit status and wrk_wall the seconds it took.
# The SOAK_* result lines are in <out>.
wrk_page_views() {
  local threads="$1" connections="$2" cap="$3" url="$4" cookies="$5" total="$6" markers="$7"
  local out="$8" err="$9" started interrupted=0
  mkdir -p "$markers"
  rm -f "$markers"/done.*
  wrk -t "$threads" -c "$connections" -d "${cap}s" --timeout 10s --latency \
    -s "$repo/scripts/soak/load.lua" "$url" -- "$cookies" "$total" "$threads" "$markers" \
    >"$out" 2>"$err" &
  wrk_pid=$!
  started=$SECONDS
  while kill -0 "$wrk_pid" 2>/dev/null; do
    if [ "$interrupted" = 0 ] && [ "$(find "$markers" -name 'done.*' | wc -l)" -ge "$threads" ]; then
      kill -INT "$wrk_pid" 2>/dev/null || true
      interrupted=1
    fi
    if [ $((SECONDS - started)) -gt $((cap + 60)) ]; then
      say "wrk still running 60 s after its $cap s cap; stopping it"
      stop_pid "$wrk_pid" wrk
      break
    fi
    sleep 0.1
  done
  wrk_rc=0
  wait "$wrk_pid" || wrk_rc=$?
  wrk_pid=""
  wrk_wall=$((SECONDS - started))
}
