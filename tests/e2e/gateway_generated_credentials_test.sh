#!/usr/bin/env bash
# End-to-end: generated passwords and the persisted digest nonce secret.
#  * Accounts with `generate_password: true`: the first start prints each plaintext once on stderr
#    and appends it to var/generated-credentials.txt (mode 0600); only hashes are kept (0600 .ha1
#    files); the printed passwords work (MD5 with SIPp, SHA-256 with the python client).
#  * A second start on the same var directory prints no password, and the same passwords still work.
#  * The nonce secret (var/nonce.secret, 32 bytes, 0600) survives the restart: credentials accepted
#    before the restart, replayed after it, get a 401 with stale=true (nonce still authentic, its
#    count forgotten) and never a 200.
#  * The first start also creates the first administrator (`admin`, argon2id, TOTP enrolled): its
#    password, otpauth:// URI and recovery codes are printed once, the password appended to
#    generated-credentials.txt; `voipguard admin list` shows it; no later start creates or prints one.
#  * An account added later gets its password printed at the next start, and only that one; one
#    added by a reload (SIGHUP) gets it printed then; a rejected reload prints none again.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
var="$TMP/var"
cfg="$TMP/voipguard.yaml"
gen_config() {  # gen_config USERS...: every account generated
  {
    yaml_common
    yaml_listeners "$VG_ADDR" "$VG_PORT"
    echo "tenants:"
    echo "  - domain: $DOMAIN"
    echo "    accounts:"
    local u
    for u in "$@"; do echo "      - { username: \"$u\", generate_password: true }"; done
  } >"$cfg"
}
client() { timeout 30 "$PYTHON" "$E2E_DIR/sip_digest_client.py" --server "$VG_ADDR:$VG_PORT" --domain "$DOMAIN" "$@"; }
password_of() { sed -n "s/^  $1@$DOMAIN: //p" "$2"; }  # password_of USER LOG
# Generated passwords may start with '-': they go after "--" on the client's command line.
mode_of() { stat -c %a "$1" 2>/dev/null; }

