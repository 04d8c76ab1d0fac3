#!/usr/bin/env bash
# End-to-end: SRTP through the media relay with real softphones (baresip; SIPp has no SRTP or TLS).
#  1. Two baresip instances registered over TLS, with mandatory SRTP (tenant policy srtp: require),
#     call each other; the
#     caller plays a WAV of pseudo-random noise. On the wire (tshark on lo) no RTP payload carries the
#     audio's G.711 frames (encrypted on both legs, with keys voipguard generated per leg), and the
#     audio the callee decodes correlates with what was sent (voipguard decrypted and re-encrypted).
#  2. RTP<->SRTP bridge: baresip with mandatory SRTP outside calls a SIPp UAS that answers plain RTP
#     and echoes it: the SIPp leg carries the audio in clear G.711, the baresip leg only encrypted,
#     and the echo baresip decodes correlates with what it sent.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/media_lib.sh"
source "$(dirname "$0")/baresip_lib.sh"
e2e_init "$@"
for tool in tshark baresip; do
  command -v "$tool" >/dev/null || { check "$tool is installed" 1; e2e_finish; }
done
AUDIO="$PYTHON $E2E_DIR/media_audio.py"

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
TLS_PORT=$(pick_port $VG_ADDR)
media_range
{
  yaml_common_md5
  yaml_listeners "$VG_ADDR" "$VG_PORT"
  printf '%s\n' "  - { name: tls, transport: tls, address: \"$VG_ADDR\", port: $TLS_PORT, tls: { self_signed: true } }"
  yaml_media
  printf '%s\n' "tenants:" "  - domain: $DOMAIN" "    mode: registrar" "    srtp: require" "    accounts:" \
    "      - { username: \"1001\", password: \"$PW_1001\" }" \
    "      - { username: \"1002\", password: \"$PW_1002\" }" \
    "      - { username: \"1003\", password: \"$PW_1003\", srtp: offer }"
} >"$TMP/voipguard.yaml"
vg_start "$TMP/voipguard.yaml" "$TMP/var" || e2e_finish
SERVER=$(sip_hostport "$VG_ADDR" "$VG_PORT")
TLS_SERVER=$(sip_hostport "$VG_ADDR" "$TLS_PORT")
$AUDIO noise-wav "$TMP/noise.wav" 8
check "test audio written" $?

capture_start() {
  timeout -k 2 90 tshark -i lo -f "udp portrange $MEDIA_MIN-$MEDIA_MAX" -w "$TMP/$1.pcapng" >"$TMP/$1.tshark" 2>&1 &
  TSHARK_PID=$!
  E2E_PIDS+=("$TSHARK_PID")
  wait_file_match "$TMP/$1.tshark" "Capturing on" 15
}
capture_stop() { kill -INT "$TSHARK_PID" 2>/dev/null; wait "$TSHARK_PID" 2>/dev/null; }
# payloads PCAP FILTER OUT: the UDP payloads (hex, one per line) of the packets matching FILTER.
payloads() { tshark -r "$1" -Y "$2" -T fields -e udp.payload >"$3" 2>/dev/null; wc -l <"$3"; }
# wait_wav FILE SECONDS [DEADLINE]: a recording grows to at least SECONDS of 8 kHz 16-bit audio.
wait_wav() {
  local want=$((44 + 16000 * $2)) deadline=$((SECONDS + ${3:-30})) f
  while [ $SECONDS -lt $deadline ]; do
    for f in $1; do
      [ -f "$f" ] && [ "$(stat -c %s "$f")" -ge "$want" ] && return 0
    done
    sleep 0.2
  done
  return 1
}

# --- 1. baresip <-> baresip, SRTP on both legs --------------------------------------------------
capture_start srtp
check "tshark captures the media range" $?
baresip_start callee 127.0.0.4 1002 "$PW_1002" tls "$TLS_SERVER" --mediaenc srtp-mand --record
baresip_wait_registered callee 20
check "baresip 1002 registers over TLS" $?
baresip_start caller 127.0.0.2 1001 "$PW_1001" tls "$TLS_SERVER" --mediaenc srtp-mand --wav "$TMP/noise.wav" \
  --dial "sip:1002@$DOMAIN"
baresip_wait caller 'Call established' 30
check "baresip 1001 calls 1002 over TLS with mandatory SRTP through voipguard: call established" $?
wait_wav "${BARESIP_DIR[callee]}/*dec.wav" 4 40
check "the callee decodes 4 s of audio" $?
baresip_stop caller
baresip_stop callee
capture_stop

