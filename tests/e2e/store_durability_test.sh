#!/usr/bin/env bash
# End-to-end: security events reach the store and survive the ways voipguard can stop (docs/storage.md).
#  * Failed REGISTERs (wrong password, SIPp) become auth.failure events in security_events.
#  * SIGTERM writes everything: with a 60 s flush interval nothing is written before the stop, and
#    every event is in the file after it.
#  * kill -9: what was flushed before the kill is all still there, the file passes SQLite's
#    integrity check, and events that arrived since the last flush are the only ones that may be
#    missing (at most one flush interval).
#  * A restart on the same file resumes: new events are added to the old ones.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
DB="$TMP/var/voipguard.db"
server=$(sip_hostport $VG_ADDR "$VG_PORT")

# fail_registers N IP: N REGISTERs of 1001 with a wrong password from IP (each: 401, then 403).
fail_registers() {
  local n=$1 ip=$2 i port ok=0
  port=$(pick_port "$ip")
  for ((i = 0; i < n; i++)); do
    sipp_run "denied_${ip}_$i" -sf "$SCENARIOS/register_denied.xml" -i "$ip" -p "$port" \
      -key user 1001 -key domain "$DOMAIN" -key contact_host "$ip:$port" \
      -au 1001 -ap "Wrong-Password-$i!" "$server" && ok=$((ok + 1))
  done
  [ "$ok" = "$n" ]
}

# auth_failures: rows of kind auth.failure in the file (readable while voipguard runs: WAL mode).
auth_failures() {
  "$PYTHON" - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=10)
print(db.execute("SELECT COUNT(*) FROM security_events WHERE kind = 'auth.failure'").fetchone()[0])
PY
}

# sql QUERY: the first column of the first row, read with Python's sqlite3 (no CLI needed).
sql() {
  "$PYTHON" - "$DB" "$1" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1], timeout=10).execute(sys.argv[2]).fetchone()[0])
PY
}

# wait_failures N [DEADLINE]: until the file holds N auth.failure rows.
wait_failures() {
  local deadline=$((SECONDS + ${2:-15}))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(auth_failures 2>/dev/null)" = "$1" ] && return 0
    sleep 0.1
  done
  return 1
}

storage() {
  printf 'storage:\n  flush_interval: %s\n  retention: {security_events: 30}\n' "$1"
}

# --- 1. SIGTERM flushes everything ---------------------------------------------------------------
write_config "$TMP/slow.yaml" "$(storage 60s)"
vg_start "$TMP/slow.yaml" "$TMP/var" sigterm || e2e_finish
fail_registers 3 127.0.0.2
check "3 REGISTERs with a wrong password are refused with 403" $?
[ "$(auth_failures)" = 0 ]
check "nothing is written before the 60 s flush interval" $?
vg_stop
n=$(auth_failures)
[ "$n" = 3 ]
check "after SIGTERM the 3 auth.failure events are in the file (got $n)" $?
"$PYTHON" - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT source_ip, account, filter, action, severity, evidence FROM security_events "
                  "WHERE kind = 'auth.failure'").fetchall()
assert all(r[0] == "127.0.0.2" and r[1] == "1001" and r[3] == "reply:403" and r[4] == "warning" for r in rows), rows
assert not any("Wrong-Password" in "".join(map(str, r)) for r in rows), "a password reached the store"
PY
check "each event names the source, the account and the 403, and never the password" $?

# --- 2. kill -9 loses nothing that was flushed --------------------------------------------------
write_config "$TMP/fast.yaml" "$(storage 200ms)"
vg_start "$TMP/fast.yaml" "$TMP/var" kill9 || e2e_finish
fail_registers 4 127.0.0.3
check "4 more refused REGISTERs after the restart" $?
wait_failures 7
check "the flush timer (200 ms) writes them without a stop: 7 in the file" $?
kill -KILL "$VG_PID"
wait "$VG_PID" 2>/dev/null
VG_PID=
n=$(auth_failures)
[ "$n" = 7 ]
check "after kill -9 every flushed event is still there (got $n)" $?
[ "$(sql 'PRAGMA integrity_check')" = ok ]
check "the file passes SQLite's integrity check after kill -9" $?

# Events newer than the last flush are the only ones a crash may lose.
vg_start "$TMP/slow.yaml" "$TMP/var" kill9-unflushed || e2e_finish
fail_registers 2 127.0.0.6
kill -KILL "$VG_PID"
wait "$VG_PID" 2>/dev/null
VG_PID=
after_crash=$(auth_failures)
[ "$after_crash" -ge 7 ] && [ "$after_crash" -le 9 ]
check "a crash within the flush interval keeps the 7 flushed events, loses at most the 2 newer ($after_crash)" $?

# --- 3. restart resumes -------------------------------------------------------------------------
vg_start "$TMP/fast.yaml" "$TMP/var" resume || e2e_finish
fail_registers 1 127.0.0.7
check "a refused REGISTER after the crash" $?
wait_failures $((after_crash + 1))
check "the restarted gateway appends to the same table ($((after_crash + 1)) events)" $?
vg_stop
[ "$(auth_failures)" = $((after_crash + 1)) ]
check "SIGTERM after the restart keeps all $((after_crash + 1)) events" $?
[ "$(sql 'SELECT MAX(version) = COUNT(*) FROM schema_version')" = 1 ]
check "the schema was migrated once, versions 1..N" $?

e2e_finish
