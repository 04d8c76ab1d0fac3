#!/usr/bin/env bash
# End-to-end with real attack tools (Debian's sipvicious 0.3.3) against the security filters:
# svmap from 127.0.0.3 is banned at its first request and finds nothing; svwar learns no extension
# and is banned; svcrack against account 1001 does not find its password and is banned (Debian's
# svwar and svcrack ignore -b and send from 127.0.0.1: its ban is lifted between them); a legitimate SIPp UA on 127.0.0.2 keeps registering
# and calling 1002 on 127.0.0.4 throughout, with 100 % success; `voipguard ban` lists, adds and removes bans at once; bans survive a restart. Then the
# same attacks in monitor mode: nothing is banned, every would-be decision is a monitor: event.
# Loopback is not trusted here (only 127.0.0.9, which sends nothing).
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
FILTERS="filters:
  trusted: [127.0.0.9]"
write_config "$TMP/enforce.yaml" "$FILTERS"
vg_start "$TMP/enforce.yaml" "$TMP/var" enforce || e2e_finish
ban() { "$VG_BIN" ban --var-dir "$TMP/var" "$@"; }
legit_port=$(pick_port 127.0.0.2)
legit() { sipp_register "legit_$1" 127.0.0.2 "$legit_port" 1001 "$PW_1001" "127.0.0.2:$legit_port"; }

legit before
check "legitimate UA on 127.0.0.2 registers before the attacks" $?

# Throughout the attacks, in the background: 1002 on 127.0.0.4 answers; 1001 on 127.0.0.2 calls it
# every 2.5 s and re-registers every 3 s (within the default flood buckets). SIPp exits 0 only when
# every call succeeded.
callee_port=$(pick_port 127.0.0.4)
sipp_register register_1002 127.0.0.4 "$callee_port" 1002 "$PW_1002" "127.0.0.4:$callee_port"
check "1002 registers from 127.0.0.4 before the attacks" $?
SIPP_DEADLINE=90 sipp_uas_bg callee uas_answer.xml 127.0.0.4 "$callee_port" "127.0.0.4:$callee_port" -m "${LEGIT_CALLS:=7}" \
  -timeout 80s
legit_uas=$SIPP_PID
SIPP_DEADLINE=90 sipp_bg legit_calls -sf "$SCENARIOS/uac_call.xml" -i 127.0.0.2 -p "$(pick_port 127.0.0.2)" -s 1002 \
  -key user 1001 -key domain "$DOMAIN" -au 1001 -ap "$PW_1001" -m "$LEGIT_CALLS" -r 1 -rp 2500 -timeout 80s \
  -trace_stat -stf "$TMP/legit_calls.csv" -fd 1 "127.0.0.1:$VG_PORT"
legit_calls=$SIPP_PID
SIPP_DEADLINE=90 sipp_bg legit_registers -sf "$SCENARIOS/register.xml" -i 127.0.0.2 -p "$(pick_port 127.0.0.2)" \
  -key user 1001 -key domain "$DOMAIN" -key contact_host 127.0.0.2 -au 1001 -ap "$PW_1001" -m 6 -r 1 -rp 3000 \
  -timeout 80s -trace_stat -stf "$TMP/legit_registers.csv" -fd 1 "127.0.0.1:$VG_PORT"
legit_registers=$SIPP_PID
attacks_start=$SECONDS

timeout 30 svmap -b 127.0.0.3 -p "$VG_PORT" 127.0.0.1 >"$TMP/svmap.out" 2>&1
ban list >"$TMP/bans1.out" 2>&1
grep -q "^127.0.0.3/32 .*scanner/signature" "$TMP/bans1.out"
check "svmap from 127.0.0.3 is banned by its signature" $?
! grep -q "127.0.0.1:$VG_PORT" "$TMP/svmap.out"
check "svmap finds no SIP server (silent drop)" $?

printf '1001\n1002\n1003\n100\n200\n' >"$TMP/ext.txt"
timeout 60 svwar -m REGISTER -d "$TMP/ext.txt" -p "$VG_PORT" 127.0.0.1 >"$TMP/svwar.out" 2>&1
! grep -qE "^\| *100[123] " "$TMP/svwar.out"
check "svwar (REGISTER) learns no valid extension" $?
ban list >"$TMP/bans2.out" 2>&1
grep -q "^127.0.0.1/32 " "$TMP/bans2.out"
check "svwar's source 127.0.0.1 is banned" $?
timeout 60 svwar -m INVITE -d "$TMP/ext.txt" -p "$VG_PORT" 127.0.0.1 >"$TMP/svwar_invite.out" 2>&1
! grep -qE "^\| *100[123] " "$TMP/svwar_invite.out"
check "svwar (INVITE) learns no valid extension either" $?

ban remove 127.0.0.1 >/dev/null 2>&1
check "ban remove 127.0.0.1 (svwar's ban) before svcrack" $?
printf 'secret\npassword\n1234\n%s\n' "$PW_1001" >"$TMP/words.txt"
timeout 60 svcrack -b 127.0.0.5 -p "$VG_PORT" -u 1001 -d "$TMP/words.txt" 127.0.0.1 >"$TMP/svcrack.out" 2>&1
! grep -qF "$PW_1001" "$TMP/svcrack.out"
check "svcrack does not find 1001's password (its last guess is the right one)" $?
ban list >"$TMP/bans3.out" 2>&1
grep -q "^127.0.0.1/32 .*scanner/signature" "$TMP/bans3.out"
check "svcrack's source 127.0.0.1 is banned again" $?

