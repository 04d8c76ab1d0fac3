#!/usr/bin/env bash
# End-to-end: `voipguard check-config` on sample configs: "ok: FILE" and exit 0 for a valid file,
# every error as file:line:col: path: message on stderr and exit 1 otherwise; passwords never shown.
set -u
bin=$1
data=$2
root=$(cd "$data/../.." && pwd)
cfg="$data/config"
fails=0
passes=0
check() {  # check NAME CONDITION-RESULT
  if [ "$2" = 0 ]; then passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_errors FILE EXPECTED-STDERR-LINES...: exit 1, nothing on stdout, exactly these lines on stderr.
expect_errors() {
  local file=$1 name
  name=$(basename "$file")  # not inside check's arguments: a $(...) there would reset $? first
  shift
  "$bin" check-config "$file" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ $rc = 1 ]; check "$name exits 1 (got $rc)" $?
  [ ! -s "$tmp/out" ]; check "$name prints nothing on stdout" $?
  printf '%s\n' "$@" >"$tmp/expected"
  diff -u "$tmp/expected" "$tmp/err" >"$tmp/diff"; local same=$?
  check "$name errors are exactly as expected" $same
  [ $same = 0 ] || cat "$tmp/diff"
}

# A valid file.
out=$("$bin" check-config "$cfg/good.yaml" 2>"$tmp/err"); rc=$?
check "good.yaml exits 0" $rc
[ "$out" = "ok: $cfg/good.yaml" ]; check "good.yaml prints ok: FILE (got '$out')" $?
[ ! -s "$tmp/err" ]; check "good.yaml prints nothing on stderr" $?
! { echo "$out"; cat "$tmp/err"; } | grep -q "Correct-Horse-42!"; check "good.yaml: password not printed" $?

# The embedded default, and the file it is built from.
out=$("$bin" check-config --default); rc=$?
check "--default exits 0" $rc
[ "$out" = "ok: <embedded default>" ]; check "--default prints ok (got '$out')" $?
out=$("$bin" check-config "$root/config/voipguard.yaml"); rc=$?
check "config/voipguard.yaml exits 0" $rc

# Bad files: exact positions and paths.
f="$cfg/unknown_key.yaml"
expect_errors "$f" \
  "$f:3:5: listeners[0].address: is required" \
  "$f:5:5: listeners[0].adress: unknown key (did you mean 'address'?)"

f="$cfg/wrong_type.yaml"
expect_errors "$f" \
  "$f:3:20: tcp.max_connections: must be an integer, got 'lots'" \
  "$f:5:3: upstreams: must be a list, got a map"

f="$cfg/bad_port.yaml"
expect_errors "$f" "$f:6:11: listeners[0].port: must be between 1 and 65535, got '70000'"

f="$cfg/undefined_upstream.yaml"
expect_errors "$f" "$f:10:19: tenants[0].routes[0].upstream: upstream 'intl-trunk' is not defined in upstreams"

f="$cfg/weak_password.yaml"
expect_errors "$f" \
  "$f:6:19: tenants[0].accounts[0].password: must be at least 12 characters" \
  "$f:6:19: tenants[0].accounts[0].password: must contain an upper-case letter" \
  "$f:6:19: tenants[0].accounts[0].password: must contain a symbol" \
  "$f:6:19: tenants[0].accounts[0].password: must not contain the username (in any case or reversed)"
! grep -q "pw1001xyz" "$tmp/err"; check "weak password never printed" $?

f="$cfg/duplicate_account.yaml"
expect_errors "$f" "$f:9:19: tenants[0].accounts[2].username: duplicate username '1001' (first at line 5)"

# All bad samples together: no password or HA1 value from any file appears in any output.
for f in "$cfg"/*.yaml; do
  "$bin" check-config "$f" >>"$tmp/all" 2>&1
done
! grep -q -e "pw1001xyz" -e "Correct-Horse-42!" -e "0123456789abcdef0123456789abcdef" "$tmp/all"
check "no secret from any sample appears in any output" $?

# A password in a file with a syntax error elsewhere, and a misspelled password key.
printf 'tenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n        pasword: "Hunter2-Hunter2"\n' >"$tmp/typo.yaml"
"$bin" check-config "$tmp/typo.yaml" >"$tmp/out" 2>&1; rc=$?
[ $rc = 1 ]; check "misspelled password key exits 1" $?
grep -q "$tmp/typo.yaml:5:9: tenants\[0\].accounts\[0\].pasword: unknown key (did you mean 'password'?)" "$tmp/out"
check "misspelled password key reported at 5:9" $?
! grep -q "Hunter2-Hunter2" "$tmp/out"; check "misspelled password value not printed" $?

printf 'mode: [registrar\nlog: {}\n' >"$tmp/syntax.yaml"
"$bin" check-config "$tmp/syntax.yaml" 2>"$tmp/err" >/dev/null; rc=$?
[ $rc = 1 ]; check "syntax error exits 1" $?
grep -q "^$tmp/syntax.yaml:[0-9]*:[0-9]*: YAML syntax error: " "$tmp/err"; check "syntax error has a position" $?

# Unreadable file, missing argument.
"$bin" check-config /nonexistent/voipguard.yaml >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 1 ]; check "missing file exits 1" $?
grep -q "^/nonexistent/voipguard.yaml: cannot read file: " "$tmp/err"; check "missing file message" $?
"$bin" check-config >/dev/null 2>&1; rc=$?
[ $rc != 0 ]; check "no FILE and no --default is a usage error" $?

"$bin" --help | grep -q check-config; check "--help lists check-config" $?
"$bin" check-config --help | grep -q -- "--default"; check "check-config --help describes --default" $?

echo "$passes passed, $fails failed"
[ $fails = 0 ]
