#!/usr/bin/env bash
# End-to-end: configuration reload (SIGHUP).
#  * During an active call, SIGHUP with a modified, valid configuration (a new account): the reload is
#    logged, the call goes on and completes (BYE, 200), and the new account can register.
#  * SIGHUP with an invalid configuration: voipguard logs the rejection with the error's position,
#    keeps running with the configuration it had (REGISTER still works, the new account included).
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

PW_1004='Golf-Hotel-04!'
VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
cfg="$TMP/voipguard.yaml"
write_config "$cfg"
vg_start "$cfg" "$TMP/var" || e2e_finish

callee_port=$(pick_port 127.0.0.4)
caller_port=$(pick_port 127.0.0.2)
other_port=$(pick_port 127.0.0.3)
sipp_register register_1002 127.0.0.4 "$callee_port" 1002 "$PW_1002" "127.0.0.4:$callee_port"
check "1002 registers (sipp exit $?)" $?
sipp_register register_1004_before 127.0.0.3 "$other_port" 1004 "$PW_1004" "127.0.0.3:$other_port"
[ $? != 0 ] && grep -q "^SIP/2.0 403" "$TMP/register_1004_before.msg"
check "1004 is not an account yet (403)" $?

sipp_uas_bg callee uas_answer.xml 127.0.0.4 "$callee_port" "127.0.0.4:$callee_port"
check "callee SIPp listening" $?
uas=$SIPP_PID
sipp_bg caller -sf "$SCENARIOS/uac_call_long.xml" -i 127.0.0.2 -p "$caller_port" -s 1002 \
  -key user 1001 -key domain "$DOMAIN" -au 1001 -ap "$PW_1001" "$VG_ADDR:$VG_PORT"
uac=$SIPP_PID
wait_file_match "$TMP/callee.msg" "^ACK sip:" 15
check "the call is established (the callee got the ACK)" $?

# A valid change, written atomically, then SIGHUP mid-call.
{
  yaml_common
  yaml_listeners "$VG_ADDR" "$VG_PORT"
  yaml_registrar_tenant
  echo "      - { username: \"1004\", password: \"$PW_1004\" }"
} >"$cfg.new" && mv "$cfg.new" "$cfg"
kill -HUP "$VG_PID"
wait_log "info configuration reloaded" 10
check "SIGHUP with a valid configuration: 'configuration reloaded' logged" $?
sipp_wait $uac
check "caller: the call survives the reload and ends with BYE, 200 (sipp exit $?)" $?
sipp_wait $uas
check "callee: the call survives the reload (sipp exit $?)" $?
sipp_received "$TMP/callee.msg" BYE | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT"
check "the BYE after the reload still went through voipguard (Record-Route kept)" $?
sipp_register register_1004 127.0.0.3 "$other_port" 1004 "$PW_1004" "127.0.0.3:$other_port"
check "the account added by the reload registers (sipp exit $?)" $?

# An invalid configuration is rejected whole; the running one stays.
printf 'bogus_key: 1\n' >>"$cfg"
kill -HUP "$VG_PID"
wait_log "error reload rejected" 10
check "SIGHUP with an invalid configuration: 'reload rejected' logged" $?
grep "reload rejected" "$VG_LOG" | grep -qF "$cfg:"
check "the rejection names the file and position of the error" $?
grep -A3 "reload rejected" "$VG_LOG" | grep -q "bogus_key"
check "the rejection names the offending key" $?
sleep 0.2  # a crash right after the rejection would show here
vg_alive
check "voipguard keeps running after the rejected reload" $?
sipp_register register_1001_after 127.0.0.2 "$caller_port" 1001 "$PW_1001" "127.0.0.2:$caller_port"
check "REGISTER still works after the rejected reload (sipp exit $?)" $?
sipp_register register_1004_after 127.0.0.3 "$other_port" 1004 "$PW_1004" "127.0.0.3:$other_port"
check "the last valid configuration is still in force (1004 registers) (sipp exit $?)" $?

vg_stop
e2e_finish
