#!/usr/bin/env bash
# End-to-end: the real `voipguard parse` binary on sample messages: JSON on success (exit 0),
# precise rejection (exit 2) for bad input, no secrets echoed, --help describes the command.
set -u
bin=$1
data=$2
root=$(cd "$data/../.." && pwd)
fails=0
passes=0
check() {  # check NAME CONDITION-RESULT
  if [ "$2" = 0 ]; then passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$("$bin" parse "$root/data/samples/invite.sip"); rc=$?
check "valid INVITE exits 0" $rc
echo "$out" | grep -q '"method": "INVITE"'; check "method in JSON" $?
echo "$out" | grep -q '"branch": "z9hG4bK74bf9"'; check "Via branch in JSON" $?
echo "$out" | grep -q '"tag": "9fxced76sl"'; check "From tag in JSON" $?
echo "$out" | grep -q '"body_length": 238'; check "body length in JSON" $?
echo "$out" | python3 -c 'import json,sys; json.load(sys.stdin)'; check "output is valid JSON" $?

echo "$out" | grep -q '"0 PCMU/8000"'; check "SDP summary lists codecs" $?

# An SRTP offer: suites are shown, the inline key never is.
key="WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"
sdp=$(printf 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:%s\r\n' "$key")
printf 'INVITE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: %d\r\n\r\n%s' "${#sdp}" "$sdp" > "$tmp/srtp.sip"
out=$("$bin" parse "$tmp/srtp.sip"); rc=$?
check "SRTP INVITE exits 0" $rc
echo "$out" | grep -q AES_CM_128_HMAC_SHA1_80; check "SRTP suite shown" $?
! echo "$out" | grep -q "$key"; check "SRTP key not shown" $?

out=$("$bin" parse - < "$root/data/samples/invite.sip"); rc=$?
check "stdin input exits 0" $rc

out=$("$bin" parse "$root/data/samples/scanner-bad-cseq.sip" 2>/dev/null); rc=$?
[ $rc = 2 ]; check "CSeq mismatch exits 2 (got $rc)" $?
echo "$out" | grep -q kCSeqMethodMismatch; check "CSeq mismatch reason" $?

# Shorter than its Content-Length.
printf 'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 50\r\n\r\nshort' > "$tmp/short.sip"
out=$("$bin" parse "$tmp/short.sip" 2>/dev/null); rc=$?
[ $rc = 2 ]; check "truncated body exits 2" $?
echo "$out" | grep -q kBodyTruncated; check "truncated body reason" $?

# NUL byte in a header.
printf 'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;bra\0nch=1\r\n\r\n' > "$tmp/nul.sip"
out=$("$bin" parse "$tmp/nul.sip" 2>/dev/null); rc=$?
[ $rc = 2 ]; check "NUL byte exits 2" $?
echo "$out" | grep -q kNulByte; check "NUL byte reason" $?

# Credentials are not echoed.
printf 'REGISTER sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 2 REGISTER\r\nAuthorization: Digest username="alice", realm="b", nonce="n0nc3s3cr3t", uri="sip:b", response="6629fae49393a05397450978507c4ef1", qop=auth, nc=00000001, cnonce="cn0nc3"\r\nContent-Length: 0\r\n\r\n' > "$tmp/auth.sip"
out=$("$bin" parse "$tmp/auth.sip"); rc=$?
check "REGISTER with credentials exits 0" $rc
echo "$out" | grep -q '"username": "alice"'; check "digest username shown" $?
! echo "$out" | grep -q -e 6629fae49393a05397450978507c4ef1 -e n0nc3s3cr3t -e cn0nc3; check "digest response/nonce/cnonce not echoed" $?

"$bin" parse /nonexistent/file >/dev/null 2>&1; rc=$?
[ $rc = 1 ]; check "unreadable file exits 1" $?

"$bin" --help | grep -q parse; check "--help lists parse" $?
"$bin" parse --help | grep -q "Content-Length"; check "parse --help describes the command" $?

echo "$passes passed, $fails failed"
[ $fails = 0 ]
