#!/usr/bin/env bash
# End-to-end: a call through the registrar over UDP. 1002 registers from 127.0.0.4 and answers
# (SIPp uas_answer.xml); 1001 calls from 127.0.0.2 (uac_call.xml): INVITE, 407, INVITE with
# credentials, 100/180/200, ACK, BYE, 200 — both SIPp runs succeed. The callee sees voipguard's Via
# and Record-Route and the registered Contact as Request-URI; the ACK and BYE reach it. A second
# call is hung up by the callee: its BYE reaches the caller through voipguard.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

vg_start_registrar

callee_1002_listening callee uas_answer.xml
callee_port=$CALLEE_PORT
uas=$UAS_PID
caller_port=$(pick_port 127.0.0.2)
sipp_call caller uac_call.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1002
check "caller: INVITE/407/INVITE/100/180/200/ACK/BYE/200 completes (sipp exit $?)" $?
sipp_wait $uas
check "callee: INVITE/180/200/ACK/BYE/200 completes (sipp exit $?)" $?

invite=$(sipp_received "$TMP/callee.msg" INVITE)
echo "$invite" | grep -q "^INVITE sip:1002@127.0.0.4:$callee_port;transport=UDP SIP/2.0"
check "the callee's INVITE carries its registered Contact as Request-URI" $?
echo "$invite" | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT;branch=z9hG4bK"
check "the callee's INVITE has voipguard's Via on top" $?
echo "$invite" | grep -qiE "^Record-Route: <sip:127.0.0.1:$VG_PORT;lr>"
check "the callee's INVITE has voipguard's Record-Route" $?
echo "$invite" | grep -qiE "^Max-Forwards: 69"
check "Max-Forwards decremented" $?
! echo "$invite" | grep -qi "^Proxy-Authorization"
check "the caller's credentials are not forwarded to the callee" $?
sipp_received "$TMP/caller.msg" "SIP/2.0 200" | grep -qiE "^Record-Route: <sip:127.0.0.1:$VG_PORT;lr>"
check "the caller's 200 OK carries voipguard's Record-Route" $?
sipp_received "$TMP/callee.msg" ACK | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT"
check "the ACK reached the callee through voipguard" $?
sipp_received "$TMP/callee.msg" BYE | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT"
check "the BYE reached the callee through voipguard" $?

# A second call, in which the callee hangs up: its BYE follows the recorded route back to the caller.
sipp_uas_bg callee_hangup uas_answer_hangup.xml 127.0.0.4 "$callee_port" "127.0.0.4:$callee_port"
check "hanging-up callee SIPp listening" $?
uas=$SIPP_PID
sipp_call caller_wait uac_call_wait_bye.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1002
check "caller: call answered, BYE from the callee received and answered 200 (sipp exit $?)" $?
sipp_wait $uas
check "callee: hangs up with BYE, gets the caller's 200 (sipp exit $?)" $?
bye=$(sipp_received "$TMP/caller_wait.msg" BYE)
echo "$bye" | grep -q "^BYE sip:1001@127.0.0.2:$caller_port;transport=UDP SIP/2.0"
check "the callee's BYE reaches the caller at its Contact" $?
echo "$bye" | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT;branch=z9hG4bK"
check "the callee's BYE went through voipguard" $?
! echo "$bye" | grep -qi "^Route:"
check "voipguard consumed its own Route entry" $?

vg_stop
e2e_finish
