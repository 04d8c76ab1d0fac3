#!/usr/bin/env bash
# End-to-end: country blocking and blocklist feeds with the real binary.
#  * A listener deny-list [CN] with the full tor-geoipdb data loaded and an override file that gives
#    loopback test addresses a country (tests/data/geo/loopback-countries.txt: 127.0.0.3 = CN,
#    127.0.0.4 = US): 127.0.0.3 gets no answer at all (dropped before parsing), while 127.0.0.2
#    (loopback: "local") and 127.0.0.4 (US) still register.
#  * A tenant allow-list [US] (small data file tests/data/geo/tiny-geoip.txt) in monitor mode drops
#    nothing; in enforce mode 127.0.0.3 (CN) gets no
#    answer, 127.0.0.4 (US) and 127.0.0.2 (local) register.
#  * A text blocklist feed served over HTTP by a local python http.server lists 127.0.0.6: its
#    requests are dropped, 127.0.0.2 still registers.
#  * A config naming an unknown country code is refused with file:line:col.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
OVERRIDES="$VG_DATA/geo/loopback-countries.txt"
server=$(sip_hostport $VG_ADDR "$VG_PORT")
client() { timeout 30 "$PYTHON" "$E2E_DIR/sip_digest_client.py" --server "$server" --domain "$DOMAIN" "$@"; }

# answered FROM-ADDRESS: REGISTER without credentials from FROM-ADDRESS gets its 401 challenge.
answered() { client --bind "$1" --timeout 3 challenge 1001 >"$TMP/challenge_$1.json" 2>&1 && grep -q '401' "$TMP/challenge_$1.json"; }
# silent FROM-ADDRESS: the same REGISTER gets no answer within the timeout (dropped).
silent() { client --bind "$1" --timeout 2 challenge 1001 >"$TMP/silent_$1.out" 2>&1; grep -q 'TIMEOUT' "$TMP/silent_$1.out"; }
# registers NAME FROM-ADDRESS: SIPp registers 1001 from FROM-ADDRESS (401, then 200).
registers() {
  local port
  port=$(pick_port "$2")
  sipp_register "$1" "$2" "$port" 1001 "$PW_1001" "$2:$port"
}

# --- 1. listener deny-list --------------------------------------------------------------------------
write_config "$TMP/deny.yaml" "filters:
  geo:
    overrides: [\"$OVERRIDES\"]
    listeners:
      - { listener: udp, type: deny, countries: [CN] }"
# Loading the full data takes about a second in a release build and much longer under ASan.
VG_READY_DEADLINE=120 vg_start "$TMP/deny.yaml" "$TMP/var" deny || e2e_finish
registers deny_local 127.0.0.2
check "deny [CN]: 127.0.0.2 (local) registers (sipp exit $?)" $?
registers deny_us 127.0.0.4
check "deny [CN]: 127.0.0.4 (US by override) registers (sipp exit $?)" $?
silent 127.0.0.3
check "deny [CN]: 127.0.0.3 (CN by override) gets no answer" $?
registers deny_local_again 127.0.0.2
check "deny [CN]: 127.0.0.2 still registers after the blocked attempts (sipp exit $?)" $?
vg_stop

# --- 2. tenant allow-list, monitor then enforce ------------------------------------------------------
tenant_allow() {
  write_config "$TMP/allow_$1.yaml" "filters:
  geo:
    mode: $1
    files: [\"$VG_DATA/geo/tiny-geoip.txt\"]
    overrides: [\"$OVERRIDES\"]
    tenants:
      - { tenant: $DOMAIN, type: allow, countries: [US] }"
}
tenant_allow monitor
vg_start "$TMP/allow_monitor.yaml" "$TMP/var" allow_monitor || e2e_finish
answered 127.0.0.3
check "allow [US], monitor mode: 127.0.0.3 (CN) is still answered" $?
vg_stop

tenant_allow enforce
vg_start "$TMP/allow_enforce.yaml" "$TMP/var" allow_enforce || e2e_finish
silent 127.0.0.3
check "allow [US]: 127.0.0.3 (CN) gets no answer" $?
registers allow_us 127.0.0.4
check "allow [US]: 127.0.0.4 (US) registers (sipp exit $?)" $?
registers allow_local 127.0.0.2
check "allow [US]: 127.0.0.2 (local, never blocked) registers (sipp exit $?)" $?
vg_stop

# --- 3. a blocklist feed over HTTP --------------------------------------------------------------------
mkdir -p "$TMP/www"
printf '# e2e blocklist\n127.0.0.6\n' >"$TMP/www/blocklist.txt"
HTTP_PORT=$(pick_port 127.0.0.1)
(cd "$TMP/www" && exec timeout 120 "$PYTHON" -m http.server --bind 127.0.0.1 "$HTTP_PORT" >"$TMP/http.log" 2>&1) &
E2E_PIDS+=($!)
wait_bound 127.0.0.1 "$HTTP_PORT" tcp
check "the feed's HTTP server listens" $?
write_config "$TMP/feed.yaml" "filters:
  feeds:
    - { name: e2e, url: \"http://127.0.0.1:$HTTP_PORT/blocklist.txt\", action: drop }"
vg_start "$TMP/feed.yaml" "$TMP/var" feed || e2e_finish
# The first fetch runs on the feed thread right after start: wait (with a deadline) for the server
# to have served it.
deadline=$((SECONDS + 15))
while ! grep -q 'GET /blocklist.txt' "$TMP/http.log" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
grep -q 'GET /blocklist.txt' "$TMP/http.log"
check "voipguard fetched the feed over HTTP" $?
# The list is swapped in right after the fetch; poll until the listed source is dropped.
dropped=1
for _ in 1 2 3 4 5; do
  if silent 127.0.0.6; then dropped=0; break; fi
done
check "feed: 127.0.0.6 (listed) gets no answer" $dropped
answered 127.0.0.2
check "feed: 127.0.0.2 (not listed) is answered" $?
vg_stop

# --- 4. configuration errors ---------------------------------------------------------------------------
write_config "$TMP/bad.yaml" "filters:
  geo:
    listeners:
      - { listener: udp, type: deny, countries: [UK] }"
"$VG_BIN" check-config "$TMP/bad.yaml" >"$TMP/bad.out" 2>&1
rc=$?
cat "$TMP/bad.out"
[ $rc != 0 ] && grep -qE "bad.yaml:[0-9]+:[0-9]+: filters.geo.listeners\[0\].countries\[0\]: not an ISO 3166-1 alpha-2 country code: 'UK'" "$TMP/bad.out"
check "check-config refuses country code UK with file:line:col" $?

e2e_finish
