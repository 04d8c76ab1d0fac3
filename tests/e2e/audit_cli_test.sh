#!/usr/bin/env bash
# End-to-end: `voipguard audit credentials` on the sample PBX configurations of tests/data/pbx
# (text and JSON, exit 1 on high risk, 2 on unreadable input, no password printed), on a clean file
# (exit 0), and `--store` over voipguard's own accounts (a weak one added with allow_weak_password in
# the file is found by its hash).
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

PBX="$VG_DATA/pbx"
"$VG_BIN" audit credentials "$PBX/pjsip.conf" "$PBX/sip.conf" "$PBX/freeswitch/directory/default.xml" >"$TMP/audit.txt"
[ $? -eq 1 ]
check "audit of the samples exits 1 (high-risk findings)" $?
head -1 "$TMP/audit.txt"
grep -q "^HIGH   .*pjsip.conf:[0-9]*  1001  default_password:" "$TMP/audit.txt"
check "pjsip 1001: default password reported" $?
grep -q "^HIGH   .*pjsip.conf:[0-9]*  anonymous  anonymous_endpoint:" "$TMP/audit.txt"
check "pjsip anonymous endpoint reported" $?
grep -q "^HIGH   .*sip.conf:[0-9]*  -  allowguest:" "$TMP/audit.txt"
check "sip.conf allowguest reported" $?
grep -q "^HIGH   .*sip.conf:[0-9]*  provider  insecure_invite:" "$TMP/audit.txt"
check "sip.conf insecure=port,invite reported" $?
grep -q "^HIGH   .*default.xml:[0-9]*  1001  shared_password: same password as 1002" "$TMP/audit.txt"
check "FreeSWITCH shared password reported" $?
! grep -qE "Gz8%Lq3|Heron_Lamp|Blue-Kettle|Zq!9xT|Fjord=Ember|Sofa;Violin" "$TMP/audit.txt"
check "no password appears in the report" $?

"$VG_BIN" audit credentials --json "$PBX/pjsip.conf" >"$TMP/audit.json"
[ $? -eq 1 ] && "$PYTHON" - "$TMP/audit.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["high_risk"] is True
rules = {(f["account"], f["rule"]) for f in r["findings"]}
assert ("1002", "password_equals_username") in rules, rules
assert ("gateway-in", "no_authentication") in rules, rules
assert not any(f["account"] == "3001" for f in r["findings"])
PY
check "JSON output: high_risk, expected rules, nothing for the good endpoint" $?

cat >"$TMP/clean.conf" <<'CONF'
[general]
allowguest=no
[3000]
type=friend
host=dynamic
secret=Heron_Lamp_Quartz_4%
transport=tls
encryption=yes
deny=0.0.0.0/0.0.0.0
permit=192.0.2.0/255.255.255.0
CONF
"$VG_BIN" audit credentials "$TMP/clean.conf" >"$TMP/clean.out"
check "a clean sip.conf exits 0" $?
"$VG_BIN" audit credentials "$TMP/missing.conf" 2>"$TMP/missing.err"
[ $? -eq 2 ] && grep -q "cannot read" "$TMP/missing.err"
check "an unreadable file exits 2 with a message" $?

# --store: a weak password allowed in the file for one account, a strong one in the store.
cat >"$TMP/voipguard.yaml" <<YAML
tenants:
  - domain: $DOMAIN
    accounts:
      - { username: "1001", password: "trustno1", allow_weak_password: true }
      - { username: "1002", password: "$PW_1002" }
YAML
"$VG_BIN" check-config "$TMP/voipguard.yaml" >/dev/null
check "a weak password with allow_weak_password loads" $?
"$VG_BIN" account add 2001 --generate --config "$TMP/voipguard.yaml" --var-dir "$TMP/var" >/dev/null
"$VG_BIN" audit credentials --store --json --config "$TMP/voipguard.yaml" --var-dir "$TMP/var" >"$TMP/store.json"
[ $? -eq 1 ] && "$PYTHON" - "$TMP/store.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["accounts"] == 3, r
accts = [(f["account"], f["rule"]) for f in r["findings"]]
assert accts == [("1001@e2e.voipguard.test", "common_password")], accts
PY
check "audit --store finds the account whose hash is that of a common password, and only it" $?
! grep -q "trustno1" "$TMP/store.json"
check "the matched password is not printed" $?
e2e_finish
