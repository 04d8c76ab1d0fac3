#!/usr/bin/env bash
# End-to-end: toll-fraud live limits (docs/fraud.md, issue 6) with SIPp through voipguard.
#  * concurrency limit 5: with five calls of account 1001 up, a sixth is refused with 403; once one
#    of the five ends — by BYE (answered call), by CANCEL (ringing call), by a 486 from the callee,
#    by voipguard's timeout of an unanswered call — a new call is admitted. Each path is proven on
#    its own round. When a call ends is decided by the test (it pokes the SIPp process with a
#    NOTIFY, tests/e2e/sip_poke.py), never by a timer, except for the timeout round;
#  * spend limit: account 1002 may spend 2 a day at 1 a second (rate table in the config); its
#    answered call is ended by voipguard with BYE to both SIPp sides when it crosses the limit;
#  * the CDR rows in the SQLite store say what happened to every call: disposition, class, hang-up
#    side (caller, callee, gateway), SIP status, cost and the rules that fired.
# Calls to 0309... go to the "edge" SIPp on 127.0.0.6 (one per round); the others to the "hold"
# SIPp on 127.0.0.5, which answers and keeps each call until a BYE.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"
command -v sqlite3 >/dev/null || { check "sqlite3 is installed" 1; e2e_finish; }

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
HOLD=127.0.0.5
hold_port=$(pick_port $HOLD)
EDGE=127.0.0.6
edge_port=$(pick_port $EDGE)
# Every German number costs 60 a minute (1 a second) in 1-second increments, no setup charge.
echo "49,60,0,1/1" >"$TMP/rates.csv"
{
  yaml_common
  yaml_listeners "$VG_ADDR" "$VG_PORT"
  # Loopback is trusted: the flood filter's INVITE-per-IP limit must not throttle the SIPp callers.
  cat <<YAML
filters:
  trusted: [127.0.0.0/8]
# A call left ringing 3 s is given up by voipguard (CANCEL to the callee, 487 to the caller): the
# timeout round. The rounds' other ringing calls are ended by the test well before.
dialogs:
  early_timeout: 3
upstreams:
  - { name: hold, host: $HOLD, port: $hold_port, health_check: { interval: 0 } }
  - { name: edge, host: $EDGE, port: $edge_port, health_check: { interval: 0 } }
tenants:
  - domain: $DOMAIN
    mode: registrar
    default_upstream: hold
    routes:
      - { prefix: "0309", upstream: edge }
    accounts:
      - { username: "1001", password: "$PW_1001" }
      - { username: "1002", password: "$PW_1002" }
    dial_plan:
      country_code: "49"
      national_prefix: "0"
      international_prefixes: ["00"]
      emergency_numbers: ["112"]
    policy:
      max_concurrent: 5
      rates: $TMP/rates.csv
      scoring: { suspend: 1000 }
      accounts:
        "1002": { spend_per_day: "2" }
YAML
} >"$TMP/voipguard.yaml"
# Friday 2026-11-27 09:00 UTC: far from midnight, where the day's spend starts again.
VG_RUN_ARGS=(--test-wall-clock 1795770000)
vg_start "$TMP/voipguard.yaml" "$TMP/var" || e2e_finish

# caller_bg NAME SCENARIO IP USER PASSWORD NUMBER [SIPP-ARGS...]: a caller in the background on a
# free port of IP; sets SIPP_PID and CALLER_PORT.
caller_bg() {
  local name=$1 scenario=$2 ip=$3 user=$4 pw=$5 number=$6
  shift 6
  CALLER_PORT=$(pick_port "$ip")
  sipp_bg "$name" -sf "$SCENARIOS/$scenario" -i "$ip" -p "$CALLER_PORT" -s "$number" \
    -key user "$user" -key domain "$DOMAIN" -au "$user" -ap "$pw" "$@" "$VG_ADDR:$VG_PORT"
}
# wait_count FILE REGEX N [DEADLINE]: waits until N lines of FILE match REGEX (grep -E).
wait_count() {
  local deadline=$((SECONDS + ${4:-10}))
  while [ $SECONDS -lt $deadline ]; do
    local n
    n=$(msg_count "$1" "$2")
    [ "${n:-0}" -ge "$3" ] && return 0
    sleep 0.05
  done
  return 1
}
poke() { "$PYTHON" "$E2E_DIR/sip_poke.py" "$@" >/dev/null; }

# The hold trunk answers the four held calls, the four calls admitted after each round and the
# spend-limit call, and keeps each until a BYE.
# They wait longer than SIPp's usual 10 s for their next message.
SIPP_RECV_TIMEOUT=60000 sipp_uas_bg hold_trunk uas_answer.xml $HOLD "$hold_port" "$HOLD:$hold_port" -m 9
hold_trunk=$SIPP_PID
SIPP_RECV_TIMEOUT=60000 caller_bg held uac_hold_until_poke.xml 127.0.0.2 1001 "$PW_1001" 030111000 -m 4 -l 4
held=$SIPP_PID
held_port=$CALLER_PORT
wait_count "$TMP/held.msg" "^SIP/2.0 200" 4
check "four calls of 1001 answered and held" $?
sixth_port=$(pick_port 127.0.0.4)

