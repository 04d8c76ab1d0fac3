#!/usr/bin/env bash
# Side-by-side proxy benchmark: SIPp UAC (127.0.0.2) -> proxy (127.0.0.1) -> SIPp UAS (127.0.0.5)
# on loopback, through voipguard (an edge tenant forwarding everything to the UAS: a record-routing,
# transaction-stateful proxy) and through Kamailio 5.6 with kamailio.cfg (the same job), in one run.
#
#   bench/proxy_vs_kamailio/run.sh [BUILD_DIR]
#
# For every fixed call rate, proxy and repetition it starts a fresh proxy and a fresh SIPp pair,
# runs INVITE/100/180/200/ACK/BYE/200 calls for BENCH_SECONDS, and reads SIPp's statistics files
# and the proxy's CPU time (utime+stime of all its threads, or all its processes for Kamailio, from
# /proc/PID/stat, delta over the load). It prints the median of the repetitions per configuration,
# CPU seconds per 1000 completed calls and the ratio voipguard/Kamailio. Then it searches the
# highest call rate voipguard sustains with < 1 % failed calls. See README.md.
#
# Environment (defaults in brackets):
#   BENCH_SECONDS [20]            duration of each fixed-rate run, seconds
#   BENCH_RATES ["500 1000 2000"] fixed call rates, calls/s
#   BENCH_REPEAT [3]              runs per configuration; medians are printed
#   BENCH_WORKERS ["1 2"]         voipguard node.workers values to measure
#   BENCH_KAM_CHILDREN [2]        Kamailio UDP worker processes (children=)
#   BENCH_KAM_MEM [fm]            Kamailio memory manager for shm and pkg (-x/-X): fm, tlsf or qm.
#                                 Kamailio 5.6 defaults to qm, its debugging allocator, which costs
#                                 it 2-2.5x the CPU per call here; fm is its fast one (see README)
#   BENCH_MAX [1]                 0 skips the maximum-rate search
#   BENCH_MAX_START [2000]        first rate of the search; then +BENCH_MAX_STEP [1000] while
#                                 it passes, then one bisection step between the last pass and the
#                                 first failure
#   BENCH_MAX_SECONDS [10]        duration of each search run (at least 10 s is meaningful)
#   BENCH_MAX_REPEAT [3]          runs per search step (median decides)
#   BENCH_MAX_BUDGET [900]        seconds the search may take per worker count
#   BENCH_PORT_BASE [35060]       voipguard BASE, Kamailio BASE+10, UAC BASE+1, UAS BASE+2
#   BENCH_NICE [-19 as root, 0 otherwise]  nice value for proxies and SIPp alike: the machine is
#                                 shared with builds, and scheduling delays would read as losses
#   BENCH_OUT [BUILD_DIR/proxy_vs_kamailio]  results.tsv, summary.txt and SIPp error files
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
build_dir=${1:-build}

bench_seconds=${BENCH_SECONDS:-20}
rates=${BENCH_RATES:-"500 1000 2000"}
repeat=${BENCH_REPEAT:-3}
workers_list=${BENCH_WORKERS:-"1 2"}
kam_children=${BENCH_KAM_CHILDREN:-2}
kam_mem=${BENCH_KAM_MEM:-fm}
max_search=${BENCH_MAX:-1}
max_start=${BENCH_MAX_START:-2000}
max_step=${BENCH_MAX_STEP:-1000}
max_seconds=${BENCH_MAX_SECONDS:-10}
max_repeat=${BENCH_MAX_REPEAT:-$repeat}
max_budget=${BENCH_MAX_BUDGET:-900}
port_base=${BENCH_PORT_BASE:-35060}
if [[ -n "${BENCH_NICE:-}" ]]; then nice_val=$BENCH_NICE; elif [[ $(id -u) -eq 0 ]]; then nice_val=-19; else nice_val=0; fi
out=${BENCH_OUT:-$root/$build_dir/proxy_vs_kamailio}

