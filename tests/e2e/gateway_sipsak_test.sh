#!/usr/bin/env bash
# End-to-end with sipsak, a second real peer: an OPTIONS probe addressed to voipguard gets 200
# (sipsak writes a truncated port into its Request-URI: an OPTIONS to our address is still ours);
# an OPTIONS flood and a burst of randomly corrupted messages (sipsak's random mode) leave the daemon
# running and still answering. (sipsak's REGISTER mode needs the SIP domain to resolve in DNS, so
# registration is covered by SIPp and the python digest client instead.)
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

vg_start_registrar

timeout 20 sipsak -s "sip:$VG_ADDR:$VG_PORT" -vv >"$TMP/options.out" 2>&1
check "sipsak OPTIONS to voipguard exits 0" $?
grep -q "SIP/2.0 200" "$TMP/options.out"
check "OPTIONS answered 200" $?

# Flood mode: 2000 OPTIONS as fast as sipsak sends them; the daemon keeps up and keeps answering.
timeout 30 sipsak -F -e 2000 -s "sip:$VG_ADDR:$VG_PORT" >"$TMP/flood.out" 2>&1 || true
vg_alive
check "voipguard survives an OPTIONS flood" $?

# Random mode: sipsak sends a valid message with characters replaced at random, many times.
timeout 20 sipsak -R -t 20 -s "sip:$VG_ADDR:$VG_PORT" >"$TMP/random.out" 2>&1 || true
vg_alive
check "voipguard survives sipsak's random mode" $?
timeout 20 sipsak -s "sip:$VG_ADDR:$VG_PORT" >"$TMP/options2.out" 2>&1
check "and still answers OPTIONS afterwards" $?

vg_stop
e2e_finish
