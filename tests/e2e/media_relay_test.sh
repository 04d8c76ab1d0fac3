#!/usr/bin/env bash
# End-to-end: the media relay with two SIPp phones. 1002 registers from 127.0.0.4 and answers with
# SIPp's RTP echo; 1001 calls from 127.0.0.2 and plays 7 s of G.711 RTP (SIPp's g711a.pcap). Both
# SDPs seen by the phones point at voipguard's media ports, the RTP and its echo flow through them
# (tshark on lo), and an attacker on 127.0.0.9 spraying RTP at both ports during the call is dropped
# and reported (nothing it sent leaves voipguard; the drop counters are unit-tested). The ports close with the call. A second call from
# account 1003, whose policy is `srtp: require`, offers plain RTP and gets 488.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/media_lib.sh"
e2e_init "$@"
command -v tshark >/dev/null || { check "tshark is installed" 1; e2e_finish; }
PCAP_SRC=/usr/share/sip-tester/g711a.pcap
[ -r "$PCAP_SRC" ] || { check "SIPp's g711a.pcap is installed" 1; e2e_finish; }

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
media_range
{
  yaml_common
  yaml_listeners "$VG_ADDR" "$VG_PORT"
  yaml_media
  printf '%s\n' "tenants:" "  - domain: $DOMAIN" "    mode: registrar" "    accounts:" \
    "      - { username: \"1001\", password: \"$PW_1001\" }" \
    "      - { username: \"1002\", password: \"$PW_1002\" }" \
    "      - { username: \"1003\", password: \"$PW_1003\", srtp: require }"
} >"$TMP/voipguard.yaml"
vg_start "$TMP/voipguard.yaml" "$TMP/var" || e2e_finish

callee_port=$(pick_port 127.0.0.4)
caller_port=$(pick_port 127.0.0.2)
callee_media=$(pick_port 127.0.0.4)
caller_media=$(pick_port 127.0.0.2)
sipp_register register_1002 127.0.0.4 "$callee_port" 1002 "$PW_1002" "127.0.0.4:$callee_port"
check "1002 registers from 127.0.0.4 (sipp exit $?)" $?

# Capture the media range on loopback for the whole call.
timeout -k 2 60 tshark -i lo -f "udp portrange $MEDIA_MIN-$MEDIA_MAX" -w "$TMP/media.pcapng" >"$TMP/tshark.log" 2>&1 &
TSHARK_PID=$!
E2E_PIDS+=("$TSHARK_PID")
wait_file_match "$TMP/tshark.log" "Capturing on" 15
check "tshark captures on lo" $?

sed "s|@PCAP@|$PCAP_SRC|" "$SCENARIOS/uac_call_rtp.xml" >"$TMP/uac_call_rtp.xml"
sipp_uas_bg callee uas_answer.xml 127.0.0.4 "$callee_port" "127.0.0.4:$callee_port" -mp "$callee_media" -rtp_echo
check "callee SIPp listening with RTP echo" $?
uas=$SIPP_PID
sipp_bg caller -sf "$TMP/uac_call_rtp.xml" -i 127.0.0.2 -p "$caller_port" -mp "$caller_media" -s 1002 \
  -key user 1001 -key domain "$DOMAIN" -au 1001 -ap "$PW_1001" "$(sip_hostport "$VG_ADDR" "$VG_PORT")"
uac=$SIPP_PID

# Once the call is answered: the media ports from the SDPs each phone received.
wait_file_match "$TMP/caller.msg" "^SIP/2.0 200" 20
check "the call is answered" $?
sdp_port() { sipp_received "$1" "$2" | awk '/^m=audio/ { print $2; exit }'; }
sdp_addr() { sipp_received "$1" "$2" | awk '/^c=IN/ { print $3; exit }'; }
port_for_caller=$(sdp_port "$TMP/caller.msg" "SIP/2.0 200")
port_for_callee=$(sdp_port "$TMP/callee.msg" INVITE)
[ "$(sdp_addr "$TMP/caller.msg" "SIP/2.0 200")" = 127.0.0.1 ] && [ "$(sdp_addr "$TMP/callee.msg" INVITE)" = 127.0.0.1 ]
check "both phones are told to send media to voipguard (c=IN IP4 127.0.0.1)" $?
[ -n "$port_for_caller" ] && [ -n "$port_for_callee" ] && [ "$port_for_caller" -ge "$MEDIA_MIN" ] &&
  [ "$port_for_caller" -le "$MEDIA_MAX" ] && [ "$port_for_callee" -ge "$MEDIA_MIN" ] &&
  [ "$port_for_callee" -le "$MEDIA_MAX" ] && [ "$port_for_caller" != "$port_for_callee" ]
