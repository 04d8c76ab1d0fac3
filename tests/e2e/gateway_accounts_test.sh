#!/usr/bin/env bash
# End-to-end: accounts managed with `voipguard account` while the gateway runs (no restart, no
# signal): an added account registers (SIPp, digest MD5); a disabled one is refused (401 then 403,
# like an unknown user); enabled again it registers; its password changed with passwd, the old one
# is refused. The store holds no plaintext; weak passwords are refused naming the rule; the file's
# accounts cannot be shadowed. Also `voipguard pin check` and `voipguard admin` on the same store.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

vg_start_registrar
acct() { "$VG_BIN" account "$@" --config "$TMP/voipguard.yaml" --var-dir "$TMP/var"; }
port=$(pick_port 127.0.0.2)
server=$(sip_hostport $VG_ADDR "$VG_PORT")

# until_ok NAME COMMAND...: retries COMMAND until it succeeds or the deadline passes (the gateway
# polls the store once a second).
until_ok() {
  local name=$1 deadline=$((SECONDS + 15)) n=0
  shift
  while [ $SECONDS -lt $deadline ]; do
    n=$((n + 1))
    if "$@" "$name.$n"; then return 0; fi
    sleep 0.2
  done
  return 1
}
register_ok() { sipp_register "$3" 127.0.0.2 "$port" "$1" "$2" "127.0.0.2:$port"; }
# Refused attempts come from another address each time (DENY_IP), so that the brute-force filter's
# ban of a source that failed too often does not turn a 403 into silence.
DENY_IP=127.0.0.2
register_denied() {
  local p
  DENY_IP=127.0.0.$(( ${DENY_IP##*.} + 1 ))
  p=$(pick_port "$DENY_IP")
  sipp_run "$3" -sf "$SCENARIOS/register_denied.xml" -i "$DENY_IP" -p "$p" \
    -key user "$1" -key domain "$DOMAIN" -key contact_host "$DENY_IP:$p" -au "$1" -ap "$2" "$server"
}

acct add 2001 --generate >"$TMP/add.out" 2>&1
check "account add 2001 --generate succeeds" $?
cat "$TMP/add.out"
PW=$(sed -n 's/^password (shown once, not stored): //p' "$TMP/add.out")
[ ${#PW} -eq 20 ]
check "the generated password is printed once (20 characters)" $?
! grep -aq -- "$PW" "$TMP"/var/voipguard.db* 2>/dev/null
check "the plaintext password is nowhere in the store files" $?

until_ok reg_new register_ok 2001 "$PW"
check "the new account registers without a restart (401 then 200)" $?
register_denied 2001 "Wrong-Password-1!" reg_wrong
check "a wrong password for it gets 401 then 403" $?

acct disable 2001 >/dev/null
check "account disable 2001" $?
until_ok reg_disabled register_denied 2001 "$PW"
check "the disabled account is refused (401 then 403)" $?

acct enable 2001 >/dev/null
check "account enable 2001" $?
until_ok reg_enabled register_ok 2001 "$PW"
check "enabled again, it registers" $?

echo 'Kettle-Orbit-Heron-58?' | acct passwd 2001 --password-stdin >/dev/null
check "account passwd 2001 --password-stdin" $?
until_ok reg_newpw register_ok 2001 'Kettle-Orbit-Heron-58?'
check "the new password registers" $?
register_denied 2001 "$PW" reg_oldpw
check "the old password is refused" $?

echo 'Password123!' | acct add 2002 --password-stdin >"$TMP/weak.out" 2>&1
[ $? -ne 0 ] && grep -q "common: is a common or vendor-default password" "$TMP/weak.out"
check "a common password is refused, naming the rule" $?
! grep -q 'Password123!' "$TMP/weak.out"
check "the refused password is not echoed" $?
acct add 1001 --generate >"$TMP/dup.out" 2>&1
[ $? -ne 0 ] && grep -q "defined in the configuration file" "$TMP/dup.out"
check "an account of the configuration file cannot be added to the store" $?
acct list --json >"$TMP/list.json"
grep -q '"username": "2001"' "$TMP/list.json" && grep -q '"source": "config"' "$TMP/list.json"
check "account list shows store and file accounts" $?
acct delete 2001 >/dev/null
check "account delete 2001" $?
until_ok reg_deleted register_denied 2001 'Kettle-Orbit-Heron-58?'
check "the deleted account is refused" $?

"$VG_BIN" pin check 123456 >"$TMP/pin.out"
[ $? -eq 1 ] && grep -q "sequence" "$TMP/pin.out"
check "pin check 123456: refused as a sequence (exit 1)" $?
"$VG_BIN" pin check 471100 --extension 4711 >"$TMP/pin2.out"
[ $? -eq 1 ] && grep -q "^  extension:" "$TMP/pin2.out"
check "pin check with the extension inside: refused" $?
"$VG_BIN" pin check 836402 >/dev/null
check "pin check 836402: ok" $?

"$VG_BIN" admin add ops --no-qr --config "$TMP/voipguard.yaml" --var-dir "$TMP/var" >"$TMP/admin.out"
check "admin add ops" $?
grep -q "^  otpauth://totp/voipguard:ops?secret=[A-Z2-7]\{32\}&issuer=voipguard" "$TMP/admin.out"
check "admin add prints the otpauth:// URI" $?
[ "$(grep -cE '^  [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$' "$TMP/admin.out")" = 10 ]
check "admin add prints ten recovery codes" $?
"$VG_BIN" admin list --json --config "$TMP/voipguard.yaml" --var-dir "$TMP/var" | grep -q '"totp": true'
check "admin list shows ops with TOTP" $?

vg_alive
check "voipguard still running" $?
vg_stop
e2e_finish