# round NAME CALLER-SCENARIO EDGE-SCENARIO NUMBER STATE-REGEX TARGET: the fifth call (to the edge
# SIPp) reaches STATE-REGEX; a sixth is refused; then the test pokes TARGET ("caller" or "edge") to
# end the fifth call ("none": voipguard's early timeout ends it), and a new call must be admitted.
round() {
  local name=$1 caller_scenario=$2 edge_scenario=$3 number=$4 state=$5 target=$6
  sipp_uas_bg "edge_$name" "$edge_scenario" $EDGE "$edge_port" "$EDGE:$edge_port"
  local edge=$SIPP_PID
  caller_bg "fifth_$name" "$caller_scenario" 127.0.0.3 1001 "$PW_1001" "$number"
  local fifth=$SIPP_PID fifth_port=$CALLER_PORT
  wait_count "$TMP/fifth_$name.msg" "$state" 1
  check "$name: the fifth call is up (${state#^SIP/2.0 })" $?
  sipp_call "sixth_$name" uac_call_expect_403.xml 127.0.0.4 "$sixth_port" 1001 "$PW_1001" 030110000
  check "$name: a sixth simultaneous call is refused with 403" $?
  kill -0 "$fifth" 2>/dev/null
  check "$name: the fifth call was still up when the sixth was refused" $?
  case $target in
    caller) poke 127.0.0.3 "$fifth_port" --from-log "$TMP/fifth_$name.msg" ;;
    edge) poke $EDGE "$edge_port" --from-log "$TMP/edge_$name.msg" ;;
    *) ;;  # none: voipguard ends it (dialogs.early_timeout)
  esac
  sipp_wait "$fifth"
  check "$name: the fifth call ends as its SIPp scenario says (exit $?)" $?
  sipp_wait "$edge"
  check "$name: the callee side ends cleanly (exit $?)" $?
  sipp_call "again_$name" uac_call.xml 127.0.0.4 "$sixth_port" 1001 "$PW_1001" 030112000
  check "$name: once it ended, a new call is admitted (answered)" $?
}
round bye uac_hold_until_poke.xml uas_answer.xml 0309001 "^SIP/2.0 200" caller
round cancel uac_cancel_on_poke.xml uas_ring_cancel.xml 0309002 "^SIP/2.0 180" caller
round busy uac_call_expect_486.xml uas_ring_486_on_poke.xml 0309003 "^SIP/2.0 180" edge
round timeout uac_ring_expect_487.xml uas_ring_cancel.xml 0309005 "^SIP/2.0 180" none
sipp_received "$TMP/fifth_cancel.msg" "SIP/2.0 487" | grep -q "^CSeq: 2 INVITE"
check "cancel: the caller got 487 for its INVITE" $?
sipp_received "$TMP/fifth_busy.msg" "SIP/2.0 486" | grep -q "^CSeq: 2 INVITE"
check "busy: the caller got the callee's 486" $?

# A call the callee hangs up (its CDR's hang-up side is the callee).
sipp_uas_bg edge_hangup uas_answer_hangup.xml $EDGE "$edge_port" "$EDGE:$edge_port"
edge=$SIPP_PID
sipp_call callee_hangup uac_call_wait_bye.xml 127.0.0.4 "$sixth_port" 1001 "$PW_1001" 0309004
check "a call the callee hangs up" $?
sipp_wait $edge
check "its callee side ends cleanly (exit $?)" $?

# --- spend limit ------------------------------------------------------------------------------------
start=$SECONDS
caller_bg spend uac_call_wait_bye.xml 127.0.0.7 1002 "$PW_1002" 030120000
sipp_wait $SIPP_PID
check "1002's call is ended by voipguard's BYE at the spend limit; the caller answers 200" $?
elapsed=$((SECONDS - start))
[ $elapsed -ge 2 ] && [ $elapsed -le 8 ]
check "it lasted about 2-3 s (2 at 1 a second; ${elapsed}s)" $?
sipp_received "$TMP/spend.msg" BYE | grep -qi '^Reason: SIP;cause=200;text="spend limit reached"'
check "the caller's BYE says why (spend limit reached)" $?
[ "$(msg_count "$TMP/hold_trunk.msg" '^Reason: SIP;cause=200;text="spend limit reached"')" = 1 ]
check "the callee's side got voipguard's BYE too (spend limit reached)" $?

# The held calls hang up; then the hold trunk has seen its eight calls end.
poke 127.0.0.2 "$held_port" --from-log "$TMP/held.msg"
sipp_wait $held
check "the four held calls hang up cleanly" $?
sipp_wait $hold_trunk
check "the hold trunk saw every one of its 9 calls end with a BYE, the spend call's from voipguard" $?
vg_alive
check "voipguard still running" $?
vg_stop