gen_config 1001 1002
vg_start "$cfg" "$var" first || e2e_finish
grep -q "^Generated passwords for new accounts" "$VG_LOG"
check "first start announces generated passwords" $?
pw1=$(password_of 1001 "$VG_LOG")
pw2=$(password_of 1002 "$VG_LOG")
[ ${#pw1} -ge 12 ] && [ ${#pw2} -ge 12 ] && [ "$pw1" != "$pw2" ]
check "a distinct password of at least 12 characters is printed for 1001 and 1002" $?
[ "$(grep -cF -- "$pw1" "$VG_LOG")" = 1 ] && [ "$(grep -cF -- "$pw2" "$VG_LOG")" = 1 ]
check "each password appears exactly once in the log" $?
creds="$var/generated-credentials.txt"
mode=$(mode_of "$creds")
[ "$mode" = 600 ]
check "generated-credentials.txt has mode 0600 (got $mode)" $?
admin_pw=$(sed -n 's/^  password: //p' "$VG_LOG")
grep -q '^First start: created administrator "admin"' "$VG_LOG" && [ ${#admin_pw} -ge 20 ] &&
  [ "$(grep -cF -- "$admin_pw" "$VG_LOG")" = 1 ] && grep -q "^  TOTP .*otpauth://totp/voipguard:admin?secret=" "$VG_LOG"
check "first start creates the administrator 'admin' and prints its password and TOTP URI once" $?
grep -qxF "1001@$DOMAIN: $pw1" "$creds" && grep -qxF "1002@$DOMAIN: $pw2" "$creds" &&
  grep -qxF "admin (administrator): $admin_pw" "$creds" && [ "$(wc -l <"$creds")" = 3 ]
check "generated-credentials.txt holds exactly the printed passwords" $?
"$VG_BIN" admin list --config "$cfg" --var-dir "$var" >"$TMP/admins.out" 2>&1
[ "$(cat "$TMP/admins.out")" = "admin  enabled  totp" ]
check "admin list shows the first administrator, enabled, with TOTP" $?
# The secret scan every test runs knows the administrator's secrets: planted elsewhere, both are found.
admin_totp=$(sed -n 's/^  TOTP .*secret=\([A-Z2-7]*\)&.*/\1/p' "$VG_LOG")
printf 'leak %s\n' "$admin_pw" >"$TMP/planted_admin_pw.txt"
printf 'leak %s\n' "$admin_totp" >"$TMP/planted_admin_totp.txt"
"$PYTHON" "$E2E_DIR/secret_scan.py" --var-dir "$var" "$TMP/planted_admin_pw.txt" "$TMP/planted_admin_totp.txt" \
  >"$TMP/planted_admin.out"
[ $? = 1 ] && grep -q "generated password of administrator admin in .*planted_admin_pw" "$TMP/planted_admin.out" &&
  grep -q "TOTP secret of administrator admin in .*planted_admin_totp" "$TMP/planted_admin.out"
check "the secret scan finds the administrator's password and TOTP secret planted in a file" $?
ha1="$var/accounts/$DOMAIN/1001.ha1"
[ "$(mode_of "$ha1")" = 600 ] && ! grep -qF -- "$pw1" "$ha1" && grep -qE "^md5 [0-9a-f]{32}$" "$ha1"
check "the account's hashes are stored (0600), not its password" $?
mode=$(mode_of "$var")
[ "$mode" = 700 ]
check "the var directory has mode 0700 (got $mode)" $?
secret="$var/nonce.secret"
[ "$(mode_of "$secret")" = 600 ] && [ "$(stat -c %s "$secret")" = 32 ]
check "nonce.secret: 32 bytes, mode 0600" $?
secret_sum=$(sha256sum <"$secret")

port=$(pick_port 127.0.0.2)
sipp_register reg_1001_first 127.0.0.2 "$port" 1001 "$pw1" "127.0.0.2:$port"
check "1001 registers with the printed password (MD5, SIPp) (sipp exit $?)" $?
client --bind 127.0.0.3 register --save "$TMP/creds_1002.json" -- 1002 "$pw2" >"$TMP/sha_first.out"
grep -q "^RESULT auth 200$" "$TMP/sha_first.out"
check "1002 registers with the printed password (SHA-256, python)" $?
vg_stop

vg_start "$cfg" "$var" second || e2e_finish
! grep -q "Generated passwords" "$VG_LOG" && ! grep -qF -e "$pw1" -e "$pw2" "$VG_LOG"
check "second start prints no password" $?
! grep -q "First start: created administrator" "$VG_LOG" && ! grep -qF -- "$admin_pw" "$VG_LOG"
check "second start creates no administrator and prints none" $?
"$VG_BIN" admin list --config "$cfg" --var-dir "$var" >"$TMP/admins2.out" 2>&1
[ "$(cat "$TMP/admins2.out")" = "admin  enabled  totp" ]
check "still exactly one administrator after the second start" $?
[ "$(wc -l <"$creds")" = 3 ]
check "generated-credentials.txt unchanged by the second start" $?
[ "$(sha256sum <"$secret")" = "$secret_sum" ]
check "nonce.secret unchanged by the second start" $?
client --bind 127.0.0.3 replay "$TMP/creds_1002.json" >"$TMP/replay.out"
cat "$TMP/replay.out"
grep -q "^RESULT replay 401 stale=true$" "$TMP/replay.out"
check "credentials replayed after the restart: 401 stale=true (nonce authentic under the kept secret), no 200" $?
sipp_register reg_1001_second 127.0.0.2 "$port" 1001 "$pw1" "127.0.0.2:$port"
check "1001 still registers with the same password after the restart (sipp exit $?)" $?
client --bind 127.0.0.3 register -- 1002 "$pw2" >"$TMP/sha_second.out"
grep -q "^RESULT auth 200$" "$TMP/sha_second.out"
check "1002 still registers with the same password after the restart (SHA-256)" $?
vg_stop

gen_config 1001 1002 1003
vg_start "$cfg" "$var" third || e2e_finish
pw3=$(password_of 1003 "$VG_LOG")
[ ${#pw3} -ge 12 ] && [ "$(grep -c "^  [0-9]*@$DOMAIN: " "$VG_LOG")" = 1 ]
check "a new account's password is printed at the next start, and only that one" $?
[ "$(wc -l <"$creds")" = 4 ] && grep -qxF "1003@$DOMAIN: $pw3" "$creds" && [ "$(mode_of "$creds")" = 600 ]
check "generated-credentials.txt gains the new line and stays 0600" $?
sipp_register reg_1003 127.0.0.2 "$port" 1003 "$pw3" "127.0.0.2:$port"
check "1003 registers with its printed password (sipp exit $?)" $?

gen_config 1001 1002 1003 1004
kill -HUP "$VG_PID"
wait_log "info configuration reloaded" 10
check "reload with a new generated account" $?
pw4=$(password_of 1004 "$VG_LOG")
[ ${#pw4} -ge 12 ] && [ "$(grep -c "^  [0-9]*@$DOMAIN: " "$VG_LOG")" = 2 ]
check "the password of an account added by a reload is printed (once, only that one)" $?
grep -qxF "1004@$DOMAIN: $pw4" "$creds"
check "generated-credentials.txt gains the reload's account" $?
printf 'bogus_key: 1\n' >>"$cfg"
kill -HUP "$VG_PID"
wait_log "error reload rejected" 10
check "an invalid reload is rejected" $?
[ "$(grep -c "^  [0-9]*@$DOMAIN: " "$VG_LOG")" = 2 ]
check "a rejected reload prints no password again" $?
sipp_register reg_1004 127.0.0.2 "$port" 1004 "$pw4" "127.0.0.2:$port"
check "1004 registers with the password printed at the reload (sipp exit $?)" $?
vg_stop
e2e_finish
