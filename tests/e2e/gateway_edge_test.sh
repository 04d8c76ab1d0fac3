#!/usr/bin/env bash
# End-to-end: an edge-mode tenant in front of a PBX (a SIPp UAS on 127.0.0.5 playing the PBX,
# `default_upstream`). A caller's INVITE needs no authentication at voipguard (the PBX keeps the
# accounts) and is forwarded to the PBX with voipguard's Via and Record-Route; the call completes
# (ACK and BYE reach the PBX through voipguard).
# Health checks: with the PBX down and `health_check: { interval: 2, timeout: 1 }`, calls get 503
# once the OPTIONS ping has gone unanswered for `timeout`; when the PBX is back (a python stand-in
# answering OPTIONS 200 and INVITE 486), the next ping marks it up and calls are forwarded again.
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

# --- health checks -------------------------------------------------------------------------------
VG_PORT=$(pick_port $VG_ADDR)
pbx2_port=$(pick_port 127.0.0.6)
{
  yaml_common
  yaml_listeners "$VG_ADDR" "$VG_PORT"
  cat <<YAML
upstreams:
  - { name: pbx, host: 127.0.0.6, port: $pbx2_port, health_check: { interval: 2, timeout: 1 } }
tenants:
  - { domain: $EDGE, mode: edge, default_upstream: pbx }
YAML
} >"$TMP/health.yaml"
vg_start "$TMP/health.yaml" "$TMP/var2" health || e2e_finish

invite() {  # invite N: one INVITE from 127.0.0.2; prints the final status line (or TIMEOUT)
  timeout 10 "$PYTHON" "$E2E_DIR/sip_digest_client.py" --server "$VG_ADDR:$VG_PORT" --bind 127.0.0.2 \
    --domain "$EDGE" --timeout 1 raw <<SIP
INVITE sip:3001@$EDGE SIP/2.0
Via: SIP/2.0/UDP @LOCAL@;branch=z9hG4bKhealth$1;rport
From: <sip:2001@$EDGE>;tag=h$1
To: <sip:3001@$EDGE>
Call-ID: health$1@e2e
CSeq: 1 INVITE
Contact: <sip:2001@@LOCAL@>
Max-Forwards: 70
Content-Length: 0

SIP
}
# until_status PREFIX DEADLINE: INVITEs (1 s apart at most) until one gets a final matching PREFIX.
until_status() {
  local deadline=$((SECONDS + $2)) n=0 got
  while [ $SECONDS -lt $deadline ]; do
    n=$((n + 1))
    got=$(invite "$1$n")
    case "$got" in "SIP/2.0 $1"*) echo "$got"; return 0 ;; esac
    sleep 0.2
  done
  echo "last: $got"
  return 1
}
start=$SECONDS
got=$(until_status 503 8)
check "PBX down: calls get 503 once the ping went unanswered for health_check.timeout ($got)" $?
[ $((SECONDS - start)) -le 5 ]
check "the PBX was marked down after about the 1 s timeout, not Timer F's 32 s ($((SECONDS - start))s)" $?
echo "$got" | grep -q "upstream not answering"
check "the 503 says the upstream is not answering" $?

# The PBX comes back: answers OPTIONS with 200 and INVITE with 486 (so a forwarded call shows).
"$PYTHON" - 127.0.0.6 "$pbx2_port" >"$TMP/pbx2.log" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(30)
while True:
    data, peer = s.recvfrom(65535)
    text = data.decode(errors="replace")
    start = text.split("\r\n", 1)[0]
    print(start, flush=True)
    method = start.split(" ", 1)[0]
    if method not in ("OPTIONS", "INVITE"):
        continue
    keep = []
    for line in text.split("\r\n"):
        name = line.split(":", 1)[0].strip().lower()
        if name in ("via", "from", "call-id", "cseq"):
            keep.append(line)
        elif name == "to":
            keep.append(line + ";tag=pbx")
    status = "200 OK" if method == "OPTIONS" else "486 Busy Here"
    s.sendto(("SIP/2.0 %s\r\n%s\r\nContent-Length: 0\r\n\r\n" % (status, "\r\n".join(keep))).encode(), peer)
PY
E2E_PIDS+=($!)
wait_bound 127.0.0.6 "$pbx2_port" udp 10
got=$(until_status 486 8)
check "PBX back: after the next ping calls are forwarded again ($got)" $?
grep -q "^OPTIONS sip:127.0.0.6:$pbx2_port SIP/2.0" "$TMP/pbx2.log"
check "the PBX got voipguard's OPTIONS ping" $?
grep -q "^INVITE sip:3001@$EDGE SIP/2.0" "$TMP/pbx2.log"
check "the PBX got the INVITE" $?

vg_stop
e2e_finish
