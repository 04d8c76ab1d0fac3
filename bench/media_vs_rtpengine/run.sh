#!/usr/bin/env bash
# Media relay benchmark: voipguard's relay vs rtpengine (userspace forwarding), same streams, same
# run. For each mode (plain RTP, SRTP->SRTP re-encrypted, SRTP->RTP bridge) it prints relayed
# packets per CPU-second of each relay (~ packets/s per core) and the ratio voipguard/rtpengine.
# Usage: bench/media_vs_rtpengine/run.sh BUILD_DIR   (BENCH_STREAMS, BENCH_PACKETS, BENCH_RUNS)
set -u
BUILD=${1:-build}
BIN="$BUILD/media_bench"
[ -x "$BIN" ] || { echo "no $BIN (build with -DVG_BENCH=ON)"; exit 2; }
command -v rtpengine >/dev/null || { echo "rtpengine is not installed (scripts/install-deps)"; exit 2; }
STREAMS=${BENCH_STREAMS:-20}
PACKETS=${BENCH_PACKETS:-10000}
RUNS=${BENCH_RUNS:-3}
TMP=$(mktemp -d)
NG=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# One poller thread: the figures are per core, and voipguard's relay runs one media thread.
timeout -k 3 600 rtpengine --table=-1 --interface=127.0.0.1 --listen-ng="127.0.0.1:$NG" \
  --port-min=42000 --port-max=42999 --num-threads=1 --foreground --log-stderr --log-level=5 \
  >"$TMP/rtpengine.log" 2>&1 &
RTP_PID=$!  # timeout(1); rtpengine is its child
cleanup() { kill "$RTP_PID" 2>/dev/null; wait "$RTP_PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
ENGINE_PID=
for _ in $(seq 1 100); do
  ENGINE_PID=$(pgrep -P "$RTP_PID" -x rtpengine)
  [ -n "$ENGINE_PID" ] && grep -q "control" "$TMP/rtpengine.log" 2>/dev/null && break
  sleep 0.05
done
[ -n "$ENGINE_PID" ] || { echo "rtpengine did not start:"; cat "$TMP/rtpengine.log"; exit 2; }

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo "media relay: $STREAMS streams x $PACKETS packets of 160-byte payload per run, median of $RUNS runs"
printf '%-8s %22s %22s %8s\n' mode "voipguard pkt/CPU-s" "rtpengine pkt/CPU-s" ratio
for mode in plain srtp bridge; do
  vg=(); re=()
  for run in $(seq 1 "$RUNS"); do
    out=$("$BIN" voipguard "$mode" "$STREAMS" "$PACKETS") || { echo "voipguard $mode failed: $out"; exit 1; }
    echo "  $out" >>"$TMP/detail"
    vg+=("$(echo "$out" | sed -E 's/.*pps_per_cpu ([0-9]+).*/\1/')")
    out=$(RTPENGINE_PID=$ENGINE_PID "$BIN" rtpengine "$mode" "$NG" "$STREAMS" "$PACKETS") || { echo "rtpengine $mode failed: $out"; exit 1; }
    echo "  $out" >>"$TMP/detail"
    re+=("$(echo "$out" | sed -E 's/.*pps_per_cpu ([0-9]+).*/\1/')")
  done
  v=$(printf '%s\n' "${vg[@]}" | median)
  r=$(printf '%s\n' "${re[@]}" | median)
  printf '%-8s %22.0f %22.0f %8.2f\n' "$mode" "$v" "$r" "$(echo "$v $r" | awk '{ print ($2 > 0) ? $1 / $2 : 0 }')"
done
echo "runs:"
cat "$TMP/detail"