legit after
check "legitimate UA on 127.0.0.2 still registers after the attacks" $?
echo "attacks took $((SECONDS - attacks_start)) s"
sipp_wait "$legit_calls"
check "throughout the attacks, all $LEGIT_CALLS calls of 1001 from 127.0.0.2 to 1002 succeed (sipp exit $?)" $?
sipp_wait "$legit_registers"
check "throughout the attacks, all 6 re-registrations of 1001 from 127.0.0.2 succeed (sipp exit $?)" $?
sipp_wait "$legit_uas"
check "the callee on 127.0.0.4 answered every call (sipp exit $?)" $?
! grep -q "^127.0.0.2/" "$TMP/bans3.out"
check "127.0.0.2 was never banned" $?

# Operator commands take effect at once.
ban remove 127.0.0.1 >/dev/null 2>&1
check "ban remove 127.0.0.1" $?
ban add 198.51.100.7 --for 2h --reason "e2e manual" >/dev/null 2>&1
check "ban add 198.51.100.7 --for 2h" $?
ban list >"$TMP/bans4.out" 2>&1
grep -q "^198.51.100.7/32 .*cli  e2e manual" "$TMP/bans4.out" && ! grep -q "^127.0.0.1/" "$TMP/bans4.out"
check "the list shows the manual ban and not the removed one" $?
timeout 20 sipsak -s "sip:127.0.0.1:$VG_PORT" >"$TMP/after_unban.out" 2>&1
check "127.0.0.1 is answered again right after the unban" $?
vg_stop
vg_start "$TMP/enforce.yaml" "$TMP/var" enforce2 || e2e_finish
ban list >"$TMP/bans5.out" 2>&1
grep -q "^127.0.0.3/32 " "$TMP/bans5.out" && grep -q "^198.51.100.7/32 " "$TMP/bans5.out"
check "bans survive a restart" $?
vg_stop

# Monitor mode: the same scan, a password guesser and a short INVITE flood pass, nothing is banned,
# every would-be decision is recorded.
write_config "$TMP/monitor.yaml" "$FILTERS
  scanner: { mode: monitor }
  bruteforce: { mode: monitor }
  flood: { mode: monitor }"
vg_start "$TMP/monitor.yaml" "$TMP/var_monitor" monitor || e2e_finish
timeout 30 svmap -b 127.0.0.3 -p "$VG_PORT" 127.0.0.1 >"$TMP/svmap_monitor.out" 2>&1
grep -q "127.0.0.1:$VG_PORT" "$TMP/svmap_monitor.out"
check "monitor mode: svmap gets its answer" $?
sipp_run guesser_monitor -sf "$SCENARIOS/register_denied.xml" -i 127.0.0.5 -p "$(pick_port 127.0.0.5)" \
  -key user 1002 -key domain "$DOMAIN" -key contact_host 127.0.0.5 -au 1002 -ap "Wrong-Guess-1!" -m 6 -l 1 \
  "127.0.0.1:$VG_PORT"
check "monitor mode: 6 wrong passwords for 1002 from 127.0.0.5 are each answered 403 (sipp exit $?)" $?
(cd "$TMP" && timeout -k 3 20 sipp -nostdin -bind_local -i 127.0.0.6 -p "$(pick_port 127.0.0.6)" \
  -sf "$SCENARIOS/flood_invite.xml" -s 1002 -r 2000 -m 1000 -timeout 15s "127.0.0.1:$VG_PORT" >"$TMP/flood_monitor.out" 2>&1)
check "monitor mode: a 1000-INVITE flood from 127.0.0.6 is sent" $?
"$VG_BIN" ban --var-dir "$TMP/var_monitor" list >"$TMP/bans_monitor.out" 2>&1
grep -q "^no bans" "$TMP/bans_monitor.out"
check "monitor mode: nothing banned" $?
vg_stop
n=$(event_count "kind = 'filter.scanner' AND action LIKE 'monitor:ban%' AND source_ip = '127.0.0.3'")
[ "${n:-0}" -ge 1 ]
check "monitor mode: the would-be ban is a security event (found $n)" $?
monitored() { event_count "kind = 'filter.$1' AND action LIKE 'monitor:$2%' AND source_ip = '$3'${4:+ AND rule = '$4'}"; }
n=$(monitored bruteforce ban 127.0.0.5 per_source)
[ "${n:-0}" -ge 1 ]
check "monitor mode: the wrong guesses are a would-be brute-force ban (found $n)" $?
n=$(monitored flood drop 127.0.0.6 per_ip)
[ "${n:-0}" -ge 1 ]
check "monitor mode: the INVITE flood is a would-be per_ip drop (found $n)" $?
n=$(event_count "kind = 'ban.added'")
[ "${n:-1}" = 0 ]
check "monitor mode: no ban.added event" $?
e2e_finish
