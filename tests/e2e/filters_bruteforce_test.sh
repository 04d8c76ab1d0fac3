#!/usr/bin/env bash
# End-to-end: brute-force defence in both modes.
#  * Edge mode (the PBX checks the passwords; a SIPp UAS on 127.0.0.5 plays it and refuses every
#    login): a cracker on 127.0.0.3 whose wrong credentials the PBX answers with a new 401
#    challenge (Asterisk PJSIP, Kamailio), and one on 127.0.0.7 whose credentials get 403, are each
#    banned after 5 refusals: the PBX sees exactly 5 credentialed REGISTERs from each.
#  * Registrar mode, distributed cracking: 5 sources (127.0.0.10-14) guess 1001's password twice
#    each (no source reaches its own ban threshold); the account's authentication is locked with a
#    security event and an alert (syslog to a local listener). While locked, even the right password
#    from a new source (127.0.0.15) gets 403, but 1001's own registered phone on 127.0.0.2 keeps
#    registering and calling.
# Loopback is not trusted here (only 127.0.0.9, which sends nothing).
source "$(dirname "$0")/lib.sh"
e2e_init "$@"
command -v sqlite3 >/dev/null || { check "sqlite3 is installed" 1; e2e_finish; }

EDGE=edge.e2e.voipguard.test
VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
pbx_port=$(pick_port 127.0.0.5)
SYSLOG_PORT=$(pick_port 127.0.0.1)
"$PYTHON" "$E2E_DIR/obs_receivers.py" syslog "$SYSLOG_PORT" "$TMP/syslog.out" &
E2E_PIDS+=("$!")
wait_bound 127.0.0.1 "$SYSLOG_PORT" udp 10
check "syslog receiver listening" $?
write_config "$TMP/vg.yaml" "upstreams:
  - { name: pbx, host: 127.0.0.5, port: $pbx_port, transport: udp, health_check: { interval: 0 } }
filters:
  trusted: [127.0.0.9]
  flood:
    register_per_ip: { requests: 100, per: 10s }
  bruteforce:
    max_failures: 5
    account_failures: 10
    account_sources: 5
alerts:
  channels:
    - { name: siem, type: syslog, host: 127.0.0.1, port: $SYSLOG_PORT }
  rules:
    - { name: account-locked, kind: filter.bruteforce, where: { rule: account_lock } }"
# The edge tenant goes next to the registrar tenant of write_config.
sed -i "s/^tenants:/tenants:\n  - { domain: $EDGE, mode: edge, default_upstream: pbx }/" "$TMP/vg.yaml"
vg_start "$TMP/vg.yaml" "$TMP/var" || e2e_finish
ban_list() { "$VG_BIN" ban --var-dir "$TMP/var" list; }

# --- edge mode ---------------------------------------------------------------------------------
# edge_attack NAME ATTACKER-IP PBX-SCENARIO SCENARIO WHAT: 7 login attempts one after the other
# (-l 1) for 2001 at the edge tenant, against the PBX playing PBX-SCENARIO (refusing credentials as
# WHAT says): the PBX must see exactly 5 credentialed REGISTERs and the attacker must be banned.
edge_attack() {
  local name=$1 ip=$2 pbx_scenario=$3 scenario=$4 what=$5
  sipp_uas_bg "pbx_$name" "$pbx_scenario" 127.0.0.5 "$pbx_port" "127.0.0.5:$pbx_port" -m 100
  local pbx=$SIPP_PID
  DOMAIN=$EDGE SIPP_RECV_TIMEOUT=1000 sipp_run "$name" -sf "$SCENARIOS/$scenario" -i "$ip" -p "$(pick_port "$ip")" \
    -key user 2001 -key domain "$EDGE" -key contact_host "$ip" -au 2001 -ap "guess-$name" -m 7 -l 1 -r 100 \
    "$VG_ADDR:$VG_PORT"
  kill -TERM "$pbx" 2>/dev/null
  wait "$pbx" 2>/dev/null
  local n
  n=$(msg_count "$TMP/pbx_$name.msg" "^Authorization: Digest")
  [ "$n" = 5 ]
  check "edge, PBX $what: the PBX saw 5 credentialed REGISTERs from $ip, then none ($n)" $?
  ban_list >"$TMP/bans_$name.out" 2>&1
  grep -q "^$ip/32 .*bruteforce/per_source" "$TMP/bans_$name.out"
  check "edge, PBX $what: $ip is banned by bruteforce/per_source after 5 refusals" $?
}
edge_attack rechallenged 127.0.0.3 pbx_refuse_register.xml register_rechallenged.xml "re-challenges (401)"
edge_attack refused 127.0.0.7 pbx_forbid_register.xml register_denied.xml "answers 403"

