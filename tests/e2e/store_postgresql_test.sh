#!/usr/bin/env bash
# End-to-end: with `storage.backend: postgresql` everything store-backed lives in PostgreSQL (a
# private throwaway cluster, tests/support/pg_cluster.sh), and no SQLite file is created:
#  * `voipguard account add/list/show`, `voipguard admin add/list` and `voipguard audit credentials
#    --store` work against the server;
#  * the first start creates the first administrator there (printed once); the second does not;
#  * the running gateway picks up an account added by the CLI (account sync) and it registers;
#  * bindings are written to the registrations table and restored after a restart: a call to 1002
#    reaches it without a new REGISTER.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

PG_STATE="$TMP/pg"
if ! bash "$E2E_DIR/../support/pg_cluster.sh" start "$PG_STATE" >"$TMP/pg_start.out" 2>&1; then
  cat "$TMP/pg_start.out"
  check "the PostgreSQL test cluster starts" 1
  e2e_finish
fi
# The cluster is ours: stopped (by its own script) before the usual cleanup.
trap 'bash "$E2E_DIR/../support/pg_cluster.sh" stop "$PG_STATE" >/dev/null 2>&1; e2e_cleanup' EXIT
CONNINFO=$(cat "$PG_STATE/conninfo")
PG_PORT=$(sed 's/.*port=\([0-9]*\).*/\1/' <<<"$CONNINFO")
psql_q() { /usr/lib/postgresql/15/bin/psql -X -qtA -h 127.0.0.1 -p "$PG_PORT" -U voipguard -d voipguard -c "$1"; }

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
cfg="$TMP/voipguard.yaml"
var="$TMP/var"
write_config "$cfg" "$(printf 'storage:\n  backend: postgresql\n  flush_interval: 200ms\n  postgresql:\n    conninfo: "%s"\n' "$CONNINFO")"
acct() { "$VG_BIN" account "$@" --config "$cfg" --var-dir "$var"; }

printf 'Kettle-Orbit-Heron-58?\n' | acct add 2001 --password-stdin >"$TMP/add.out" 2>&1
check "account add 2001 against PostgreSQL" $?
acct list --json >"$TMP/list.json" 2>&1 && grep -q '"username": "2001"' "$TMP/list.json"
check "account list reads it back" $?
acct show 2001 >"$TMP/show.out" 2>&1 && grep -q "2001" "$TMP/show.out"
check "account show 2001" $?
[ "$(psql_q "SELECT count(*) FROM accounts WHERE username = '2001'")" = 1 ]
check "the account row is in PostgreSQL" $?
"$VG_BIN" admin list --config "$cfg" --var-dir "$var" >"$TMP/admins0.out" 2>&1 && [ ! -s "$TMP/admins0.out" ]
check "admin list: no administrator yet" $?
# A store account whose hash is that of a common password (planted in the table: the CLI refuses
# weak passwords): `audit credentials --store` reads PostgreSQL and finds it.
ha1s=$("$PYTHON" -c 'import hashlib,sys; t=f"2002:{sys.argv[1]}:trustno1".encode(); print(hashlib.md5(t).hexdigest(), hashlib.sha256(t).hexdigest())' "$DOMAIN")
psql_q "INSERT INTO accounts VALUES ('$DOMAIN', '2002', '${ha1s% *}', '${ha1s#* }', 1, '', 1, 1)" >/dev/null
"$VG_BIN" audit credentials --store --json --config "$cfg" --var-dir "$var" >"$TMP/audit.json"
[ $? -eq 1 ] && "$PYTHON" - "$TMP/audit.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
accts = [(f["account"], f["rule"]) for f in r["findings"]]
assert accts == [("2002@e2e.voipguard.test", "common_password")], accts
PY
check "audit credentials --store on PostgreSQL finds the account with a common password, only it" $?
psql_q "DELETE FROM accounts WHERE username = '2002'" >/dev/null

vg_start "$cfg" "$var" first || e2e_finish
grep -q '^First start: created administrator "admin"' "$VG_LOG"
check "first start creates the first administrator and prints it" $?
[ "$(psql_q "SELECT count(*) FROM admin_users WHERE username = 'admin' AND totp_secret <> ''")" = 1 ]
check "the administrator (with TOTP) is in PostgreSQL" $?
port2=$(pick_port 127.0.0.2)
sipp_register reg_2001 127.0.0.2 "$port2" 2001 'Kettle-Orbit-Heron-58?' "127.0.0.2:$port2"
check "2001 (added by the CLI to PostgreSQL) registers (sipp exit $?)" $?
callee_port=$(pick_port 127.0.0.4)
sipp_register reg_1002 127.0.0.4 "$callee_port" 1002 "$PW_1002" 10.99.0.4:5060
check "1002 registers (sipp exit $?)" $?
vg_stop
[ "$(psql_q "SELECT count(*) FROM registrations WHERE aor LIKE '%1002@%' AND source LIKE '127.0.0.4:%'")" = 1 ]
check "the binding of 1002 is in PostgreSQL's registrations table" $?
[ ! -e "$var/voipguard.db" ]
check "no SQLite file was created" $?

vg_start "$cfg" "$var" second || e2e_finish
! grep -q "First start: created administrator" "$VG_LOG"
check "second start creates no administrator" $?
[ "$(psql_q "SELECT count(*) FROM admin_users")" = 1 ]
check "still one administrator" $?
"$VG_BIN" admin add ops --no-qr --config "$cfg" --var-dir "$var" >"$TMP/admin_add.out" 2>&1 &&
  "$VG_BIN" admin list --config "$cfg" --var-dir "$var" >"$TMP/admins.out" 2>&1 &&
  [ "$(cat "$TMP/admins.out")" = "$(printf 'admin  enabled  totp\nops  enabled  totp')" ] &&
  [ "$(psql_q "SELECT count(*) FROM admin_audit_log WHERE action = 'admin.add' AND target = 'ops'")" = 1 ]
check "admin add ops / admin list against PostgreSQL (audit log row there too)" $?
sipp_uas_bg callee uas_answer.xml 127.0.0.4 "$callee_port" 10.99.0.4:5060
check "callee SIPp listening" $?
uas=$SIPP_PID
caller_port=$(pick_port 127.0.0.2)
sipp_call caller uac_call.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1002
check "after the restart a call to 1002 completes through the restored binding (sipp exit $?)" $?
sipp_wait $uas
check "callee: the INVITE reached 127.0.0.4:$callee_port (sipp exit $?)" $?
vg_stop
e2e_finish
