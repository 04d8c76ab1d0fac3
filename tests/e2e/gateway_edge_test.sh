#!/usr/bin/env bash
# End-to-end: an edge-mode tenant in front of a PBX (a SIPp UAS on 127.0.0.5 playing the PBX,
# `default_upstream`). A caller's INVITE needs no authentication at voipguard (the PBX keeps the
# accounts) and is forwarded to the PBX with voipguard's Via and Record-Route; the call completes
# (ACK and BYE reach the PBX through voipguard).
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

EDGE=edge.e2e.voipguard.test
VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
pbx_port=$(pick_port 127.0.0.5)
caller_port=$(pick_port 127.0.0.2)
{
  yaml_common
  yaml_listeners "$VG_ADDR" "$VG_PORT"
  # Health checks off: their OPTIONS would be an unexpected message for the SIPp PBX.
  cat <<YAML
upstreams:
  - name: pbx
    host: 127.0.0.5
    port: $pbx_port
    transport: udp
    health_check: { interval: 0 }
tenants:
  - domain: $EDGE
    mode: edge
    default_upstream: pbx
YAML
} >"$TMP/voipguard.yaml"
vg_start "$TMP/voipguard.yaml" "$TMP/var" || e2e_finish

sipp_uas_bg pbx uas_answer.xml 127.0.0.5 "$pbx_port" "127.0.0.5:$pbx_port"
check "PBX SIPp listening on 127.0.0.5:$pbx_port" $?
pbx=$SIPP_PID
DOMAIN=$EDGE sipp_call caller uac_call_noauth.xml 127.0.0.2 "$caller_port" 2001 unused 3001
check "caller: INVITE/100/180/200/ACK/BYE/200 without authentication (sipp exit $?)" $?
sipp_wait $pbx
check "PBX: INVITE/180/200/ACK/BYE/200 (sipp exit $?)" $?

! grep -q "^SIP/2.0 407" "$TMP/caller.msg"
check "no 407 challenge in edge mode" $?
invite=$(sipp_received "$TMP/pbx.msg" INVITE)
echo "$invite" | grep -q "^INVITE sip:3001@$EDGE SIP/2.0"
check "the PBX receives the caller's Request-URI unchanged" $?
echo "$invite" | grep -qiE "^Record-Route: <sip:127.0.0.1:$VG_PORT;lr>"
check "the PBX sees voipguard's Record-Route" $?
echo "$invite" | grep -i "^Via:" | head -1 | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT;branch=z9hG4bK"
check "the PBX sees voipguard's Via on top" $?
echo "$invite" | grep -i "^Via:" | sed -n 2p | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.2:$caller_port;.*received=127.0.0.2;.*rport=$caller_port"
check "the caller's Via below it has received= and rport= (RFC 3581)" $?
sipp_received "$TMP/caller.msg" "SIP/2.0 200" | grep -qiE "^Record-Route: <sip:127.0.0.1:$VG_PORT;lr>"
check "the caller's 200 OK carries voipguard's Record-Route" $?
sipp_received "$TMP/pbx.msg" ACK | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT"
check "the ACK reached the PBX through voipguard" $?
sipp_received "$TMP/pbx.msg" BYE | grep -qiE "^Via: SIP/2.0/UDP 127.0.0.1:$VG_PORT"
check "the BYE reached the PBX through voipguard" $?

vg_stop
e2e_finish
