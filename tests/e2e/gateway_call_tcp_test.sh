#!/usr/bin/env bash
# End-to-end: a call through the registrar over TCP (SIPp -t t1 on both sides, a TCP listener).
# 1002 registers from 127.0.0.4 and answers (SIPp uas_answer.xml); 1001 calls from 127.0.0.2
# (uac_call.xml): INVITE, 407, INVITE with credentials, 100/180/200, ACK, BYE, 200 — both SIPp runs
# succeed, every message over TCP. The callee sees voipguard's Via and Record-Route (with
# transport=tcp) and the registered Contact as Request-URI; the ACK and BYE reach it.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

vg_start_registrar

callee_1002_listening callee uas_answer.xml -t t1
callee_port=$CALLEE_PORT
uas=$UAS_PID
caller_port=$(pick_port 127.0.0.2)
sipp_call caller uac_call.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1002 -t t1
check "caller: INVITE/407/INVITE/100/180/200/ACK/BYE/200 completes (sipp exit $?)" $?
sipp_wait $uas
check "callee: INVITE/180/200/ACK/BYE/200 completes (sipp exit $?)" $?

invite=$(sipp_received "$TMP/callee.msg" INVITE)
echo "$invite" | grep -q "^INVITE sip:1002@127.0.0.4:$callee_port;transport=TCP SIP/2.0"
check "the callee's INVITE carries its registered Contact as Request-URI" $?
echo "$invite" | grep -qiE "^Via: SIP/2.0/TCP 127.0.0.1:$VG_PORT;branch=z9hG4bK"
check "the callee's INVITE has voipguard's Via on top" $?
echo "$invite" | grep -qiE "^Record-Route: <sip:127.0.0.1:$VG_PORT;transport=tcp;lr>"
check "the callee's INVITE has voipguard's Record-Route" $?
echo "$invite" | grep -qiE "^Max-Forwards: 69"
check "Max-Forwards decremented" $?
! echo "$invite" | grep -qi "^Proxy-Authorization"
check "the caller's credentials are not forwarded to the callee" $?
sipp_received "$TMP/caller.msg" "SIP/2.0 200" | grep -qiE "^Record-Route: <sip:127.0.0.1:$VG_PORT;transport=tcp;lr>"
check "the caller's 200 OK carries voipguard's Record-Route" $?
sipp_received "$TMP/callee.msg" ACK | grep -qiE "^Via: SIP/2.0/TCP 127.0.0.1:$VG_PORT"
check "the ACK reached the callee through voipguard" $?
sipp_received "$TMP/callee.msg" BYE | grep -qiE "^Via: SIP/2.0/TCP 127.0.0.1:$VG_PORT"
check "the BYE reached the callee through voipguard" $?

for f in register_1002 callee caller; do
  grep -q "^TCP message received" "$TMP/$f.msg" && ! grep -q "^UDP message" "$TMP/$f.msg"
  check "$f: every message went over TCP" $?
done

vg_stop
e2e_finish
