#!/usr/bin/env bash
# End-to-end: a SIPp INVITE flood from 127.0.0.6 at the highest rate one SIPp process sends (tens of
# thousands of INVITEs per second, no retransmissions) does not stop a legitimate office: 1002
# registers from 127.0.0.4 and answers, 1001 registers from 127.0.0.2 and places 100 calls to it
# while the flood runs; at least 99 % of them succeed. The flooder is held to its per-IP buckets
# (dropped before parsing, filter.flood events, the flood filter's drop counter in /metrics), the
# office is never limited, and voipguard stays up and exits cleanly. Loopback is not trusted here;
# the office's two addresses are `flood.known_networks` (the documented setting for an office).
source "$(dirname "$0")/lib.sh"
e2e_init "$@"
command -v curl >/dev/null || { check "curl is installed" 1; e2e_finish; }
command -v sqlite3 >/dev/null || { check "sqlite3 is installed" 1; e2e_finish; }

LEGIT_CALLS=100
LEGIT_RATE=10   # calls per second: 1001's INVITEs (two per call) stay within its known-network bucket
# The flood: -r far above what one SIPp process reaches, so it sends as fast as it can (about 31,000
# INVITEs/s here). A sanitizer build (make test-asan: Debug, ASan+UBSan) drains only about 15,000
# datagrams/s per worker on this 2-core machine, so the flood overflows its socket buffer and the
# office loses 6-11 % of its calls there; that run floods at 5000/s instead (still 500 times the
# per-IP INVITE limit). The release run is the one that measures the real thing.
FLOOD_RATE=100000
MIN_FLOOD_RATE=5000
if ldd "$1" 2>/dev/null | grep -q libasan; then
  FLOOD_RATE=5000
  MIN_FLOOD_RATE=2500
fi

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
METRICS_PORT=$(pick_port 127.0.0.1)
write_config "$TMP/vg.yaml" "metrics:
  listen: 127.0.0.1:$METRICS_PORT
filters:
  trusted: [127.0.0.9]
  flood:
    known_networks: [127.0.0.2/32, 127.0.0.4/32]
    per_account: { requests: 300, per: 10s }"
# Debug logging writes a line per message: at tens of thousands of messages a second that would be
# the test's bottleneck, not voipguard's filters.
sed -i 's/^  level: debug/  level: info/' "$TMP/vg.yaml"
vg_start "$TMP/vg.yaml" "$TMP/var" || e2e_finish
scrape() { curl -s --max-time 5 "http://127.0.0.1:$METRICS_PORT/metrics"; }
# metric NAME-WITH-LABELS: its value in the last scrape ($TMP/metrics.txt), 0 when absent.
metric() { awk -v m="$1" '$1 == m { print int($2); found = 1 } END { if (!found) print 0 }' "$TMP/metrics.txt"; }
# sipp_stat CSV COLUMN: the column (by header name) of the last line of a SIPp -trace_stat file.
sipp_stat() {
  awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next } { last = $c }
    END { print last + 0 }' "$1"
}

# The flood: every "call" is one INVITE without credentials, sent once, at FLOOD_RATE. Bounded by
# -timeout (it is stopped earlier).
flood_port=$(pick_port 127.0.0.6)
(cd "$TMP" && exec timeout -k 3 "$SIPP_DEADLINE" sipp -nostdin -bind_local -i 127.0.0.6 -p "$flood_port" \
  -sf "$SCENARIOS/flood_invite.xml" -s 1002 -r "$FLOOD_RATE" -m 10000000 -buff_size 1048576 \
  -timeout 35s -trace_stat -stf "$TMP/flood.csv" -fd 1 "$VG_ADDR:$VG_PORT" >"$TMP/flood.out" 2>&1 </dev/null) &
FLOOD_PID=$!
E2E_PIDS+=("$FLOOD_PID")
flood_start=$SECONDS
# Wait until the flood is being dropped before the office starts.
deadline=$((SECONDS + 10))
while [ $SECONDS -lt $deadline ]; do
  scrape >"$TMP/metrics.txt"
  [ "$(metric 'voipguard_filter_decisions_total{filter="flood",action="drop"}')" -gt 1000 ] && break
  sleep 0.2
