#!/usr/bin/env bash
# End-to-end: a caller cancels while the callee rings (RFC 3261 §9, §16.10). 1001 calls 1002
# (uac_cancel.xml), 1002 rings (uas_ring_cancel.xml): the CANCEL is answered 200 by voipguard and
# forwarded to the callee, whose 487 reaches the caller, who ACKs it; both SIPp runs succeed.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

vg_start_registrar

callee_1002_listening callee uas_ring_cancel.xml
callee_port=$CALLEE_PORT
uas=$UAS_PID
caller_port=$(pick_port 127.0.0.2)
sipp_call caller uac_cancel.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1002
check "caller: INVITE, 180, CANCEL, 200, 487, ACK (sipp exit $?)" $?
sipp_wait $uas
check "callee: INVITE, 180, CANCEL, 200, 487, ACK (sipp exit $?)" $?

cancel=$(sipp_received "$TMP/callee.msg" CANCEL)
echo "$cancel" | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT;branch=z9hG4bK"
check "the CANCEL reached the callee from voipguard" $?
invite_branch=$(sipp_received "$TMP/callee.msg" INVITE | grep -i "^Via:" | head -1 | sed 's/.*branch=\([^;]*\).*/\1/')
cancel_branch=$(echo "$cancel" | grep -i "^Via:" | head -1 | sed 's/.*branch=\([^;]*\).*/\1/')
[ -n "$invite_branch" ] && [ "$invite_branch" = "$cancel_branch" ]
check "the forwarded CANCEL has the branch of the forwarded INVITE (§9.1)" $?
sipp_received "$TMP/caller.msg" "SIP/2.0 487" | grep -qi "^CSeq: 2 INVITE"
check "the callee's 487 reached the caller" $?
ack=$(sipp_received "$TMP/callee.msg" ACK)
echo "$ack" | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT" && echo "$ack" | grep -qi "^CSeq: 2 ACK"
check "voipguard ACKed the 487 to the callee hop by hop" $?

vg_stop
e2e_finish
