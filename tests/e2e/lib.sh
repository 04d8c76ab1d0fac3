# Shared helpers for the gateway end-to-end tests (sourced by tests/e2e/gateway_*_test.sh).
#
# A test script does:
#   source "$(dirname "$0")/lib.sh"
#   e2e_init "$@"            # $1 = voipguard binary, $2 = tests/data directory
#   ... vg_start / sipp_run / check ...
#   e2e_finish               # prints "N passed, M failed" and exits 0 only if nothing failed
#
# Everything runs on loopback: voipguard on 127.0.0.1 (or ::1), and each SIP party on its own
# loopback address (127.0.0.2 caller, 127.0.0.4 callee, 127.0.0.5 PBX, ...), on ports picked free
# by binding port 0. Every process a test starts is recorded by PID and killed by PID on exit;
# every peer is bounded by `timeout`; every wait has a deadline. On failure the logs are printed.

set -u

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCENARIOS="$E2E_DIR/scenarios"

# Test accounts of the standard registrar tenant (passwords satisfy the config's password policy).
DOMAIN=e2e.voipguard.test
PW_1001='Alpha-Bravo-71!'
PW_1002='Charlie-Delta-82!'
PW_1003='Echo-Foxtrot-93!'

# Deadlines (seconds); an ASan build is several times slower, so they are generous.
VG_READY_DEADLINE=${VG_READY_DEADLINE:-20}
VG_STOP_DEADLINE=${VG_STOP_DEADLINE:-15}
SIPP_DEADLINE=${SIPP_DEADLINE:-40}       # hard bound on one sipp process (timeout(1))
SIPP_RUN_TIMEOUT=${SIPP_RUN_TIMEOUT:-30s} # sipp's own -timeout (fails the run with -timeout_error)
SIPP_RECV_TIMEOUT=${SIPP_RECV_TIMEOUT:-10000}

# Debian's interpreter when present (a version-manager shim on PATH can cost seconds per start).
if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi

passes=0
fails=0
E2E_PIDS=()   # every background process this script started
VG_PID=
VG_LOG=
VG_VAR=       # var directory of the last vg_start
VG_LOGS=()    # every voipguard log of this run (dumped on failure, scanned for sanitizer reports)