check "the SDP ports ($port_for_caller for the caller, $port_for_callee for the callee) are relay ports" $?
! sipp_received "$TMP/callee.msg" INVITE | grep -q "^c=IN IP4 127.0.0.2"
check "the callee never sees the caller's own media address" $?

# RTP injection / RTP bleed: an attacker on 127.0.0.9 sprays packets at both relay ports mid-call.
"$PYTHON" - "$port_for_caller" "$port_for_callee" <<'PY'
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.9", 0))
for i in range(20):
    for port in (int(sys.argv[1]), int(sys.argv[2])):
        pkt = struct.pack("!BBHII", 0x80, 8, 40000 + i, 12345, 0xdeadbeef) + b"INJECTED-AUDIO" * 10
        s.sendto(pkt, ("127.0.0.1", port))
PY
check "the injector sent 20 packets to each relay port" $?

sipp_wait $uac
check "caller: call with 7 s of RTP completes (sipp exit $?)" $?
sipp_wait $uas
check "callee: call completes (sipp exit $?)" $?

# Detection: one media.rtp_injection event per side of the call, naming the attacker (the event store
# writes in the background: wait for it with a deadline).
injection_events() {
  "$PYTHON" - "$TMP/var/voipguard.db" <<'PY'
import sqlite3, sys
try:
    db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
    print(db.execute("SELECT count(*) FROM security_events WHERE kind = 'media.rtp_injection' "
                     "AND source_ip = '127.0.0.9' AND action = 'drop'").fetchone()[0])
except sqlite3.Error:
    print(0)
PY
}
n=0
for _ in $(seq 1 100); do
  n=$(injection_events)
  [ "$n" = 2 ] && break
  sleep 0.1
done
[ "$n" = 2 ]
check "two media.rtp_injection events (one per call side) from 127.0.0.9 were stored (got $n)" $?

# Ports are released with the call: both can be bound again.
released() {
  "$PYTHON" - "$@" <<'PY'
import socket, sys
for p in sys.argv[1:]:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind(("127.0.0.1", int(p)))
    except OSError:
        sys.exit(1)
    finally:
        s.close()
PY
}
ok=1
for _ in $(seq 1 50); do
  if released "$port_for_caller" "$port_for_callee"; then ok=0; break; fi
  sleep 0.1
done
check "the relay ports are closed after the BYE" $ok

kill -INT "$TSHARK_PID" 2>/dev/null
wait "$TSHARK_PID" 2>/dev/null
count() { tshark -r "$TMP/media.pcapng" -Y "$1" 2>/dev/null | wc -l; }
to_callee=$(count "ip.src==127.0.0.1 && ip.dst==127.0.0.4 && udp.srcport==$port_for_callee && udp.dstport==$callee_media")
to_caller=$(count "ip.src==127.0.0.1 && ip.dst==127.0.0.2 && udp.srcport==$port_for_caller && udp.dstport==$caller_media")
[ "$to_callee" -ge 200 ]
check "on the wire: RTP from voipguard's port $port_for_callee to the callee ($to_callee packets)" $?
[ "$to_caller" -ge 200 ]
check "on the wire: the echo from voipguard's port $port_for_caller to the caller ($to_caller packets)" $?
direct=$(count "ip.src==127.0.0.2 && ip.dst==127.0.0.4")
[ "$direct" = 0 ]
check "no media flows directly between the phones" $?
leaked=$(count 'ip.src==127.0.0.1 && udp contains "INJECTED"')
[ "$leaked" = 0 ]
check "nothing the attacker sent left voipguard" $?

# Policy: 1003 must use SRTP; its plain RTP offer is refused with 488.
sed 's/480/488/g' "$SCENARIOS/uac_call_expect_480.xml" >"$TMP/uac_call_expect_488.xml"
sipp_run caller_1003 -sf "$TMP/uac_call_expect_488.xml" -i 127.0.0.2 -p "$caller_port" -s 1002 \
  -key user 1003 -key domain "$DOMAIN" -au 1003 -ap "$PW_1003" "$(sip_hostport "$VG_ADDR" "$VG_PORT")"
check "1003 (srtp: require) offering plain RTP gets 488 (sipp exit $?)" $?
sipp_received "$TMP/caller_1003.msg" "SIP/2.0 488" | grep -q "SRTP required"
check "the 488 says SRTP is required" $?

vg_stop
e2e_finish
