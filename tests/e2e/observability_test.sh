#!/usr/bin/env bash
# End-to-end: logs, metrics and alerts (docs/observability.md).
#  * log: {level: debug, format: json, file: ...}: every line of the log file is a JSON object; the
#    request path is logged (one line per message with method/status, source, Call-ID).
#  * /metrics on a loopback port (curl) after SIPp and python registrations: requests and responses
#    by method/class and transport, registrations, auth failures, active bindings, the processing
#    histogram; a non-loopback metrics address is refused by check-config.
#  * Alerts: three wrong passwords from one source fire a threshold rule ("failed-logins"), and with
#    one more from another source a de-duplicated per-event rule; the webhook receiver is down at first: deliveries are retried and
#    arrive, in order, once it is up; the Slack-format channel gets {"text": ...}; syslog gets an
#    RFC 5424 datagram; the SMTP receiver gets a mail.
#  * A call of the tenant (which has no fraud policy) to a NANP premium number through a SIPp trunk is
#    counted by destination class (voipguard_calls_by_class_total), without a fraud decision.
#  * SIGHUP: the security filters' counters (a scanner ban from 127.0.0.7, the drops of that banned
#    source) go on from where they were instead of restarting from 0.
#  * Secret scan of every output (stderr, JSON log, webhook bodies, syslog, mail, the database file).
source "$(dirname "$0")/lib.sh"
e2e_init "$@"
command -v curl >/dev/null || { check "curl is installed" 1; e2e_finish; }

VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
METRICS_PORT=$(pick_port 127.0.0.1)
HOOK_PORT=$(pick_port 127.0.0.1)
SYSLOG_PORT=$(pick_port 127.0.0.1)
SMTP_PORT=$(pick_port 127.0.0.1)
TRUNK=127.0.0.6
TRUNK_PORT=$(pick_port $TRUNK)
SCANNER=127.0.0.7
JSON_LOG="$TMP/voipguard.json.log"
WRONG_PW='Wrong-Password-9!'

receiver() {  # receiver MODE PORT OUT: a receiver in the background; sets RECV_PID
  "$PYTHON" "$E2E_DIR/obs_receivers.py" "$1" "$2" "$3" &
  RECV_PID=$!
  E2E_PIDS+=("$RECV_PID")
}
metric() {  # metric 'NAME{LABELS}': its value in the last scrape (0 when absent)
  awk -v k="$1" '$1 == k { print $2; found = 1 } END { if (!found) print 0 }' "$TMP/metrics.txt"
}
scrape() { curl -s --max-time 5 "http://127.0.0.1:$METRICS_PORT/metrics" >"$TMP/metrics.txt"; }
wait_metric_ge() {  # wait_metric_ge NAME MIN [DEADLINE]
  local deadline=$((SECONDS + ${3:-15}))
  while [ $SECONDS -lt $deadline ]; do
    scrape
    awk -v m="$2" -v v="$(metric "$1")" 'BEGIN { exit !(v >= m) }' && return 0
    sleep 0.1
  done
  return 1
}

# The configuration: debug JSON log to a file, metrics, four channels, two rules.
{
  yaml_common | sed "s|^  level: debug|  level: debug\n  format: json\n  file: $JSON_LOG|"
  yaml_listeners "$VG_ADDR" "$VG_PORT"
  yaml_registrar_tenant | sed "s|^    mode: registrar|    mode: registrar\n    default_upstream: trunk|"
  cat <<YAML
upstreams:
  - { name: trunk, host: $TRUNK, port: $TRUNK_PORT, health_check: { interval: 0 } }
metrics:
  listen: 127.0.0.1:$METRICS_PORT
alerts:
  channels:
    - { name: hook, type: webhook, url: "http://127.0.0.1:$HOOK_PORT/hook",
        retry: { initial: 100ms, max: 400ms, attempts: 200 } }
    - { name: chat, type: webhook, format: slack, url: "http://127.0.0.1:$HOOK_PORT/slack",
        retry: { initial: 100ms, max: 400ms, attempts: 200 } }
    - { name: syslog, type: syslog, host: 127.0.0.1, port: $SYSLOG_PORT, facility: auth }
    - { name: mail, type: email, smtp_url: "smtp://127.0.0.1:$SMTP_PORT", from: voipguard@e2e.test,
        to: [ops@e2e.test], timeout: 10s }
  rules:
    - name: any-auth-failure
      kind: auth.failure
      dedupe: 1h
      channels: [hook]
    - name: failed-logins
      kind: auth.failure
      threshold: { count: 3, window: 60s, per: source_ip }
      severity: critical
YAML
} >"$TMP/voipguard.yaml"