e2e_init() {
  if [ $# -lt 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 VOIPGUARD-BINARY [TESTS-DATA-DIR]" >&2
    exit 2
  fi
  VG_BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  VG_DATA=${2:-$E2E_DIR/../data}
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/vg-e2e.XXXXXX")
  trap e2e_cleanup EXIT
  trap 'echo "interrupted"; exit 130' INT TERM
  local tool
  for tool in sipp "$PYTHON" timeout; do
    if ! command -v "$tool" >/dev/null; then
      # A missing peer is a failure, not a skip (CI installs it).
      echo "FAIL: required tool '$tool' is not installed"
      fails=$((fails + 1))
      e2e_finish
    fi
  done
}

# check NAME RC: records a pass (RC = 0) or a failure. Write `cmd; check "name" $?` with no command
# substitution in NAME: bash expands words left to right, and a $(...) before $? resets it.
check() {
  if [ "$2" = 0 ]; then
    passes=$((passes + 1))
    echo "ok: $1"
  else
    echo "FAIL: $1"
    fails=$((fails + 1))
  fi
}

e2e_finish() {
  # Logs first, so that the summary stays the last line of the output.
  if [ "$fails" != 0 ]; then
    e2e_dump_logs
    E2E_DUMPED=1
  fi
  echo "$passes passed, $fails failed"
  [ "$fails" = 0 ] && exit 0
  exit 1
}

e2e_dump_logs() {
  local f
  for f in "${VG_LOGS[@]}"; do
    [ -f "$f" ] || continue
    echo "----- voipguard log $(basename "$f") (last 150 lines) -----"
    tail -n 150 "$f"
  done
  for f in "$TMP"/*.err "$TMP"/*.out; do
    [ -s "$f" ] || continue
    case "$f" in *.out) grep -q -e "Failed call" -e "Aborting" -e "rror" "$f" || continue ;; esac
    echo "----- $(basename "$f") (last 60 lines) -----"
    tail -n 60 "$f"
  done
  for f in "$TMP"/*.msg; do
    [ -s "$f" ] || continue
    echo "----- $(basename "$f") (last 80 lines) -----"
    tail -n 80 "$f"
  done
}

e2e_cleanup() {
  local rc=$?
  local pid
  # Kill only what this script started, by PID; TERM first, then KILL.
  for pid in "${E2E_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
  done
  local deadline=$((SECONDS + 5))
  for pid in "${E2E_PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  done
  wait 2>/dev/null
  if [ -z "${E2E_DUMPED:-}" ] && { [ "$fails" != 0 ] || [ $rc != 0 ]; }; then
    e2e_dump_logs
  fi
  if [ -n "${VG_E2E_KEEP:-}" ]; then
    echo "kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
}

# pick_port [ADDRESS]: a port free for both UDP and TCP on ADDRESS (bind port 0, read it back).
pick_port() {
  "$PYTHON" - "${1:-127.0.0.1}" <<'EOF'
import socket, sys
addr = sys.argv[1]
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
for _ in range(100):
    u = socket.socket(fam, socket.SOCK_DGRAM)
    u.bind((addr, 0))
    port = u.getsockname()[1]
    t = socket.socket(fam, socket.SOCK_STREAM)
    try:
        t.bind((addr, port))
    except OSError:
        continue
    finally:
        t.close()
        u.close()
    print(port)
    sys.exit(0)
sys.exit("no free port")
EOF
}

# wait_bound ADDRESS PORT udp|tcp [DEADLINE]: waits until something has bound ADDRESS:PORT.
wait_bound() {
  "$PYTHON" - "$1" "$2" "$3" "${4:-10}" <<'EOF'
import socket, sys, time
addr, port, proto, deadline = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
kind = socket.SOCK_DGRAM if proto == "udp" else socket.SOCK_STREAM
end = time.monotonic() + deadline
while time.monotonic() < end:
    s = socket.socket(fam, kind)
    try:
        s.bind((addr, port))
    except OSError:
        sys.exit(0)  # taken: the peer is listening
    finally:
        s.close()
    time.sleep(0.05)
sys.exit(1)
EOF
}

# --- configuration --------------------------------------------------------------------------------

# yaml_common: node, log, auth, registrar sections shared by the tests. Keepalive pings are off:
# an OPTIONS arriving in the middle of a SIPp scenario would be an unexpected message.
yaml_common() {
  cat <<EOF
node:
  workers: 2
log:
  level: debug
auth:
  algorithms: [MD5, SHA-256]
registrar:
  min_expires: 60
  nat_keepalive: none
  keepalive_interval: 0
EOF
}

# yaml_listeners ADDRESS PORT: a UDP and a TCP listener on ADDRESS:PORT.
yaml_listeners() {
  cat <<EOF
listeners:
  - { name: udp, transport: udp, address: "$1", port: $2 }
  - { name: tcp, transport: tcp, address: "$1", port: $2 }
EOF
}

# yaml_registrar_tenant: the registrar-mode tenant $DOMAIN with accounts 1001, 1002, 1003.
yaml_registrar_tenant() {
  cat <<EOF
tenants:
  - domain: $DOMAIN
    mode: registrar
    accounts:
      - { username: "1001", password: "$PW_1001" }
      - { username: "1002", password: "$PW_1002" }
      - { username: "1003", password: "$PW_1003" }
EOF
}

# write_config FILE [EXTRA-YAML]: the standard registrar config on $VG_ADDR:$VG_PORT, plus any
# extra top-level sections (and loopback as trusted sources when they have no `filters:`).
write_config() {
  {
    yaml_common
    yaml_listeners "$VG_ADDR" "$VG_PORT"
    yaml_registrar_tenant
    if [ $# -ge 2 ]; then printf '%s\n' "$2"; fi
    # Loopback peers are the tests' own load generators: trusted (not rate-limited, banned or
    # scanner-checked) unless the test configures the security filters itself.
    case "${2:-}" in
      *filters:*) ;;
      *) printf 'filters:\n  trusted: [127.0.0.0/8, "::1"]\n' ;;
    esac
  } >"$1"
}

# --- the daemon -----------------------------------------------------------------------------------

# vg_start_registrar: the standard registrar config (write_config) on 127.0.0.1 and a free port,
# started; sets VG_ADDR and VG_PORT, and ends the test if voipguard does not get ready.
vg_start_registrar() {
  VG_ADDR=127.0.0.1
  VG_PORT=$(pick_port $VG_ADDR)
  write_config "$TMP/voipguard.yaml"
  vg_start "$TMP/voipguard.yaml" "$TMP/var" || e2e_finish
}

# callee_1002_listening NAME SCENARIO [SIPP-ARGS...]: account 1002 registers from 127.0.0.4 on a
# free port (CALLEE_PORT) and a SIPp UAS runs SCENARIO there in the background (UAS_PID).
callee_1002_listening() {
  local name=$1 scenario=$2
  shift 2
  CALLEE_PORT=$(pick_port 127.0.0.4)
  sipp_register register_1002 127.0.0.4 "$CALLEE_PORT" 1002 "$PW_1002" "127.0.0.4:$CALLEE_PORT" "$@"
  check "1002 registers from 127.0.0.4:$CALLEE_PORT (sipp exit $?)" $?
  sipp_uas_bg "$name" "$scenario" 127.0.0.4 "$CALLEE_PORT" "127.0.0.4:$CALLEE_PORT" "$@"
  check "$name SIPp listening" $?
  UAS_PID=$SIPP_PID
}

# vg_start CONFIG VAR-DIR [LOG-NAME]: starts voipguard and waits (with a deadline) for "ready".
# Sets VG_PID and VG_LOG. Returns non-zero (and records a failure) if it does not get ready.
vg_start() {
  local cfg=$1 var=$2 name=${3:-voipguard}
  VG_LOG="$TMP/$name.log"
  local n=1
  while [ -e "$VG_LOG" ]; do n=$((n + 1)); VG_LOG="$TMP/$name.$n.log"; done
  VG_LOGS+=("$VG_LOG")
  VG_VAR=$var
  # VG_RUN_ARGS: extra arguments for `voipguard run` (e.g. the hidden --test-wall-clock).
  "$VG_BIN" run --config "$cfg" --var-dir "$var" ${VG_RUN_ARGS[@]+"${VG_RUN_ARGS[@]}"} 2>"$VG_LOG" >/dev/null </dev/null &
  VG_PID=$!
  E2E_PIDS+=("$VG_PID")
  local deadline=$((SECONDS + VG_READY_DEADLINE))
  # With log.file configured, "ready" is written there: set VG_READY_LOG to that file.
  local ready_log=${VG_READY_LOG:-$VG_LOG}
  while [ $SECONDS -lt $deadline ]; do
    if grep -q '[" ]ready' "$ready_log" 2>/dev/null; then
      check "voipguard ($(basename "$VG_LOG")) starts and prints ready" 0
      return 0
    fi
    if ! kill -0 "$VG_PID" 2>/dev/null; then
      wait "$VG_PID"
      local rc=$?
      check "voipguard ($(basename "$VG_LOG")) starts (exited early with status $rc)" 1
      return 1
    fi
    sleep 0.05
  done
  check "voipguard ($(basename "$VG_LOG")) prints ready within ${VG_READY_DEADLINE}s" 1
  return 1
}

# vg_sanitizer_check LOG: a sanitizer report in the daemon's log is a failure.
vg_sanitizer_check() {
  local name
  name=$(basename "$1")  # before the grep: a command substitution would reset $?
  ! grep -q -e "ERROR: AddressSanitizer" -e "ERROR: LeakSanitizer" -e "runtime error:" \
    -e "WARNING: ThreadSanitizer" "$1"
  check "no sanitizer report in $name" $?
}

# vg_stop: SIGTERM, then the daemon must exit with status 0 within the deadline.
vg_stop() {
  [ -n "$VG_PID" ] || return 0
  local pid=$VG_PID
  VG_PID=
  kill -TERM "$pid" 2>/dev/null
  local deadline=$((SECONDS + VG_STOP_DEADLINE))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
    # A zombie has exited already; `wait` below reaps it.
    [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ] && break
    sleep 0.05
  done
  if kill -0 "$pid" 2>/dev/null && [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != Z ]; then
    check "voipguard stops within ${VG_STOP_DEADLINE}s of SIGTERM" 1
    # Where it hangs: every thread's stack (gdb is on Debian's base tool set; skipped without it).
    if command -v gdb >/dev/null; then
      echo "----- threads of the hung voipguard (pid $pid) -----"
      timeout 60 gdb -p "$pid" -batch -ex "thread apply all bt" 2>&1 | grep -E '^(Thread|#)' | head -300
    fi
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  else
    wait "$pid"
    local rc=$?
    check "voipguard ($(basename "$VG_LOG")) exits 0 on SIGTERM (got $rc)" $([ $rc = 0 ]; echo $?)
  fi
  vg_sanitizer_check "$VG_LOG"
  vg_secret_check "$VG_LOG"
}

# vg_secret_check FILE...: no password of the standard accounts, no HA1, no generated password, no
# nonce secret of the daemon's var directory and no digest header in FILEs (every test runs with
# debug logging, so this scans the whole e2e suite's logs). The one-time announcement of generated
# passwords on stderr is allowed. Extra passwords to look for: VG_SECRET_ARGS (secret_scan.py args).
vg_secret_check() {
  local name
  name=$(basename "$1")
  # shellcheck disable=SC2086
  "$PYTHON" "$E2E_DIR/secret_scan.py" --allow-announcement --password 1001 "$DOMAIN" "$PW_1001" \
    --password 1002 "$DOMAIN" "$PW_1002" --password 1003 "$DOMAIN" "$PW_1003" ${VG_SECRET_ARGS:-} \
    ${VG_VAR:+--var-dir "$VG_VAR"} "$@" >"$TMP/secret_scan.out" 2>&1
  local rc=$?
  [ $rc = 0 ] || cat "$TMP/secret_scan.out"
  check "no secret in $name" $rc
}

# vg_alive: the daemon is still running.
vg_alive() { [ -n "$VG_PID" ] && kill -0 "$VG_PID" 2>/dev/null; }

# wait_log PATTERN [DEADLINE]: waits until the daemon's log matches PATTERN (grep -E).
wait_log() {
  local deadline=$((SECONDS + ${2:-10}))
  while [ $SECONDS -lt $deadline ]; do
    grep -qE -- "$1" "$VG_LOG" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

# event_count WHERE [DATABASE]: how many security events in the store match the SQL condition WHERE
# (default database: the SQLite file of the last vg_start's var directory).
event_count() { sqlite3 "${2:-$VG_VAR/voipguard.db}" "SELECT COUNT(*) FROM security_events WHERE $1"; }

# --- SIPp -----------------------------------------------------------------------------------------

# Options every SIPp run gets: bounded, no stdin, errors and messages traced to per-run files.
sipp_common_args() {
  local name=$1
  printf '%s\n' -nostdin -bind_local -m 1 \
    -timeout "$SIPP_RUN_TIMEOUT" -timeout_error -recv_timeout "$SIPP_RECV_TIMEOUT" \
    -trace_err -error_file "$TMP/$name.err" -trace_msg -message_file "$TMP/$name.msg"
}

# sipp_run NAME SIPP-ARGS...: runs one SIPp in the foreground, bounded by timeout; returns its status.
# Files: $TMP/NAME.msg (messages), NAME.err (unexpected messages), NAME.out (screen).
sipp_run() {
  local name=$1
  shift
  local -a common
  mapfile -t common < <(sipp_common_args "$name")
  (cd "$TMP" && exec timeout -k 3 "$SIPP_DEADLINE" sipp "${common[@]}" "$@" >"$TMP/$name.out" 2>&1 </dev/null)
}

# sipp_bg NAME SIPP-ARGS...: like sipp_run, in the background; sets SIPP_PID.
sipp_bg() {
  local name=$1
  shift
  local -a common
  mapfile -t common < <(sipp_common_args "$name")
  (cd "$TMP" && exec timeout -k 3 "$SIPP_DEADLINE" sipp "${common[@]}" "$@" >"$TMP/$name.out" 2>&1 </dev/null) &
  SIPP_PID=$!
  E2E_PIDS+=("$SIPP_PID")
}

# sipp_wait PID: waits for a background SIPp; returns its exit status.
sipp_wait() { wait "$1"; }

# sipp_register NAME IP PORT USER PASSWORD CONTACT-HOST [TRANSPORT-ARGS...]: REGISTER from
# IP:PORT to the daemon, expecting 401 then 200.
sipp_register() {
  local name=$1 ip=$2 port=$3 user=$4 pw=$5 contact=$6
  shift 6
  sipp_run "$name" -sf "$SCENARIOS/register.xml" -i "$ip" -p "$port" \
    -key user "$user" -key domain "$DOMAIN" -key contact_host "$contact" \
    -au "$user" -ap "$pw" "$@" "$(sip_hostport "$VG_ADDR" "$VG_PORT")"
}

# sip_hostport ADDRESS PORT: host:port, with brackets for IPv6.
sip_hostport() {
  case "$1" in
    *:*) echo "[$1]:$2" ;;
    *) echo "$1:$2" ;;
  esac
}

# msg_count FILE REGEX: how many lines of a SIPp message log match REGEX (grep -E).
msg_count() { grep -cE -- "$2" "$1" 2>/dev/null || true; }

# sipp_uas_bg NAME SCENARIO IP PORT CONTACT-HOST [SIPP-ARGS...]: a callee (account 1002, whose
# Contact advertises CONTACT-HOST) in the background, waiting until its socket is bound. Sets SIPP_PID.
sipp_uas_bg() {
  local name=$1 scenario=$2 ip=$3 port=$4 contact=$5
  shift 5
  local proto=udp a
  for a in "$@"; do [ "$a" = t1 ] && proto=tcp; done
  sipp_bg "$name" -sf "$SCENARIOS/$scenario" -i "$ip" -p "$port" -s 1002 -key contact_host "$contact" "$@"
  wait_bound "$ip" "$port" "$proto" 10
}

# sipp_call NAME SCENARIO IP PORT USER PASSWORD CALLEE [SIPP-ARGS...]: a caller in the foreground,
# authenticating as USER; returns SIPp's exit status.
sipp_call() {
  local name=$1 scenario=$2 ip=$3 port=$4 user=$5 pw=$6 callee=$7
  shift 7
  sipp_run "$name" -sf "$SCENARIOS/$scenario" -i "$ip" -p "$port" -s "$callee" \
    -key user "$user" -key domain "$DOMAIN" -au "$user" -ap "$pw" "$@" "$(sip_hostport "$VG_ADDR" "$VG_PORT")"
}

# sipp_received MSG-LOG START: the first message SIPp logged as received whose start line begins
# with START (a method, or "SIP/2.0 200"), one line per header, CRs removed.
sipp_received() {
  awk -v start="$2" '
    /^(UDP|TCP|TLS|SCTP) message received/ { inmsg = 1; first = 1; next }
    /^----------/ { if (printing) exit; inmsg = 0; next }
    inmsg && first && /^[[:space:]]*$/ { next }
    inmsg && first { first = 0; if (index($0, start) == 1) printing = 1; else inmsg = 0 }
    printing { sub(/\r$/, ""); print }
  ' "$1"
}

# wait_file_match FILE REGEX [DEADLINE]: waits until FILE has a line matching REGEX (grep -E).
wait_file_match() {
  local deadline=$((SECONDS + ${3:-10}))
  while [ $SECONDS -lt $deadline ]; do
    grep -qE -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}