vg_port=$port_base
kam_port=$((port_base + 10))
uac_port=$((port_base + 1))
uas_port=$((port_base + 2))
uac_ip=127.0.0.2
proxy_ip=127.0.0.1
uas_ip=127.0.0.5
domain=bench.local
recv_timeout_ms=8000

die() { echo "proxy_vs_kamailio: $*" >&2; exit 1; }

for tool in sipp kamailio ss python3; do
  command -v "$tool" >/dev/null || die "'$tool' not found (run scripts/install-deps)"
done
[[ -d "$build_dir" ]] || die "build directory '$build_dir' does not exist (run: make build)"
cmake --build "$build_dir" --target voipguard >/dev/null || die "building voipguard failed"
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)
[[ "$build_type" == "Release" ]] || echo "proxy_vs_kamailio: warning: '$build_dir' is a '${build_type:-unset}' build; figures are only meaningful for Release" >&2

work=$(mktemp -d /tmp/proxy_vs_kamailio.XXXXXX)
mkdir -p "$out/errors"
rm -f "$out"/errors/*
# A private copy of the binary: others may rebuild the tree while the benchmark runs.
cp "$build_dir/voipguard" "$work/voipguard"
vg_bin=$work/voipguard

started_pids=()
cleanup() {
  local p
  for p in "${started_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${started_pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget_pid() {
  local p keep=()
  for p in "${started_pids[@]}"; do [[ "$p" != "$1" ]] && keep+=("$p"); done
  started_pids=("${keep[@]}")
}

port_busy() {  # port_busy IP PORT: true when a UDP socket is bound there (or on the wildcard)
  ss -Hlun "sport = :$2" | awk -v ip="$1" '{split($4, a, ":"); if (a[1] == ip || a[1] == "0.0.0.0" || a[1] == "*") f = 1} END {exit !f}'
}

wait_port_free() {  # a stopped peer may take a moment to release its port
  local deadline=$((SECONDS + 10))
  while port_busy "$1" "$2"; do
    ((SECONDS < deadline)) || die "UDP $1:$2 is in use by another process (set BENCH_PORT_BASE)"
    sleep 0.2
  done
}

# CPU time (clock ticks) of processes, all threads included: utime + stime, fields 14 and 15 of
# /proc/PID/stat (counted after the ')' that ends the command name, which may contain spaces).
cpu_ticks() {
  local total=0 p f
  for p in "$@"; do
    f=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    f=${f##*) }
    read -r -a a <<<"$f"
    total=$((total + a[11] + a[12]))
  done
  echo "$total"
}
clk_tck=$(getconf CLK_TCK)

# ---- the distro service must not hold 5060 (we use our own ports, but the brief of every peer
# ---- test is that no stray Kamailio runs)
if ss -Hlunp "sport = :5060" | grep -q kamailio; then
  echo "proxy_vs_kamailio: a kamailio service holds UDP 5060; stopping it"
  service kamailio stop >/dev/null 2>&1 || systemctl stop kamailio >/dev/null 2>&1 || true
  sleep 1
  ! ss -Hlunp "sport = :5060" | grep -q kamailio || die "a kamailio process still holds 5060; stop it first"
fi

# ---- proxies -----------------------------------------------------------------------------------
proxy_pids=()
proxy_main=

start_voipguard() {  # start_voipguard WORKERS
  local w=$1 cfg=$work/voipguard-w$1.yaml log=$work/voipguard.log
  cat >"$cfg" <<EOF
# Generated by bench/proxy_vs_kamailio/run.sh: an edge tenant forwarding every request,
# record-routed and transaction-stateful, to the SIPp UAS.
mode: edge
node:
  workers: $w
log:
  level: info   # "ready" is an info line; nothing per message is logged below debug
listeners:
  - name: udp4
    transport: udp
    address: $proxy_ip
    port: $vg_port
upstreams:
  - name: uas
    host: $uas_ip
    port: $uas_port
    transport: udp
    health_check: { interval: 0 }
tenants:
  - domain: $domain
    mode: edge
    default_upstream: uas
# Signalling only, like the Kamailio config (no rtpproxy/rtpengine there): the media relay, on by
# default, would anchor every call's RTP ports and rewrite its SDP.
media:
  enabled: false
# The load generators are the measured traffic, not a flood (Kamailio's config likewise skips pike
# for them): trusted sources pass the ban check and sanity only (docs/filters.md).
filters:
  trusted: [127.0.0.0/8]
EOF
  wait_port_free "$proxy_ip" "$vg_port"
  rm -rf "$work/var" && mkdir -p "$work/var"
  : >"$log"
  nice -n "$nice_val" "$vg_bin" run --config "$cfg" --var-dir "$work/var" >"$log" 2>&1 &
  proxy_main=$!
  started_pids+=("$proxy_main")
  local deadline=$((SECONDS + 15))
  until grep -q '\bready\b' "$log"; do
    kill -0 "$proxy_main" 2>/dev/null || { cat "$log" >&2; die "voipguard exited at start"; }
    ((SECONDS < deadline)) || die "voipguard did not print 'ready'"
    sleep 0.1
  done
  proxy_pids=("$proxy_main")
}

start_kamailio() {
  local log=$work/kamailio.log
  wait_port_free "$proxy_ip" "$kam_port"
  nice -n "$nice_val" kamailio -f "$here/kamailio.cfg" -DD -E -m 2048 -M 64 -x "$kam_mem" -X "$kam_mem" \
    -A "KAM_LISTEN=udp:$proxy_ip:$kam_port" -A "UAS_HOST=\"$uas_ip\"" -A "UAS_PORT=\"$uas_port\"" \
    -A "KAM_CHILDREN=$kam_children" >"$log" 2>&1 &
  proxy_main=$!
  started_pids+=("$proxy_main")
  # Ready when the port is bound and the worker processes (children + timers + main) are forked.
  local deadline=$((SECONDS + 20)) n=0
  while :; do
    kill -0 "$proxy_main" 2>/dev/null || { cat "$log" >&2; die "kamailio exited at start"; }
    ((SECONDS < deadline)) || { cat "$log" >&2; die "kamailio did not start"; }
    n=$(pgrep -c -P "$proxy_main" || true)
    if port_busy "$proxy_ip" "$kam_port" && ((n >= kam_children + 2)); then break; fi
    sleep 0.2
  done
  sleep 0.5
  mapfile -t proxy_pids < <(echo "$proxy_main"; pgrep -P "$proxy_main")
}

stop_proxy() {
  [[ -n "$proxy_main" ]] || return 0
  kill -TERM "$proxy_main" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while kill -0 "$proxy_main" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  kill -KILL "$proxy_main" 2>/dev/null || true
  wait "$proxy_main" 2>/dev/null || true
  forget_pid "$proxy_main"
  proxy_main=
  proxy_pids=()
}

# ---- one load run ------------------------------------------------------------------------------
# Writes one TSV row to $work/row: attempted completed failed retrans_uac retrans_uas proxy_cpu_s
# elapsed_s achieved_rate recv_timeouts unexpected invite_to_200_ms. Runs in the main shell (not in $(...)) so that
# the PIDs it starts are known to the cleanup trap.
sipp_common=(-buff_size 1048576 -nostdin -bind_local -default_behaviors all,-abortunexp
             -trace_err -trace_stat -fd 1)

stat_row() {  # stat_row FILE: key=value pairs of the last line of a SIPp statistics file, plus the
              # time (s since start) at which TotalCallCreated reached TARGET (interpolated)
  python3 - "$1" "${2:-0}" <<'PY'
import sys
path, target = sys.argv[1], int(sys.argv[2])
rows = [l.rstrip("\n").split(";") for l in open(path) if l.strip()]
head, data = rows[0], [r for r in rows[1:] if len(r) >= len(rows[0]) - 1]
col = {h: i for i, h in enumerate(head)}
def ts(r, name): return float(r[col[name]].split("\t")[-1])
last = data[-1]
out = {k: last[col[k]] for k in ("TotalCallCreated", "SuccessfulCall(C)", "FailedCall(C)",
                                 "Retransmissions(C)", "FailedTimeoutOnRecv(C)", "DeadCallMsgs(C)",
                                 "OutOfCallMsgs(C)")}
start = ts(last, "StartTime")
out["elapsed"] = "%.3f" % (ts(last, "CurrentTime") - start)
# Mean time from the INVITE to the 200 (rtd), "HH:MM:SS:microseconds" in SIPp 3.6.
h, m, sec, us = (int(x) for x in last[col["ResponseTime1(C)"]].split(":")) if "ResponseTime1(C)" in col else (0, 0, 0, 0)
out["rtd_ms"] = "%.1f" % ((h * 3600 + m * 60 + sec) * 1000 + us / 1000)
created_at = ts(last, "CurrentTime") - start
if target:
    prev_t, prev_n = 0.0, 0
    for r in data:
        n, t = int(r[col["TotalCallCreated"]]), ts(r, "CurrentTime") - start
        if n >= target:
            created_at = prev_t + (t - prev_t) * (target - prev_n) / max(n - prev_n, 1)
            break
        prev_t, prev_n = t, n
out["created_at"] = "%.3f" % created_at
print(" ".join("%s=%s" % (k.replace("(C)", ""), v) for k, v in out.items()))
PY
}

run_load() {  # run_load LABEL TARGET(IP:PORT) RATE SECONDS
  local label=$1 target=$2 rate=$3 secs=$4
  local calls=$((rate * secs)) d=$work/run
  rm -rf "$d" && mkdir -p "$d"
  wait_port_free "$uas_ip" "$uas_port"
  wait_port_free "$uac_ip" "$uac_port"
  (cd "$d" && exec timeout $((secs + 120)) nice -n "$nice_val" sipp -sf "$here/uas.xml" -i "$uas_ip" -p "$uas_port" \
     "${sipp_common[@]}" -error_file uas_err.log -stf uas_stat.csv -timeout $((secs + 90)) >uas.out 2>&1) &
  local uas_pid=$!
  started_pids+=("$uas_pid")
  local deadline=$((SECONDS + 10))
  until port_busy "$uas_ip" "$uas_port"; do
    ((SECONDS < deadline)) || die "SIPp UAS did not bind $uas_ip:$uas_port"
    sleep 0.1
  done
  local cpu0 t0 cpu1 t1
  cpu0=$(cpu_ticks "${proxy_pids[@]}")
  t0=$(date +%s.%N)
  (cd "$d" && exec timeout $((secs + 60)) nice -n "$nice_val" sipp "$target" -sf "$here/uac.xml" -s bench -key domain "$domain" \
     -i "$uac_ip" -p "$uac_port" -r "$rate" -m "$calls" -l 10000 "${sipp_common[@]}" \
     -error_file uac_err.log -stf uac_stat.csv -recv_timeout "$recv_timeout_ms" \
     -timeout $((secs + 30)) -timeout_error >uac.out 2>&1) &
  local uac_pid=$!
  started_pids+=("$uac_pid")
  local uac_rc=0
  wait "$uac_pid" || uac_rc=$?
  forget_pid "$uac_pid"
  sleep 0.3   # the last BYE's 200 has gone through; let the proxy finish its receive batch
  cpu1=$(cpu_ticks "${proxy_pids[@]}")
  t1=$(date +%s.%N)
  # SIGUSR1: SIPp finishes its open calls and exits, writing its final statistics.
  kill -USR1 $(pgrep -P "$uas_pid") 2>/dev/null || true
  deadline=$((SECONDS + 15))
  while kill -0 "$uas_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  kill -TERM "$uas_pid" 2>/dev/null || true
  wait "$uas_pid" 2>/dev/null || true
  forget_pid "$uas_pid"

  [[ -s "$d/uac_stat.csv" ]] || { cat "$d/uac.out" >&2; die "SIPp UAC wrote no statistics ($label, rc $uac_rc)"; }
  local uac uas
  uac=$(stat_row "$d/uac_stat.csv" "$calls")
  uas=$(stat_row "$d/uas_stat.csv" 0)
  local -A U S
  local kv
  for kv in $uac; do U[${kv%%=*}]=${kv#*=}; done
  for kv in $uas; do S[${kv%%=*}]=${kv#*=}; done
  local attempted=${U[TotalCallCreated]} completed=${U[SuccessfulCall]}
  local failed=$((attempted - completed))
  ((failed < U[FailedCall])) && failed=${U[FailedCall]}
  local unexp=0
  unexp=$(cat "$d/uac_err.log" "$d/uas_err.log" 2>/dev/null | grep -c 'call on unexpected message' || true)
  local proxy_cpu achieved
  proxy_cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v h="$clk_tck" 'BEGIN {printf "%.2f", (b - a) / h}')
  achieved=$(awk -v n="$calls" -v t="${U[created_at]}" 'BEGIN {printf "%.0f", (t > 0 ? n / t : 0)}')
  if ((failed > 0 || U[Retransmissions] > 0 || S[Retransmissions] > 0 || unexp > 0)) && [[ -s "$d/uac_err.log" || -s "$d/uas_err.log" ]]; then
    cp "$d/uac_err.log" "$out/errors/$label.uac_err.log" 2>/dev/null || true
    cp "$d/uas_err.log" "$out/errors/$label.uas_err.log" 2>/dev/null || true
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' >"$work/row" "$attempted" "$completed" "$failed" "${U[Retransmissions]}" \
    "${S[Retransmissions]}" "$proxy_cpu" "${U[elapsed]}" "$achieved" "${U[FailedTimeoutOnRecv]}" "$unexp" "${U[rtd_ms]}"
}

# ---- header ------------------------------------------------------------------------------------
results=$out/results.tsv
summary=$out/summary.txt
: >"$summary"
say() { echo "$*" | tee -a "$summary"; }

vg_version=$("$vg_bin" --version 2>&1 | head -1)
vg_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD -- src apps 2>/dev/null || vg_commit="$vg_commit (+ uncommitted changes in src/apps)"
say "== proxy benchmark: SIPp UAC $uac_ip -> proxy $proxy_ip -> SIPp UAS $uas_ip (UDP, loopback)"
say "== date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
say "== machine:   $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "== voipguard: $vg_version, commit $vg_commit, $build_type build; workers: $workers_list"
say "== Kamailio:  $(kamailio -v 2>/dev/null | sed -n 's/^version: //p'), children=$kam_children, -m 2048 -M 64 -x $kam_mem -X $kam_mem (dpkg $(dpkg-query -W -f='${Version}' kamailio 2>/dev/null))"
say "== SIPp:      $(sipp -v 2>&1 | grep -o 'SIPp v[^ ,]*' | head -1) (dpkg $(dpkg-query -W -f='${Version}' sip-tester 2>/dev/null))"
say "== runs:      rates [$rates] calls/s x ${bench_seconds}s, $repeat repetitions (medians), nice $nice_val"
say ""

printf 'proxy\trate\trep\tattempted\tcompleted\tfailed\tretrans_uac\tretrans_uas\tcpu_s\telapsed_s\tachieved_cps\trecv_timeouts\tunexpected\tinvite_to_200_ms\n' >"$results"

one() {  # one PROXY RATE SECONDS REP: runs a fresh proxy and one load; appends to results.tsv
  local proxy=$1 rate=$2 secs=$3 rep=$4 port row
  case $proxy in
    vg-w*) start_voipguard "${proxy#vg-w}"; port=$vg_port ;;
    kamailio) start_kamailio; port=$kam_port ;;
  esac
  run_load "$proxy-r$rate-s$secs-$rep" "$proxy_ip:$port" "$rate" "$secs"
  stop_proxy
  row=$(cat "$work/row")
  record_row "$proxy" "$rate" "$rep" "$row"
}

record_row() {  # record_row PROXY RATE REP ROW: appends to results.tsv and shows progress on stderr
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"
  echo "$4" | awk -v p="$1" -v r="$2" -v k="$3" -F'\t' \
    '{printf "   %-11s %5d/s run %d: attempted %d completed %d failed %d retrans %d+%d cpu %.2fs achieved %d/s INVITE->200 %.1f ms\n", p, r, k, $1, $2, $3, $4, $5, $6, $8, $11}' >&2
}

proxies=()
for w in $workers_list; do proxies+=("vg-w$w"); done
proxies+=(kamailio)

# Interleaved (repetition-major) so slow drifts of the shared machine hit every proxy alike.
for rep in $(seq 1 "$repeat"); do
  for rate in $rates; do
    for p in "${proxies[@]}"; do one "$p" "$rate" "$bench_seconds" "$rep"; done
  done
done

# ---- median table ------------------------------------------------------------------------------
medians() {  # medians PROXY RATE: median of each column over the repetitions
  awk -F'\t' -v p="$1" -v r="$2" 'NR > 1 && $1 == p && $2 == r {
      n++; for (i = 4; i <= 13; i++) v[i, n] = $i
      if ($5 > 0) { cpk[n] = $9 * 1000 / $5 } else { cpk[n] = -1 } }
    function med(arr_i, k, a, j, t, m) {
      for (j = 1; j <= n; j++) a[j] = (arr_i == 0 ? cpk[j] : v[arr_i, j])
      for (j = 1; j <= n; j++) for (k = j + 1; k <= n; k++) if (a[k] + 0 < a[j] + 0) { t = a[j]; a[j] = a[k]; a[k] = t }
      m = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      return m }
    END { if (!n) exit 1
      printf "%d\t%d\t%d\t%d\t%d\t%.2f\t%.4f\t%d\t%d\t%d\n", med(4), med(5), med(6), med(7), med(8), med(9), med(0), med(11), med(12), med(13) }' "$results"
}

say "== medians of $repeat runs (${bench_seconds} s each); CPU = utime+stime of the proxy, all threads/processes"
say "$(printf '%-10s %6s %9s %9s %7s %13s %8s %10s %11s' proxy rate attempted completed failed 'retrans u+s' 'cpu s' 'cpu s/1k' 'vg/kam cpu')"
for rate in $rates; do
  kam=$(medians kamailio "$rate") || kam=""
  kam_cpk=$(echo "$kam" | cut -f7)
  for p in "${proxies[@]}"; do
    m=$(medians "$p" "$rate") || continue
    IFS=$'\t' read -r att comp fail ru rs cpu cpk ach to unx <<<"$m"
    ratio="-"
    if [[ "$p" != kamailio && -n "$kam_cpk" ]]; then
      ratio=$(awk -v a="$cpk" -v b="$kam_cpk" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')
    fi
    say "$(printf '%-10s %6d %9d %9d %7d %6d+%-6d %8.2f %10.4f %11s' "$p" "$rate" "$att" "$comp" "$fail" "$ru" "$rs" "$cpu" "$cpk" "$ratio")"
  done
done
say ""
say "   (retrans u+s: SIPp Retransmissions counters of UAC + UAS; cpu s/1k: proxy CPU seconds per 1000"
say "    completed calls; vg/kam cpu: voipguard's CPU per call over Kamailio's, the bar is <= 0.70)"

# ---- maximum sustainable rate ------------------------------------------------------------------
# A rate passes when the median run has < 1 % failed calls and SIPp created the calls at >= 97 % of
# the target rate (on 2 shared cores the load generator competes with the proxy for CPU).
passes() {  # passes PROXY RATE
  local m
  m=$(medians "$1" "$2") || return 1
  awk -F'\t' -v r="$2" '{exit !($1 > 0 && $3 * 100 < $1 && $8 >= 0.97 * r)}' <<<"$m"
}

if [[ "$max_search" != 0 ]]; then
  say ""
  say "== maximum sustainable call rate of voipguard: < 1 % failed, >= 97 % of the target rate created;"
  say "   median of $max_repeat runs of ${max_seconds} s per step, from $max_start by $max_step, then one bisection; budget ${max_budget} s per worker count"
  for w in $workers_list; do
    p="vg-w$w-max"
    start_t=$SECONDS
    best=0 first_fail=0 rate=$max_start
    probe() {  # probe RATE: runs max_repeat loads at RATE through $p (unless done already); prints the median
      local r=$1 k m
      if ! awk -F'\t' -v p="$p" -v r="$r" '$1 == p && $2 == r {f = 1} END {exit !f}' "$results"; then
        for k in $(seq 1 "$max_repeat"); do
          case $p in
            direct) run_load "$p-r$r-$k" "$uas_ip:$uas_port" "$r" "$max_seconds" ;;
            kamailio-max) start_kamailio; run_load "$p-r$r-$k" "$proxy_ip:$kam_port" "$r" "$max_seconds"; stop_proxy ;;
            *) start_voipguard "$w"; run_load "$p-r$r-$k" "$proxy_ip:$vg_port" "$r" "$max_seconds"; stop_proxy ;;
          esac
          record_row "$p" "$r" "$k" "$(cat "$work/row")"
        done
      fi
      m=$(medians "$p" "$r")
      IFS=$'\t' read -r att comp fail ru rs cpu cpk ach to unx <<<"$m"
      local verdict=fail
      passes "$p" "$r" && verdict=pass
      say "$(printf '   %-10s %6d/s  attempted %7d completed %7d failed %6d retrans %d+%d achieved %6d/s cpu s/1k %.4f -> %s' \
        "$p" "$r" "$att" "$comp" "$fail" "$ru" "$rs" "$ach" "$cpk" "$verdict")"
      [[ $verdict == pass ]]
    }
    step_cost=$(( (max_seconds + 8) * max_repeat ))
    while ((SECONDS - start_t + step_cost <= max_budget)); do
      if probe "$rate"; then best=$rate; rate=$((rate + max_step)); else first_fail=$rate; break; fi
    done
    if ((first_fail > 0 && first_fail - best > 1 && SECONDS - start_t + step_cost <= max_budget)); then
      mid=$(( (best > 0 ? best : first_fail / 2) ))
      mid=$(( (mid + first_fail) / 200 * 100 ))
      probe "$mid" && best=$mid || first_fail=$mid
    fi
    if ((first_fail > 0)); then
      say "   => workers $w: sustains $best calls/s (fails at $first_fail calls/s)"
      # Is it voipguard, or the machine? The same load without a proxy, and through Kamailio.
      direct_ok=0 kam_ok=0
      p=direct; probe "$first_fail" && direct_ok=1
      p=kamailio-max; probe "$first_fail" && kam_ok=1
      if ((!direct_ok)); then
        say "      the SIPp pair alone (no proxy) fails at $first_fail calls/s too: the load generator is the limit on this machine"
      elif ((kam_ok)); then
        say "      the SIPp pair alone and Kamailio pass at $first_fail calls/s: the limit is voipguard"
      else
        say "      the SIPp pair alone passes, Kamailio fails too at $first_fail calls/s: both proxies hit this machine's limit"
      fi
    else
      say "   => workers $w: sustains at least $best calls/s (time budget reached before a failure)"
    fi
  done
fi

say ""
say "== per-run rows: $results; summary: $summary; SIPp error files of runs with failures,"
say "   retransmissions or unexpected messages: $out/errors/"