# --- registrar mode: distributed cracking ------------------------------------------------------
phone_port=$(pick_port 127.0.0.2)
sipp_register phone_before 127.0.0.2 "$phone_port" 1001 "$PW_1001" "127.0.0.2:$phone_port"
check "1001's phone registers from 127.0.0.2" $?
for i in 10 11 12 13 14; do
  sipp_run "crack_$i" -sf "$SCENARIOS/register_denied.xml" -i "127.0.0.$i" -p "$(pick_port "127.0.0.$i")" \
    -key user 1001 -key domain "$DOMAIN" -key contact_host "127.0.0.$i" -au 1001 -ap "Guess-$i-Wrong!" -m 2 -l 1 \
    "$VG_ADDR:$VG_PORT"
  check "cracker 127.0.0.$i: two wrong passwords for 1001, each 401 then 403 (sipp exit $?)" $?
done
wait_file_match "$TMP/syslog.out" "account-locked" 10
check "the account lock raises an alert (syslog)" $?
cracker_port=$(pick_port 127.0.0.15)
sipp_run right_password_new_source -sf "$SCENARIOS/register_denied.xml" -i 127.0.0.15 -p "$cracker_port" \
  -key user 1001 -key domain "$DOMAIN" -key contact_host 127.0.0.15 -au 1001 -ap "$PW_1001" "$VG_ADDR:$VG_PORT"
check "while locked, even 1001's right password from a new source (127.0.0.15) gets 403 (sipp exit $?)" $?
sipp_register phone_after 127.0.0.2 "$phone_port" 1001 "$PW_1001" "127.0.0.2:$phone_port"
check "while locked, 1001's own phone on 127.0.0.2 still registers" $?
callee_port=$(pick_port 127.0.0.4)
sipp_register register_1002 127.0.0.4 "$callee_port" 1002 "$PW_1002" "127.0.0.4:$callee_port"
check "1002 registers from 127.0.0.4" $?
sipp_uas_bg callee uas_answer.xml 127.0.0.4 "$callee_port" "127.0.0.4:$callee_port"
uas=$SIPP_PID
sipp_call phone_call uac_call.xml 127.0.0.2 "$phone_port" 1001 "$PW_1001" 1002
check "while locked, 1001's own phone calls 1002 (sipp exit $?)" $?
sipp_wait "$uas"
ban_list >"$TMP/bans3.out" 2>&1
! grep -qE "^127\.0\.0\.(1[0-5]|2)/" "$TMP/bans3.out"
check "no cracker source (2 guesses each) and not the phone is banned" $?
vg_stop

n=$(event_count "kind = 'filter.bruteforce' AND rule = 'account_lock' AND account = '1001'")
[ "${n:-0}" = 1 ]
check "one filter.bruteforce account_lock event for 1001 ($n)" $?
n=$(event_count "kind = 'filter.bruteforce' AND rule = 'account_locked' AND source_ip = '127.0.0.15'")
[ "${n:-0}" -ge 1 ]
check "the refused right password from 127.0.0.15 is a filter.bruteforce account_locked event ($n)" $?
n=$(event_count "kind = 'auth.upstream_failure' AND source_ip IN ('127.0.0.3', '127.0.0.7')")
[ "${n:-0}" = 10 ]
check "each edge refusal is an auth.upstream_failure event, first challenges are not ($n of 10)" $?
e2e_finish
