#!/usr/bin/env bash
# End-to-end: toll-fraud prevention (docs/fraud.md) with SIPp through voipguard, the wall clock set
# to Friday 03:00 local time (hidden `run --test-wall-clock`, tests only). Calls to numbers go to a
# SIPp "trunk" on 127.0.0.5.
#  * a premium number dialled as 9011 44 909... and as +00 44 909... is refused with 403 and never
#    reaches the trunk;
#  * a call over the policy's max_duration (3 s) is ended by voipguard with BYE to both SIPp sides;
#  * a burst of international calls at 03:00 (out-of-hours limit 2 per hour): two go through, the
#    next are refused with 403, the account is suspended (event), then even a national call is
#    refused while 112 still goes through;
#  * the CDRs and events in the store say what happened;
#  * the suspension is in the store: after a restart 1001 is still refused, and
#    `voipguard account enable 1001` lifts it in the running daemon (calls admitted again).
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
TRUNK=127.0.0.5
trunk_port=$(pick_port $TRUNK)
{
  yaml_common
  yaml_listeners "$VG_ADDR" "$VG_PORT"
  # Loopback is trusted: the flood filter's INVITE-per-IP limit must not throttle the SIPp callers.
  cat <<YAML
filters:
  trusted: [127.0.0.0/8]
upstreams:
  - { name: trunk, host: $TRUNK, port: $trunk_port, health_check: { interval: 0 } }
tenants:
  - domain: $DOMAIN
    mode: registrar
    default_upstream: trunk
    accounts:
      - { username: "1001", password: "$PW_1001" }
      - { username: "1002", password: "$PW_1002" }
      - { username: "1003", password: "$PW_1003" }
    dial_plan:
      country_code: "49"
      national_prefix: "0"
      international_prefixes: ["00", "011"]
      outside_line_prefixes: ["9"]
      emergency_numbers: ["112", "110"]
    policy:
      max_duration: 3s
      schedule: { time_zone: "UTC+01:00", days: [mon, tue, wed, thu, fri], hours: "08:00-18:00" }
      out_of_hours:
        international_per_hour: 2
YAML
} >"$TMP/voipguard.yaml"
# Friday 2026-11-27 02:00:00 UTC = 03:00 at UTC+01:00.
VG_RUN_ARGS=(--test-wall-clock 1795744800)
vg_start "$TMP/voipguard.yaml" "$TMP/var" || e2e_finish
caller_port=$(pick_port 127.0.0.2)

# trunk_call NAME CALLER-SCENARIO USER PASSWORD NUMBER: the trunk answers one call from USER to NUMBER.
trunk_call() {
  local name=$1 scenario=$2 user=$3 pw=$4 number=$5
  sipp_uas_bg "${name}_trunk" uas_answer.xml $TRUNK "$trunk_port" "$TRUNK:$trunk_port"
  local uas=$SIPP_PID
  sipp_call "$name" "$scenario" 127.0.0.2 "$caller_port" "$user" "$pw" "$number"
  local rc=$?
  sipp_wait $uas
  local rc2=$?
  return $((rc != 0 || rc2 != 0))
}

# --- premium numbers, however they are written ----------------------------------------------------
for number in 9011449098790000 +00449098790000; do
  sipp_call "premium_$number" uac_call_expect_403.xml 127.0.0.2 "$caller_port" 1003 "$PW_1003" "$number"
  check "premium $number: refused with 403 (sipp exit $?)" $?
done
grep -q "403 Forbidden" "$TMP/premium_9011449098790000.msg"
check "the reason phrase is neutral (403 Forbidden)" $?

# --- maximum duration -----------------------------------------------------------------------------
start=$SECONDS
trunk_call duration uac_call_wait_bye.xml 1002 "$PW_1002" 00442079460000
check "a call over max_duration: BYE from voipguard to both SIPp sides, both answer 200" $?
elapsed=$((SECONDS - start))
[ $elapsed -ge 3 ] && [ $elapsed -le 9 ]
check "the call was ended after about 3 s (${elapsed}s)" $?
sipp_received "$TMP/duration.msg" BYE | grep -qi '^Reason: SIP;cause=200;text="maximum call duration"'
check "the caller's BYE says why (maximum call duration)" $?
sipp_received "$TMP/duration_trunk.msg" BYE | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT;branch=z9hG4bK"
check "the trunk's BYE comes from voipguard" $?

# --- an international burst at 03:00 -----------------------------------------------------------------
for i in 1 2; do
  trunk_call "burst_ok_$i" uac_call.xml 1001 "$PW_1001" "+4420794600$i$i"
  check "international call $i at 03:00 goes through" $?
done
for i in 3 4 5 6; do
  sipp_call "burst_blocked_$i" uac_call_expect_403.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" "+4420794600$i$i"
  check "international call $i at 03:00 refused with 403 (limit 2 per hour out of hours)" $?
done
sipp_call suspended_national uac_call_expect_403.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 030123456
check "the suspended account cannot even call a national number" $?
trunk_call emergency uac_call.xml 1001 "$PW_1001" 112
check "112 still goes through for the suspended account at 03:00" $?
trunk_call other_account uac_call.xml 1002 "$PW_1002" 030123456
check "another account of the tenant is not affected" $?

vg_alive
check "voipguard still running" $?
vg_stop