# A metrics address that is not loopback is refused.
sed "s|listen: 127.0.0.1:$METRICS_PORT|listen: 192.0.2.1:9090|" "$TMP/voipguard.yaml" >"$TMP/remote.yaml"
"$VG_BIN" check-config "$TMP/remote.yaml" >"$TMP/remote.out" 2>&1
[ $? != 0 ] && grep -q "metrics.listen.*loopback" "$TMP/remote.out"
check "check-config refuses a non-loopback metrics address" $?

VG_READY_LOG=$JSON_LOG
receiver syslog "$SYSLOG_PORT" "$TMP/syslog.txt"
receiver smtp "$SMTP_PORT" "$TMP/mail.txt"
wait_bound 127.0.0.1 "$SYSLOG_PORT" udp 10 && wait_bound 127.0.0.1 "$SMTP_PORT" tcp 10
check "syslog and SMTP receivers listening" $?
vg_start "$TMP/voipguard.yaml" "$TMP/var" || e2e_finish
server=$(sip_hostport $VG_ADDR "$VG_PORT")
client() { timeout 30 "$PYTHON" "$E2E_DIR/sip_digest_client.py" --server "$server" --domain "$DOMAIN" "$@"; }

# Traffic: a good registration (SIPp, MD5; python, SHA-256) and three wrong passwords from 127.0.0.3.
port=$(pick_port 127.0.0.2)
sipp_register reg_ok 127.0.0.2 "$port" 1001 "$PW_1001" "127.0.0.2:$port"
check "REGISTER 1001 with the right password (sipp exit $?)" $?
client --bind 127.0.0.4 register 1002 "$PW_1002" --algorithm SHA-256 >"$TMP/sha_ok.out"
grep -q "^RESULT auth 200$" "$TMP/sha_ok.out"
check "REGISTER 1002 with SHA-256 gets 200" $?
# The python client tries the wrong password three times (first try, replay, next nonce count).
client --bind 127.0.0.3 register 1003 "$WRONG_PW" --algorithm SHA-256 >"$TMP/wrong.out"
[ "$(grep -c " 403$" "$TMP/wrong.out")" = 3 ] && ! grep -q " 200$" "$TMP/wrong.out"
check "three wrong SHA-256 credentials from 127.0.0.3 get 403" $?
port5=$(pick_port 127.0.0.5)
sipp_run reg_wrong_md5 -sf "$SCENARIOS/register_denied.xml" -i 127.0.0.5 -p "$port5" \
  -key user 1003 -key domain "$DOMAIN" -key contact_host "127.0.0.5:$port5" -au 1003 -ap "$WRONG_PW" "$server"
check "a wrong MD5 password from 127.0.0.5 gets 403 (sipp exit $?)" $?

# A call of 1001 (no fraud policy in this tenant) to a NANP premium number, answered by the trunk.
caller_port=$(pick_port 127.0.0.2)
sipp_uas_bg trunk uas_answer.xml $TRUNK "$TRUNK_PORT" "$TRUNK:$TRUNK_PORT"
uas=$SIPP_PID
sipp_call premium_call uac_call.xml 127.0.0.2 "$caller_port" 1001 "$PW_1001" +19005550100
rc=$?
sipp_wait $uas
rc2=$?
check "1001 calls +1 900 555 0100 through the trunk (sipp exit $rc, trunk $rc2)" $((rc != 0 || rc2 != 0))

