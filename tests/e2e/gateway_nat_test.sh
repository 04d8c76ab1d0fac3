#!/usr/bin/env bash
# End-to-end: a phone behind NAT. 1002 really sits at 127.0.0.4 but registers (and answers) with
# a Contact naming an unreachable private address, 10.99.0.4:5060. voipguard delivers the INVITE to
# where the REGISTER really came from, and rewrites the callee's NATed Contact in the 200 OK so that
# the caller's ACK and BYE (sent to that Contact via voipguard's Record-Route) reach the phone.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

NATED=10.99.0.4:5060
vg_start_registrar

callee_port=$(pick_port 127.0.0.4)
caller_port=$(pick_port 127.0.0.2)
sipp_register register_1002 127.0.0.4 "$callee_port" 1002 "$PW_1002" "$NATED"
check "1002 registers from 127.0.0.4:$callee_port with Contact $NATED (sipp exit $?)" $?
sipp_received "$TMP/register_1002.msg" "SIP/2.0 200" | grep -qF "Contact: <sip:1002@$NATED;transport=UDP>;expires="
check "the 200 OK lists the Contact as registered" $?

sipp_uas_bg callee uas_answer.xml 127.0.0.4 "$callee_port" "$NATED"
check "callee SIPp listening on 127.0.0.4:$callee_port" $?
uas=$SIPP_PID
sipp_call caller uac_call.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1002
check "caller: the call to the NATed phone completes, BYE answered 200 (sipp exit $?)" $?
sipp_wait $uas
check "callee: INVITE, ACK and BYE reached the NATed phone (sipp exit $?)" $?

invite=$(sipp_received "$TMP/callee.msg" INVITE)
[ -n "$invite" ]
check "the INVITE arrived at the phone's real address 127.0.0.4:$callee_port" $?
echo "$invite" | grep -q "^INVITE sip:1002@$NATED;transport=UDP SIP/2.0"
check "the INVITE's Request-URI is the Contact the phone registered" $?
ok200=$(sipp_received "$TMP/caller.msg" "SIP/2.0 200")
echo "$ok200" | grep -qiE "^Contact: <sip:1002@127.0.0.4:$callee_port>"
check "the caller's 200 OK carries the phone's real address as Contact (NAT fix)" $?
! echo "$ok200" | grep -q "10.99.0.4"
check "the private address does not leak to the caller" $?
sipp_received "$TMP/caller.msg" "SIP/2.0 200" | grep -qiE "^Record-Route: <sip:127.0.0.1:$VG_PORT;lr>"
check "the 200 OK carries voipguard's Record-Route" $?
ack=$(sipp_received "$TMP/callee.msg" ACK)
echo "$ack" | grep -qE "^ACK sip:1002@127.0.0.4:$callee_port SIP/2.0" && echo "$ack" | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT"
check "the caller's ACK reached the phone through voipguard" $?
bye=$(sipp_received "$TMP/callee.msg" BYE)
echo "$bye" | grep -qE "^BYE sip:1002@127.0.0.4:$callee_port SIP/2.0" && echo "$bye" | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT"
check "the caller's BYE reached the phone through voipguard" $?

vg_stop
e2e_finish