# --- CDRs ---------------------------------------------------------------------------------------------
db="$TMP/var/voipguard.db"
q() { sqlite3 "$db" "$1" 2>&1; }
cdr() { q "SELECT disposition || '/' || hangup_side || '/' || sip_status || '/' || dest_class || '/' || country || '/' || decision FROM calls WHERE callee_raw = '$1' ORDER BY id"; }
[ "$(cdr 030111000 | sort | uniq -c | sed 's/^ *//')" = "4 answered/caller/0/national/DE/allow" ]
check "CDRs: the four held calls answered, hung up by the caller" $?
[ "$(cdr 0309001)" = "answered/caller/0/national/DE/allow" ]
check "CDR: the BYE round's call answered, hung up by the caller" $?
[ "$(cdr 0309002)" = "cancelled/caller/0/national/DE/allow" ]
check "CDR: the CANCEL round's call cancelled by the caller" $?
[ "$(cdr 0309003)" = "busy//486/national/DE/allow" ]
check "CDR: the 486 round's call busy with status 486" $?
[ "$(cdr 0309005)" = "no_answer//0/national/DE/allow" ]
check "CDR: the timeout round's call not answered (given up by voipguard)" $?
[ "$(cdr 0309004)" = "answered/callee/0/national/DE/allow" ]
check "CDR: the call the callee hung up" $?
[ "$(cdr 030110000 | sort | uniq -c | sed 's/^ *//')" = "4 blocked//403/national/DE/block" ]
check "CDRs: four sixth calls blocked with 403" $?
[ "$(q "SELECT count(*) FROM calls WHERE callee_raw = '030110000' AND rules LIKE '[{\"rule\":\"concurrent_calls\",\"why\":\"5 calls active (limit 5)\"}]'")" = 4 ]
check "CDRs: the blocked calls name the rule that fired and why (concurrent_calls, 5 active)" $?
[ "$(cdr 030112000 | sort | uniq -c | sed 's/^ *//')" = "4 answered/caller/0/national/DE/allow" ]
check "CDRs: the four calls admitted after each round answered" $?
[ "$(q "SELECT count(*) FROM calls WHERE account = '1001' AND rules = '[]' AND disposition != 'blocked'")" = 13 ]
check "CDRs: no rule fired for 1001's thirteen admitted calls" $?
[ "$(q "SELECT count(*) FROM calls WHERE callee_raw = '0309002' AND answer_ms IS NULL AND billable_s = 0 AND cost = 0")" = 1 ]
check "CDR: the cancelled call was never answered and costs nothing" $?
[ "$(cdr 030120000)" = "torn_down/gateway/0/national/DE/allow" ]
check "CDR: the spend-limit call torn down by the gateway" $?
[ "$(q "SELECT billable_s >= 2 AND billable_s <= 4 AND cost = billable_s AND callee = '4930120000' FROM calls WHERE callee_raw = '030120000'")" = 1 ]
check "CDR: its billable seconds and cost (1 a second) at the limit" $?
[ "$(q "SELECT count(*) FROM security_events WHERE kind = 'fraud.teardown' AND rule = 'spend_per_day' AND account = '1002'")" = 1 ]
check "one fraud.teardown event names spend_per_day" $?
[ "$(q "SELECT count(*) FROM calls WHERE source_ip NOT LIKE '127.0.0.%' OR tenant != '$DOMAIN'")" = 0 ]
check "CDRs: tenant and loopback source addresses recorded" $?
echo "calls table:"; q "SELECT account, callee_raw, disposition, hangup_side, sip_status, billable_s, cost, decision, rules FROM calls ORDER BY id" | sed 's/^/  /'

# --- the day's spend survives a restart (summed again from the CDRs) -------------------------------
VG_RUN_ARGS=(--test-wall-clock 1795770600)  # ten minutes later, the same day
vg_start "$TMP/voipguard.yaml" "$TMP/var" voipguard_restarted || e2e_finish
sipp_call spend_after_restart uac_call_expect_403.xml 127.0.0.7 "$(pick_port 127.0.0.7)" 1002 "$PW_1002" 030120000
check "after a restart 1002 is still over its daily spend limit: 403" $?
# A call still up when voipguard stops gets its CDR too (its SIPp peers are ended by the cleanup).
sipp_uas_bg hold_trunk_2 uas_answer.xml $HOLD "$hold_port" "$HOLD:$hold_port"
caller_bg interrupted uac_hold_until_poke.xml 127.0.0.2 1001 "$PW_1001" 030113000
wait_count "$TMP/interrupted.msg" "^SIP/2.0 200" 1
check "a call of 1001 is up when voipguard stops" $?
vg_stop
[ "$(cdr 030113000)" = "interrupted//0/national/DE/allow" ]
check "CDR: the call up at the stop is recorded as interrupted" $?
[ "$(q "SELECT rules FROM calls WHERE account = '1002' AND disposition = 'blocked'")" = '[{"rule":"spend_per_day","why":"spent 3 today (limit 2)"}]' ]
check "CDR: refused by spend_per_day, 3 spent today (limit 2)" $?
e2e_finish