# Metrics.
wait_metric_ge 'voipguard_alert_delivery_retries_total{channel="hook"}' 2
check "webhook deliveries to a receiver that is down are retried" $?
scrape
grep -q '^# TYPE voipguard_sip_requests_total counter$' "$TMP/metrics.txt"
check "/metrics serves the Prometheus text format" $?
reg_in=$(metric 'voipguard_sip_requests_total{direction="in",transport="udp",method="REGISTER"}')
[ "$reg_in" -ge 10 ]
check "REGISTERs received over UDP counted (got $reg_in, want >= 10)" $?
[ "$(metric 'voipguard_registrations_total')" -ge 2 ]
check "successful registrations counted" $?
[ "$(metric 'voipguard_registrations_active')" = 2 ]
check "two bindings active" $?
[ "$(metric 'voipguard_auth_failures_total{by="voipguard"}')" = 4 ]
check "four authentication failures counted" $?
[ "$(metric 'voipguard_sip_rejected_total{reason="auth_failed"}')" = 4 ]
check "four rejections for failed authentication" $?
ok_out=$(metric 'voipguard_sip_responses_total{direction="out",transport="udp",class="2xx"}')
fail_out=$(metric 'voipguard_sip_responses_total{direction="out",transport="udp",class="4xx"}')
[ "$ok_out" -ge 2 ] && [ "$fail_out" -ge 8 ]
check "responses sent by class (2xx $ok_out >= 2, 4xx $fail_out >= 8: challenges and 403s)" $?
count=$(metric 'voipguard_message_processing_seconds_count')
inf=$(metric 'voipguard_message_processing_seconds_bucket{le="+Inf"}')
[ "$count" -ge "$reg_in" ] && [ "$count" = "$inf" ]
check "processing-time histogram: one observation per message ($count), +Inf bucket equal" $?
missing=
for family in voipguard_sip_requests_total voipguard_sip_responses_total voipguard_sip_dropped_total \
  voipguard_sip_rejected_total voipguard_filter_decisions_total voipguard_bans_active voipguard_registrations_active \
  voipguard_calls_active voipguard_calls_by_class_total voipguard_fraud_decisions_total voipguard_store_queue_depth \
  voipguard_store_dropped_total voipguard_store_write_seconds voipguard_store_records_total \
  voipguard_alert_deliveries_total voipguard_alert_delivery_failures_total voipguard_message_processing_seconds; do
  grep -q "^# TYPE $family " "$TMP/metrics.txt" || missing="$missing $family"
done
[ -z "$missing" ]
check "every metric family of docs/observability.md is served (missing:${missing:- none})" $?
[ "$(metric 'voipguard_calls_by_class_total{class="nanp_premium"}')" = 1 ] &&
  [ "$(metric 'voipguard_calls_by_class_total{class="premium"}')" = 1 ] &&
  [ "$(metric 'voipguard_calls_by_class_total{class="international"}')" = 0 ] &&
  [ "$(metric 'voipguard_fraud_decisions_total{action="evaluated"}')" = 0 ]
check "the call of a tenant without a fraud policy is counted by class (premium, nanp_premium), not evaluated" $?
grep -q '^# TYPE voipguard_log_queue_depth gauge$' "$TMP/metrics.txt" &&
  [ "$(metric 'voipguard_log_queue_depth')" -le 8192 ] && grep -q '^voipguard_log_dropped_total ' "$TMP/metrics.txt"
check "the log queue depth (gauge, $(metric 'voipguard_log_queue_depth')) and log drops are exported" $?
[ "$(metric 'voipguard_filter_decisions_total{filter="flood",action="drop"}')" = 0 ] &&
  [ "$(metric 'voipguard_store_dropped_total{reason="queue_full"}')" = 0 ] &&
  [ "$(metric 'voipguard_store_queue_depth{stage="queued"}')" -le 10 ]