done
[ "$(metric 'voipguard_filter_decisions_total{filter="flood",action="drop"}')" -gt 1000 ]
check "the flood is under way (over 1000 INVITEs dropped by the flood filter)" $?

callee_port=$(pick_port 127.0.0.4)
caller_port=$(pick_port 127.0.0.2)
sipp_register register_1002 127.0.0.4 "$callee_port" 1002 "$PW_1002" "127.0.0.4:$callee_port"
check "during the flood, 1002 registers from 127.0.0.4" $?
sipp_register register_1001 127.0.0.2 "$caller_port" 1001 "$PW_1001" "127.0.0.2:$caller_port"
check "during the flood, 1001 registers from 127.0.0.2" $?
sipp_uas_bg callee uas_answer.xml 127.0.0.4 "$callee_port" "127.0.0.4:$callee_port" -m "$LEGIT_CALLS" \
  -trace_stat -stf "$TMP/callee.csv"
check "callee SIPp listening" $?
uas=$SIPP_PID
sipp_call caller uac_call.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" 1002 -m "$LEGIT_CALLS" -r "$LEGIT_RATE" \
  -trace_stat -stf "$TMP/caller.csv" -fd 1
ok=$(sipp_stat "$TMP/caller.csv" "SuccessfulCall(C)")
failed=$(sipp_stat "$TMP/caller.csv" "FailedCall(C)")
# The flood's figures up to now (its statistics file is written every second).
kill -0 "$FLOOD_PID" 2>/dev/null
check "the flood was still running when the last call ended" $?
kill -TERM "$FLOOD_PID" 2>/dev/null
wait "$FLOOD_PID" 2>/dev/null
kill -TERM "$uas" 2>/dev/null  # it has ended unless a call failed on its side
sent=$(sipp_stat "$TMP/flood.csv" "OutgoingCall(C)")
flood_seconds=$(awk -F';' 'NR > 1 { split($1, s, "\t"); split($3, n, "\t"); t = n[3] - s[3] } END { print t }' "$TMP/flood.csv")
flood_rate=$(awk -v n="$sent" -v t="$flood_seconds" 'BEGIN { if (t > 0) printf "%d", n / t; else print 0 }')
echo "legit calls: $ok of $LEGIT_CALLS succeeded ($failed failed); flood: $sent INVITEs in ${flood_seconds}s = $flood_rate/s"
[ $((ok * 100)) -ge $((LEGIT_CALLS * 99)) ]
check "at least 99 % of 1001's calls succeed during the flood ($ok of $LEGIT_CALLS)" $?
[ "$flood_rate" -ge "$MIN_FLOOD_RATE" ]
check "the flood ran at over $MIN_FLOOD_RATE INVITEs per second ($flood_rate/s)" $?

vg_alive
check "voipguard is still running after the flood" $?
scrape >"$TMP/metrics.txt"
flood_elapsed=$((SECONDS - flood_start + 1))
dropped=$(metric 'voipguard_filter_decisions_total{filter="flood",action="drop"}')
invites_in=$(metric 'voipguard_sip_requests_total{direction="in",transport="udp",method="INVITE"}')
echo "flood filter drops: $dropped; INVITEs that reached the proxy: $invites_in"
# Most of the flood is dropped by its per-IP bucket before parsing (the rest is lost in socket
# buffers); what is parsed is at most 2 INVITEs per call of the office (plus a few retransmissions)
# and the flooder's per_ip allowance (default: a burst of 50, then 10 per second).
[ $((dropped * 2)) -ge "$sent" ]
check "the flood filter dropped at least half of the flood ($dropped of $sent)" $?
[ "$invites_in" -le $((2 * LEGIT_CALLS + 20 + 50 + 10 * flood_elapsed)) ]
check "at most the per-IP allowance of the flood was parsed ($invites_in INVITEs in ${flood_elapsed}s)" $?
vg_stop

n=$(event_count "kind = 'filter.flood' AND source_ip = '127.0.0.6' AND rule = 'per_ip'")
[ "${n:-0}" -ge 1 ]
check "the flooder's drops are filter.flood events (rule per_ip: $n)" $?
n=$(event_count "kind LIKE 'filter.%' AND source_ip IN ('127.0.0.2', '127.0.0.4')")
[ "${n:-1}" = 0 ]
check "the office was never limited (no filter event for 127.0.0.2 or 127.0.0.4)" $?
e2e_finish
