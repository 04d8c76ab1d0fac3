#!/usr/bin/env bash
# End-to-end: registrations survive a restart. 1002 registers (with a NATed Contact, so delivery
# depends on the stored source address too), voipguard stops on SIGTERM (bindings flushed to
# SQLite) and starts again on the same var directory; without registering again, a call to 1002
# reaches it at its real address and completes.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
write_config "$TMP/voipguard.yaml"
vg_start "$TMP/voipguard.yaml" "$TMP/var" first || e2e_finish

callee_port=$(pick_port 127.0.0.4)
caller_port=$(pick_port 127.0.0.2)
sipp_register register_1002 127.0.0.4 "$callee_port" 1002 "$PW_1002" 10.99.0.4:5060
check "1002 registers from 127.0.0.4:$callee_port with Contact 10.99.0.4:5060 (sipp exit $?)" $?
vg_stop
[ -s "$TMP/var/voipguard.db" ]
check "the bindings database exists in the var directory" $?
[ "$(stat -c %a "$TMP/var/voipguard.db")" = 600 ]
check "the bindings database has mode 0600" $?

vg_start "$TMP/voipguard.yaml" "$TMP/var" second || e2e_finish
sipp_uas_bg callee uas_answer.xml 127.0.0.4 "$callee_port" 10.99.0.4:5060
check "callee SIPp listening" $?
uas=$SIPP_PID
sipp_call caller uac_call.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1002
check "caller: after the restart the call to 1002 completes (sipp exit $?)" $?
sipp_wait $uas
check "callee: the restored binding delivered the call to 127.0.0.4:$callee_port (sipp exit $?)" $?
sipp_received "$TMP/callee.msg" INVITE | grep -q "^INVITE sip:1002@10.99.0.4:5060;transport=UDP SIP/2.0"
check "the INVITE carries the Contact registered before the restart" $?
! grep -q "^SIP/2.0 480" "$TMP/caller.msg"
check "no 480 after the restart" $?

vg_stop
e2e_finish
