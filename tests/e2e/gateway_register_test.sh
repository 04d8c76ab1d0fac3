#!/usr/bin/env bash
# End-to-end: the registrar's digest authentication (RFC 3261 §22, RFC 7616, RFC 8760).
#  * SIPp REGISTER with the right password (MD5) -> 401 then 200; with a wrong one -> 403.
#  * An unknown user gets the same 401 challenge as a known one (no user enumeration).
#  * SHA-256 digest with qop=auth (python client) -> 200; the same nonce count again -> no 200
#    (replay); the next nonce count -> 200.
#  * A malformed REGISTER -> 400 with a reason phrase naming the problem.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

vg_start_registrar
server=$(sip_hostport $VG_ADDR "$VG_PORT")
client() { timeout 30 "$PYTHON" "$E2E_DIR/sip_digest_client.py" --server "$server" --domain "$DOMAIN" "$@"; }

# MD5 with SIPp, right and wrong password.
port=$(pick_port 127.0.0.2)
sipp_register reg_ok 127.0.0.2 "$port" 1001 "$PW_1001" "127.0.0.2:$port"
check "REGISTER 1001 with the right password: 401 then 200 (sipp exit $?)" $?
sipp_run reg_denied -sf "$SCENARIOS/register_denied.xml" -i 127.0.0.2 -p "$port" \
  -key user 1001 -key domain "$DOMAIN" -key contact_host "127.0.0.2:$port" \
  -au 1001 -ap "Wrong-Password-1!" "$server"
check "REGISTER 1001 with a wrong password: 401 then 403 (sipp exit $?)" $?
sipp_run reg_unknown -sf "$SCENARIOS/register_denied.xml" -i 127.0.0.2 -p "$port" \
  -key user 7777 -key domain "$DOMAIN" -key contact_host "127.0.0.2:$port" \
  -au 7777 -ap "Some-Password-1!" "$server"
check "REGISTER of an unknown user with credentials: 401 then 403 (sipp exit $?)" $?

# The same challenge for a known and an unknown user.
client --bind 127.0.0.3 challenge 1002 >"$TMP/challenge_known.json"
check "challenge for a known user received" $?
client --bind 127.0.0.3 challenge 9999 >"$TMP/challenge_unknown.json"
check "challenge for an unknown user received" $?
grep -q '"start": "SIP/2.0 401 Unauthorized"' "$TMP/challenge_known.json"
check "the challenge is a 401 Unauthorized" $?
[ "$(grep -c '"scheme": "Digest"' "$TMP/challenge_known.json")" = 2 ]
check "the challenge offers two digest algorithms" $?
grep -q '"algorithm": "MD5"' "$TMP/challenge_known.json" && grep -q '"algorithm": "SHA-256"' "$TMP/challenge_known.json"
check "the challenge offers MD5 and SHA-256" $?
grep -q "\"realm\": \"$DOMAIN\"" "$TMP/challenge_known.json" && grep -q '"qop": "auth"' "$TMP/challenge_known.json"
check "the challenge names the tenant's realm and qop=auth" $?
diff -u "$TMP/challenge_known.json" "$TMP/challenge_unknown.json"
check "known and unknown users get the same challenge (headers, realm, qop, algorithms, nonce shape)" $?

# SHA-256 (RFC 7616) with qop=auth, replay and the next nonce count.
client --bind 127.0.0.3 register 1002 "$PW_1002" --algorithm SHA-256 >"$TMP/sha256.out"
cat "$TMP/sha256.out"
grep -q "^RESULT challenge 401$" "$TMP/sha256.out"
check "SHA-256: first REGISTER is challenged with 401" $?
grep -q "^RESULT qop auth$" "$TMP/sha256.out"
check "SHA-256: the SHA-256 challenge offers qop=auth" $?
grep -q "^RESULT auth 200$" "$TMP/sha256.out"
check "SHA-256: REGISTER with SHA-256 credentials (qop=auth, nc=00000001) gets 200" $?
grep -q "^RESULT replay " "$TMP/sha256.out" && ! grep -q "^RESULT replay 200$" "$TMP/sha256.out"
check "SHA-256: replayed credentials (same nonce and nc) get no 200" $?
grep -q "^RESULT next-nc 200$" "$TMP/sha256.out"
check "SHA-256: the next nonce count (nc=00000002) on the same nonce gets 200" $?
client --bind 127.0.0.3 register 1002 "Wrong-Password-2!" --algorithm SHA-256 >"$TMP/sha256_wrong.out"
grep -q "^RESULT auth 403$" "$TMP/sha256_wrong.out"
check "SHA-256: a wrong password gets 403" $?
client --bind 127.0.0.3 register 1003 "$PW_1003" --algorithm MD5 >"$TMP/md5.out"
grep -q "^RESULT auth 200$" "$TMP/md5.out"
check "MD5 with qop=auth from the python client gets 200" $?

# Malformed REGISTERs: 400 with a reason phrase naming the problem (RFC 3261 §21.4.1).
raw() {  # raw NAME EXPECTED-REGEX: sends stdin, expects the status line to match
  local got
  got=$(client --bind 127.0.0.3 --timeout 3 raw)
  echo "$1: $got"
  echo "$got" | grep -qE "$2"
  check "malformed REGISTER ($1) answered '$2'" $?
}
raw "CSeq not a number" '^SIP/2.0 400 .*CSeq' <<EOF
REGISTER sip:$DOMAIN SIP/2.0
Via: SIP/2.0/UDP @LOCAL@;branch=z9hG4bKbad1;rport
From: <sip:1001@$DOMAIN>;tag=b1
To: <sip:1001@$DOMAIN>
Call-ID: bad1@e2e
CSeq: one REGISTER
Max-Forwards: 70
Content-Length: 0

EOF
raw "CSeq method mismatch" '^SIP/2.0 400 .*CSeq method' <<EOF
REGISTER sip:$DOMAIN SIP/2.0
Via: SIP/2.0/UDP @LOCAL@;branch=z9hG4bKbad2;rport
From: <sip:1001@$DOMAIN>;tag=b2
To: <sip:1001@$DOMAIN>
Call-ID: bad2@e2e
CSeq: 1 INVITE
Max-Forwards: 70
Content-Length: 0

EOF
raw "Max-Forwards not a number" '^SIP/2.0 400 .*Max-Forwards' <<EOF
REGISTER sip:$DOMAIN SIP/2.0
Via: SIP/2.0/UDP @LOCAL@;branch=z9hG4bKbad3;rport
From: <sip:1001@$DOMAIN>;tag=b3
To: <sip:1001@$DOMAIN>
Call-ID: bad3@e2e
CSeq: 1 REGISTER
Max-Forwards: many
Content-Length: 0

EOF
raw "no Call-ID" '^SIP/2.0 400 .*required header missing' <<EOF
REGISTER sip:$DOMAIN SIP/2.0
Via: SIP/2.0/UDP @LOCAL@;branch=z9hG4bKbad4;rport
From: <sip:1001@$DOMAIN>;tag=b4
To: <sip:1001@$DOMAIN>
CSeq: 1 REGISTER
Max-Forwards: 70
Content-Length: 0

EOF

# Still serving after all that.
sipp_register reg_again 127.0.0.2 "$port" 1001 "$PW_1001" "127.0.0.2:$port"
check "REGISTER still works afterwards (sipp exit $?)" $?
vg_alive
check "voipguard still running" $?
vg_stop
e2e_finish