check "filter decisions, store losses and store queue depth are exported per label" $?
# The auth.failure events above reach the store within a flush interval (1 s).
wait_metric_ge 'voipguard_store_records_total' 4 && wait_metric_ge 'voipguard_store_write_seconds_count' 1
check "store writes counted ($(metric 'voipguard_store_records_total') records) and timed" $?
[ "$(metric 'voipguard_alerts_total{rule="failed-logins"}')" = 1 ]
check "the threshold rule fired once (3 failures from 127.0.0.3; 1 from 127.0.0.5 is below it)" $?
[ "$(metric 'voipguard_alerts_total{rule="any-auth-failure"}')" = 2 ] && [ "$(metric 'voipguard_alerts_suppressed_total{reason="dedupe"}')" = 2 ]
check "the per-event rule fired once per source, two repeats held back by de-duplication" $?

# The webhook receiver comes up: the queued alerts arrive, in order.
receiver http "$HOOK_PORT" "$TMP/hooks.jsonl"
wait_file_match "$TMP/hooks.jsonl" '"/slack"' 20 && wait_metric_ge 'voipguard_alert_deliveries_total{channel="hook"}' 3 20
check "queued webhook alerts delivered once the receiver is up" $?
"$PYTHON" - "$TMP/hooks.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
hook = [json.loads(r["body"]) for r in recs if r["path"] == "/hook"]
slack = [json.loads(r["body"]) for r in recs if r["path"] == "/slack"]
assert [(h["rule"], h["key"]) for h in hook] == [("any-auth-failure", "127.0.0.3"), ("failed-logins", "127.0.0.3"),
                                                 ("any-auth-failure", "127.0.0.5")], hook
assert all(r["ctype"] == "application/json" for r in recs)
assert hook[1]["severity"] == "critical" and hook[1]["count"] == 3 and hook[1]["key"] == "127.0.0.3"
assert hook[0]["event"]["kind"] == "auth.failure" and hook[0]["event"]["account"] == "1003"
assert len(slack) == 1 and list(slack[0]) == ["text"] and "[failed-logins]" in slack[0]["text"], slack
PY
check "webhook bodies: both rules in order (JSON), the Slack channel gets {\"text\": ...}" $?

wait_file_match "$TMP/syslog.txt" 'failed-logins' 10
check "syslog datagram received" $?
# RFC 5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG; auth.crit = 4*8+2 = 34.
grep -qE '^<34>1 [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z [!-~]+ voipguard [0-9]+ alert \[alert@32473 rule="failed-logins" severity="critical" kind="auth\.failure" key="127\.0\.0\.3" count="3" source="127\.0\.0\.3:[0-9]+" account="1003"\] ' "$TMP/syslog.txt"
check "syslog message is RFC 5424 with structured data" $?
wait_file_match "$TMP/mail.txt" '^=====' 15
check "alert e-mail received over SMTP" $?
grep -q "^MAIL FROM:<voipguard@e2e.test>" "$TMP/mail.txt" && grep -q "^RCPT TO:<ops@e2e.test>" "$TMP/mail.txt" &&
  grep -q "^Subject: voipguard critical \[failed-logins\] auth.failure from 127.0.0.3" "$TMP/mail.txt"
check "the e-mail has the envelope and a subject naming the rule" $?