# baresip sends its RTP from 127.0.0.1 whatever its SIP address (an SRTP leg latches on the first
# authenticated packet from any source): legs are told apart by voipguard's ports.
INTO="ip.dst==127.0.0.1 && udp.dstport>=$MEDIA_MIN && udp.dstport<=$MEDIA_MAX && !(udp.srcport>=$MEDIA_MIN && udp.srcport<=$MEDIA_MAX)"
OUTOF="udp.srcport>=$MEDIA_MIN && udp.srcport<=$MEDIA_MAX"
n_out=$(payloads "$TMP/srtp.pcapng" "$INTO" "$TMP/into_vg.hex")
n_in=$(payloads "$TMP/srtp.pcapng" "$OUTOF" "$TMP/out_of_vg.hex")
[ "$n_out" -ge 200 ] && [ "$n_in" -ge 200 ]
check "RTP flows into voipguard ($n_out packets) and out of it ($n_in packets)" $?
r_out=$($AUDIO payload-corr "$TMP/noise.wav" "$TMP/into_vg.hex")
r_in=$($AUDIO payload-corr "$TMP/noise.wav" "$TMP/out_of_vg.hex")
echo "  payloads as G.711 vs the audio: into voipguard $r_out; out of voipguard $r_in"
low() { echo "$1" | awk '{ exit !($2 < 0.3 && $2 > -0.3) }'; }
low "$r_out" && low "$r_in"
check "no leg carries the audio in clear: the payloads on the wire are not the original audio" $?
dec=$(ls "${BARESIP_DIR[callee]}"/*dec.wav 2>/dev/null | head -1)
corr=$($AUDIO correlate "$TMP/noise.wav" "$dec" --min 0.9)
check "the audio the callee decoded matches what the caller sent ($corr)" $?
grep -qi "srtp" "${BARESIP_LOG[caller]}"
check "baresip negotiated SRTP" $?

# --- 2. RTP<->SRTP bridge: baresip (SRTP) -> SIPp UAS 1003 (plain RTP, echo) ---------------------
callee_port=$(pick_port 127.0.0.5)
callee_media=$(pick_port 127.0.0.5)
sipp_register register_1003 127.0.0.5 "$callee_port" 1003 "$PW_1003" "127.0.0.5:$callee_port"
check "SIPp 1003 registers from 127.0.0.5 (sipp exit $?)" $?
capture_start bridge
check "tshark captures the media range" $?
sipp_bg uas1003 -sf "$SCENARIOS/uas_answer.xml" -i 127.0.0.5 -p "$callee_port" -s 1003 \
  -key contact_host "127.0.0.5:$callee_port" -mp "$callee_media" -rtp_echo
wait_bound 127.0.0.5 "$callee_port" udp 10
baresip_start bcaller 127.0.0.2 1001 "$PW_1001" udp "$SERVER" --mediaenc srtp-mand --wav "$TMP/noise.wav" \
  --dial "sip:1003@$DOMAIN" --record
baresip_wait bcaller 'Call established' 30
check "baresip (SRTP) reaches the plain-RTP SIPp UAS: call established" $?
wait_wav "${BARESIP_DIR[bcaller]}/*dec.wav" 4 40
check "baresip decodes 4 s of echoed audio" $?
baresip_stop bcaller
capture_stop

n_plain=$(payloads "$TMP/bridge.pcapng" "ip.src==127.0.0.1 && ip.dst==127.0.0.5 && $OUTOF" "$TMP/to_sipp.hex")
n_enc=$(payloads "$TMP/bridge.pcapng" "$INTO && !(ip.src==127.0.0.5)" "$TMP/from_baresip.hex")
r_plain=$($AUDIO payload-corr "$TMP/noise.wav" "$TMP/to_sipp.hex")
r_enc=$($AUDIO payload-corr "$TMP/noise.wav" "$TMP/from_baresip.hex")
echo "  to SIPp ($n_plain packets): $r_plain; from baresip ($n_enc packets): $r_enc"
[ "$n_plain" -ge 150 ] && echo "$r_plain" | awk '{ exit !($2 >= 0.9) }'
check "the inside leg to SIPp carries the audio as plain G.711 (voipguard decrypted it)" $?
[ "$n_enc" -ge 150 ] && low "$r_enc"
check "the outside leg from baresip is encrypted" $?
dec=$(ls "${BARESIP_DIR[bcaller]}"/*dec.wav 2>/dev/null | head -1)
corr=$($AUDIO correlate "$TMP/noise.wav" "$dec" --min 0.9)
check "the echo baresip decoded (RTP->SRTP by voipguard) matches what it sent ($corr)" $?

vg_stop
e2e_finish
