#!/usr/bin/env bash
# End-to-end: a presence subscription between two registered phones through the registrar (RFC 6665).
# 1002 registers from 127.0.0.4 and accepts one subscription (SIPp uas_notify.xml); 1001 subscribes
# from 127.0.0.2 (uac_subscribe.xml): SUBSCRIBE, 407, SUBSCRIBE with credentials, 200, the
# notifier's in-dialog NOTIFY, an in-dialog refresh SUBSCRIBE, the final NOTIFY (terminated) — all
# through voipguard. Then a NOTIFY with tags nobody set up through voipguard gets 481.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

vg_start_registrar

callee_1002_listening notifier uas_notify.xml
notifier_port=$CALLEE_PORT
uas=$UAS_PID
subscriber_port=$(pick_port 127.0.0.2)
sipp_call subscriber uac_subscribe.xml 127.0.0.2 "$subscriber_port" 1001 "$PW_1001" 1002
check "subscriber: SUBSCRIBE/407/SUBSCRIBE/200, NOTIFY, refresh, final NOTIFY completes (sipp exit $?)" $?
sipp_wait $uas
check "notifier: SUBSCRIBE/200, NOTIFY/200, refresh/200, final NOTIFY/200 completes (sipp exit $?)" $?

sub=$(sipp_received "$TMP/notifier.msg" SUBSCRIBE)
echo "$sub" | grep -q "^SUBSCRIBE sip:1002@127.0.0.4:$notifier_port;transport=UDP SIP/2.0"
check "the notifier's SUBSCRIBE carries its registered Contact as Request-URI" $?
echo "$sub" | grep -qiE "^Record-Route: <sip:127.0.0.1:$VG_PORT;lr>"
check "the SUBSCRIBE is record-routed through voipguard" $?
notify=$(sipp_received "$TMP/subscriber.msg" NOTIFY)
echo "$notify" | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT;branch=z9hG4bK"
check "the NOTIFY reached the subscriber through voipguard" $?
! echo "$notify" | grep -qi "^Route:"
check "voipguard consumed its own Route entry of the NOTIFY" $?
[ "$(msg_count "$TMP/subscriber.msg" '^NOTIFY ')" -ge 2 ]
check "both NOTIFYs (active, terminated) reached the subscriber" $?
[ "$(msg_count "$TMP/notifier.msg" '^SUBSCRIBE ')" -ge 2 ]
check "the in-dialog refresh SUBSCRIBE reached the notifier" $?

# A NOTIFY nobody subscribed to through voipguard (made-up Call-ID and tags): 481, not relayed.
reply=$("$PYTHON" - "$VG_ADDR" "$VG_PORT" "$subscriber_port" <<'PY'
import socket, sys
vg, port, sub_port = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.4", 0))
s.settimeout(5)
me = "127.0.0.4:%d" % s.getsockname()[1]
msg = ("NOTIFY sip:1001@127.0.0.2:%s SIP/2.0\r\n"
       "Via: SIP/2.0/UDP %s;branch=z9hG4bKforged1;rport\r\n"
       "Route: <sip:%s:%d;lr>\r\n"
       "From: <sip:1002@e2e.voipguard.test>;tag=forged-notifier\r\n"
       "To: <sip:1001@e2e.voipguard.test>;tag=forged-subscriber\r\n"
       "Call-ID: forged-subscription@127.0.0.4\r\nCSeq: 1 NOTIFY\r\nEvent: presence\r\n"
       "Subscription-State: active;expires=600\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
       % (sub_port, me, vg, port))
s.sendto(msg.encode(), (vg, port))
try:
    print(s.recv(65535).decode(errors="replace").split("\r\n")[0])
except socket.timeout:
    print("timeout")
PY
)
[ "$reply" = "SIP/2.0 481 Call/Transaction Does Not Exist" ]
check "a NOTIFY with made-up tags gets 481 ($reply)" $?

vg_stop
e2e_finish