# A scanner from 127.0.0.7 is banned; its next datagram is dropped before parsing. After a SIGHUP
# reload (a new filter pipeline) both counters go on from there.
scan() {  # scan N: one REGISTER with a scanner's User-Agent from $SCANNER; voipguard stays silent
  printf 'REGISTER sip:%s SIP/2.0\nVia: SIP/2.0/UDP @LOCAL@;branch=z9hG4bK-scan%s;rport\nFrom: <sip:100@%s>;tag=s%s\nTo: <sip:100@%s>\nCall-ID: scan%s@x\nCSeq: 1 REGISTER\nUser-Agent: friendly-scanner\nContent-Length: 0\n\n' \
    "$DOMAIN" "$1" "$DOMAIN" "$1" "$DOMAIN" "$1" |
    timeout 30 "$PYTHON" "$E2E_DIR/sip_digest_client.py" --server "$server" --domain "$DOMAIN" --bind $SCANNER --timeout 1 raw
}
[ "$(scan 1)" = TIMEOUT ] && [ "$(scan 2)" = TIMEOUT ]
check "a scanner's REGISTERs from $SCANNER get no answer" $?
wait_metric_ge 'voipguard_sip_dropped_total{reason="banned"}' 1
check "the scanner is banned, its next datagram dropped before parsing" $?
bans_before=$(metric 'voipguard_filter_decisions_total{filter="scanner",action="ban"}')
dropped_before=$(metric 'voipguard_sip_dropped_total{reason="banned"}')
kill -HUP "$VG_PID"
wait_file_match "$JSON_LOG" 'configuration reloaded' 10
check "SIGHUP: configuration reloaded" $?
[ "$(scan 3)" = TIMEOUT ]
wait_metric_ge 'voipguard_sip_dropped_total{reason="banned"}' $((dropped_before + 1))
check "after the reload the banned-source drops go on from $dropped_before (now $(metric 'voipguard_sip_dropped_total{reason="banned"}'))" $?
[ "$bans_before" -ge 1 ] && [ "$(metric 'voipguard_filter_decisions_total{filter="scanner",action="ban"}')" = "$bans_before" ]
check "after the reload the scanner's ban decisions are still counted ($bans_before, not reset to 0)" $?

vg_alive
check "voipguard still running" $?
vg_stop

# The JSON log: every line parses; the request path is there at debug level.
"$PYTHON" - "$JSON_LOG" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
recs = [json.loads(l) for l in lines]
assert recs and all(set(r) == {"time", "level", "msg"} for r in recs)
assert any(r["msg"].startswith("recv REGISTER from 127.0.0.3:") and "call-id=" in r["msg"] for r in recs)
assert any(r["msg"].startswith("send 403 to 127.0.0.3:") for r in recs)
assert any(r["msg"].startswith("alert failed-logins:") for r in recs)
assert any(r["msg"].startswith("ready") for r in recs)
PY
check "the JSON log file: one JSON object per line, messages received and sent at debug level" $?
! grep -q " ready" "$VG_LOG"
check "with log.file set, nothing but the announcement goes to stderr" $?

"$PYTHON" "$E2E_DIR/secret_scan.py" --allow-announcement --password 1001 "$DOMAIN" "$PW_1001" --password 1002 "$DOMAIN" "$PW_1002" \
  --password 1003 "$DOMAIN" "$PW_1003" --password 1003 "$DOMAIN" "$WRONG_PW" --var-dir "$TMP/var" \
  "$VG_LOG" "$JSON_LOG" "$TMP/hooks.jsonl" "$TMP/syslog.txt" "$TMP/mail.txt" "$TMP/metrics.txt" \
  "$TMP/var/voipguard.db" "$TMP/var/voipguard.db-wal"
check "no password, HA1, nonce secret or digest header in any output or the database" $?
# The scan can fail: a planted HA1, the nonce secret in hex and a digest header are each found.
printf 'x %s y\n' "$(printf '%s' "1001:$DOMAIN:$PW_1001" | sha256sum | cut -d' ' -f1)" >"$TMP/planted1.txt"
od -An -tx1 -v "$TMP/var/nonce.secret" | tr -d ' \n' >"$TMP/planted2.txt"
echo 'Proxy-Authorization: Digest username="1001"' >"$TMP/planted3.txt"
for f in planted1 planted2 planted3; do
  ! "$PYTHON" "$E2E_DIR/secret_scan.py" --password 1001 "$DOMAIN" "$PW_1001" --var-dir "$TMP/var" \
    "$TMP/$f.txt" >"$TMP/$f.out"
  rc=$?
  check "the secret scan finds a planted secret ($f: $(grep -o 'SECRET FOUND: [^/]*' "$TMP/$f.out" | head -1))" $rc
done
e2e_finish
