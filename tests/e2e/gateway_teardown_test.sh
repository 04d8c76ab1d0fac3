#!/usr/bin/env bash
# End-to-end: the maximum call duration. With `dialogs: { max_duration: 3 }`, a call that neither
# party hangs up (uac_call_wait_bye.xml / uas_answer.xml) is ended by voipguard about 3 s after the
# answer: a BYE to each party, with voipguard's Via and a Reason header (RFC 3326); both answer 200
# and both SIPp runs succeed. With `early_timeout: 3`, a call left ringing is given up the same way:
# voipguard CANCELs it towards the callee, whose 487 reaches the caller.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
write_config "$TMP/voipguard.yaml" "dialogs:
  early_timeout: 3
  max_duration: 3"
vg_start "$TMP/voipguard.yaml" "$TMP/var" || e2e_finish

callee_port=$(pick_port 127.0.0.4)
caller_port=$(pick_port 127.0.0.2)
sipp_register register_1002 127.0.0.4 "$callee_port" 1002 "$PW_1002" "127.0.0.4:$callee_port"
check "1002 registers (sipp exit $?)" $?

sipp_uas_bg callee uas_answer.xml 127.0.0.4 "$callee_port" "127.0.0.4:$callee_port"
check "callee SIPp listening" $?
uas=$SIPP_PID
start=$SECONDS
sipp_call caller uac_call_wait_bye.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1002
check "caller: call answered, then BYE from voipguard answered 200 (sipp exit $?)" $?
elapsed=$((SECONDS - start))
sipp_wait $uas
check "callee: call answered, then BYE from voipguard answered 200 (sipp exit $?)" $?
# Whole seconds: the call lasts 3 s plus set-up; well under the 10 s receive timeout.
[ $elapsed -ge 3 ] && [ $elapsed -le 8 ]
check "the call was ended after about max_duration (caller ran ${elapsed}s)" $?

for party in caller callee; do
  bye=$(sipp_received "$TMP/$party.msg" BYE)
  echo "$bye" | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT;branch=z9hG4bK"
  check "$party: the BYE comes from voipguard" $?
  echo "$bye" | grep -qi "^Reason: SIP;cause=200;text=\"maximum duration reached\""
  check "$party: the BYE says why (Reason: maximum duration reached)" $?
done
caller_bye=$(sipp_received "$TMP/caller.msg" BYE)
echo "$caller_bye" | grep -q "^BYE sip:1001@127.0.0.2:$caller_port;transport=UDP SIP/2.0"
check "the caller's BYE goes to the caller's Contact" $?
echo "$caller_bye" | grep -qi "^From: <sip:1002@$DOMAIN>;tag=" && echo "$caller_bye" | grep -qi "^To: <sip:1001@$DOMAIN>;tag="
check "the caller's BYE speaks for the callee (From/To swapped, both tagged)" $?

# Early: the callee rings and never answers (uas_ring_cancel.xml waits for a CANCEL).
sipp_uas_bg ringing uas_ring_cancel.xml 127.0.0.4 "$callee_port" "127.0.0.4:$callee_port"
check "ringing callee SIPp listening" $?
uas=$SIPP_PID
start=$SECONDS
sipp_call ring_caller uac_ring_expect_487.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1002
check "caller: ringing call given up by voipguard, 487 received and ACKed (sipp exit $?)" $?
elapsed=$((SECONDS - start))
sipp_wait $uas
check "callee: CANCEL from voipguard, 200, 487, ACK (sipp exit $?)" $?
[ $elapsed -ge 3 ] && [ $elapsed -le 8 ]
check "the ringing call was given up after about early_timeout (caller ran ${elapsed}s)" $?
sipp_received "$TMP/ringing.msg" CANCEL | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT;branch=z9hG4bK"
check "the CANCEL comes from voipguard" $?

vg_alive
check "voipguard still running" $?
vg_stop
e2e_finish