# --- what the store recorded ----------------------------------------------------------------------
db="$TMP/var/voipguard.db"
q() { sqlite3 "$db" "$1" 2>&1; }
[ "$(q "SELECT count(*) FROM security_events WHERE kind = 'fraud.suspend' AND account = '1001'")" = 1 ]
check "one fraud.suspend event for 1001" $?
[ "$(q "SELECT count(*) FROM security_events WHERE kind = 'fraud.block' AND rule = 'international_per_hour'")" = 3 ]
check "three fraud.block events name international_per_hour" $?
[ "$(q "SELECT count(*) FROM calls WHERE account = '1003' AND disposition = 'blocked' AND dest_class LIKE '%premium%'")" = 2 ]
check "two blocked premium CDRs for 1003" $?
[ "$(q "SELECT disposition || '/' || hangup_side FROM calls WHERE account = '1002' AND callee = '442079460000'")" = "torn_down/gateway" ]
check "the max-duration call's CDR: torn_down by the gateway" $?
[ "$(q "SELECT count(*) FROM calls WHERE account = '1001' AND disposition = 'answered'")" = 3 ]
check "three answered CDRs for 1001 (two international, 112)" $?
echo "calls table:"; q "SELECT account, callee_raw, callee, dest_class, disposition, decision FROM calls" | sed 's/^/  /'

# --- the suspension survives a restart; `voipguard account enable` lifts it in the running daemon --
[ "$(q "SELECT count(*) FROM fraud_suspensions WHERE tenant = '$DOMAIN' AND account = '1001' AND reason LIKE 'international_per_hour%'")" = 1 ]
check "1001's suspension is in the store, with the rule that suspended it" $?
vg_start "$TMP/voipguard.yaml" "$TMP/var" voipguard_restarted || e2e_finish
wait_log "suspended account\(s\) restored from the store"
check "the restarted daemon restores the suspensions" $?
sipp_call restarted_refused uac_call_expect_403.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 030123456
check "after the restart 1001 is still refused (403)" $?
"$VG_BIN" account show 1001 --tenant "$DOMAIN" --config "$TMP/voipguard.yaml" --var-dir "$TMP/var" >"$TMP/show.out" 2>&1 &&
  grep -q '"fraud_suspension"' "$TMP/show.out" && grep -q 'international_per_hour' "$TMP/show.out"
check "voipguard account show 1001 shows the suspension and why" $?
"$VG_BIN" account list --config "$TMP/voipguard.yaml" --var-dir "$TMP/var" >"$TMP/list.out" 2>&1 &&
  grep -qx "1001@$DOMAIN  config  enabled  suspended (toll fraud)" "$TMP/list.out" &&
  grep -qx "1002@$DOMAIN  config  enabled" "$TMP/list.out"
check "voipguard account list marks the suspended accounts" $?
"$VG_BIN" account enable 1001 --tenant "$DOMAIN" --config "$TMP/voipguard.yaml" --var-dir "$TMP/var" >"$TMP/enable.out" 2>&1
check "voipguard account enable 1001 (a configuration-file account) exits 0" $?
grep -q "lifted the fraud suspension of 1001@$DOMAIN" "$TMP/enable.out"
check "it says it lifted the suspension" $?
"$VG_BIN" account enable 1002 --tenant "$DOMAIN" --config "$TMP/voipguard.yaml" --var-dir "$TMP/var" >"$TMP/enable_1002.out" 2>&1 &&
  grep -qx "1002@$DOMAIN is not suspended" "$TMP/enable_1002.out"
check "account enable of an account that is not suspended says so" $?
"$VG_BIN" account enable 4711 --tenant "$DOMAIN" --config "$TMP/voipguard.yaml" --var-dir "$TMP/var" >"$TMP/enable_4711.out" 2>&1
[ $? = 1 ] && grep -q "no account 4711@$DOMAIN" "$TMP/enable_4711.out"
check "account enable of an unknown account fails with a clear message" $?
# The daemon polls the store every second: wait for it to apply the change, with a deadline.
wait_log "suspension of 1001@$DOMAIN lifted" 10
check "the running daemon lifts the suspension without a restart" $?
trunk_call enabled_national uac_call.xml 1001 "$PW_1001" 030123456
check "1001's calls are admitted again" $?
vg_stop
[ "$(q "SELECT count(*) FROM fraud_suspensions")" = 1 ] && [ "$(q "SELECT account FROM fraud_suspensions")" = 1003 ]
check "only 1003's suspension is left in the store" $?
[ "$(q "SELECT count(*) FROM security_events WHERE kind = 'fraud.enable' AND account = '1001'")" = 1 ]
check "a fraud.enable event for 1001" $?
[ "$(q "SELECT count(*) FROM admin_audit_log WHERE action = 'account.unsuspend' AND target = '1001@$DOMAIN'")" = 1 ]
check "the audit log records the lift" $?
# An edge tenant's caller (the From user its PBX sends) is lifted the same way.
{ cat "$TMP/voipguard.yaml"; printf '  - { domain: edge.voipguard.test, mode: edge, default_upstream: trunk }\n'; } >"$TMP/edge.yaml"
q "INSERT INTO fraud_suspensions (tenant, account, since_ms, reason) VALUES ('edge.voipguard.test', '4711', 1, 'test')"
"$VG_BIN" account enable 4711 --tenant edge.voipguard.test --config "$TMP/edge.yaml" --var-dir "$TMP/var" >"$TMP/enable_edge.out" 2>&1 &&
  grep -q "lifted the fraud suspension of 4711@edge.voipguard.test" "$TMP/enable_edge.out" &&
  [ "$(q "SELECT count(*) FROM fraud_suspensions WHERE tenant = 'edge.voipguard.test'")" = 0 ]
check "account enable lifts an edge tenant caller's suspension" $?
e2e_finish
