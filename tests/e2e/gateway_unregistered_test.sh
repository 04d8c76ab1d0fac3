#!/usr/bin/env bash
# End-to-end: calls that cannot be delivered. After authenticating (407), a call to an account of the
# tenant with no registered contact gets 480 Temporarily Unavailable; a call to a user that is no
# account and has no route (the tenant has no upstream) gets 404 Not Found. Both finals are ACKed
# and the caller sees no retransmission of them. An account that registered and then removed its
# bindings (Contact: *, Expires: 0) gets 480 again.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

vg_start_registrar
caller_port=$(pick_port 127.0.0.2)

sipp_call call_1003 uac_call_expect_480.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1003
check "call to account 1003, not registered: 407, then 480 (sipp exit $?)" $?
sipp_received "$TMP/call_1003.msg" "SIP/2.0 407" | grep -qi "^Proxy-Authenticate: Digest"
check "the call was challenged with 407 first" $?
[ "$(msg_count "$TMP/call_1003.msg" "^SIP/2.0 480")" = 1 ]
check "480 received exactly once (the ACK ended the transaction)" $?

sipp_call call_5555 uac_call_expect_404.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 5555
check "call to 5555, no such user: 407, then 404 (sipp exit $?)" $?
[ "$(msg_count "$TMP/call_5555.msg" "^SIP/2.0 404")" = 1 ]
check "404 received exactly once" $?

# Bindings removed with "Contact: *" and Expires: 0 (RFC 3261 §10.2.2): calls get 480 again.
callee_port=$(pick_port 127.0.0.4)
sipp_register register_1002 127.0.0.4 "$callee_port" 1002 "$PW_1002" "127.0.0.4:$callee_port"
check "1002 registers (sipp exit $?)" $?
timeout 30 "$PYTHON" "$E2E_DIR/sip_digest_client.py" --server "$VG_ADDR:$VG_PORT" --bind 127.0.0.4 \
  --domain "$DOMAIN" register --algorithm MD5 --expires 0 --contact '*' -- 1002 "$PW_1002" >"$TMP/unregister.out"
grep -q "^RESULT auth 200$" "$TMP/unregister.out"
check "1002 removes all its contacts (Contact: *, Expires: 0)" $?
sipp_call call_1002 uac_call_expect_480.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1002
check "call to 1002 after it unregistered: 480 (sipp exit $?)" $?

vg_stop
e2e_finish
