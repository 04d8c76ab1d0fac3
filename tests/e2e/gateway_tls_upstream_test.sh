#!/usr/bin/env bash
# End-to-end: outgoing TLS to an upstream with certificate and host-name verification (RFC 5922).
# A second voipguard plays the PBX on 127.0.0.5 with a certificate for pbx.e2e.test signed by a test
# CA (made with the openssl CLI). The gateway's edge tenant forwards to it over TLS:
#  * with tls.server_name pbx.e2e.test and the test CA: the request gets the PBX's answer;
#  * with tls.server_name wrong.e2e.test: the handshake is refused by the gateway, so the request
#    never reaches the PBX and times out (408);
#  * mutual TLS: the PBX listener requires client certificates; the gateway presents one.
source "$(dirname "$0")/lib.sh"
e2e_init "$@"

pki="$TMP/pki"
mkdir -p "$pki"
openssl_q() { openssl "$@" >/dev/null 2>&1; }
openssl_q req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=e2e CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" \
  -keyout "$pki/ca.key" -out "$pki/ca.crt"
issue() {  # issue NAME SAN
  openssl_q req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
    -keyout "$pki/$1.key" -out "$pki/$1.csr"
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$2" >"$pki/$1.ext"
  openssl_q x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 2 -extfile "$pki/$1.ext" -out "$pki/$1.crt"
}
issue pbx "DNS:pbx.e2e.test"
issue gateway "DNS:gateway.e2e.test"
[ -s "$pki/pbx.crt" ] && [ -s "$pki/gateway.crt" ]
check "test CA, PBX and gateway certificates made with openssl" $?

# The PBX: a registrar for pbx.e2e.test on TLS only, requiring client certificates from the CA.
PBX_ADDR=127.0.0.5
PBX_PORT=$(pick_port $PBX_ADDR)
cat >"$TMP/pbx.yaml" <<EOF
$(yaml_common)
listeners:
  - name: tls
    transport: tls
    address: "$PBX_ADDR"
    port: $PBX_PORT
    tls: { certificate: "$pki/pbx.crt", private_key: "$pki/pbx.key", ca_file: "$pki/ca.crt", verify_client: required }
tenants:
  - domain: pbx.e2e.test
    accounts:
      - { username: "1001", password: "$PW_1001" }
EOF
vg_start "$TMP/pbx.yaml" "$TMP/pbx-var" pbx || e2e_finish
PBX_LOG=$VG_LOG
PBX_PID=$VG_PID

# The gateway: an edge tenant forwarding to the PBX over TLS.
VG_ADDR=127.0.0.1
VG_PORT=$(pick_port $VG_ADDR)
TLS_PORT=$(pick_port $VG_ADDR)
gateway_config() {  # gateway_config SERVER-NAME
  cat <<EOF
$(yaml_common)
transactions: { timer_t1_ms: 50 }
listeners:
  - { name: udp, transport: udp, address: "$VG_ADDR", port: $VG_PORT }
  - { name: tls, transport: tls, address: "$VG_ADDR", port: $TLS_PORT, tls: { self_signed: true } }
upstreams:
  - name: pbx
    host: "$PBX_ADDR"
    port: $PBX_PORT
    transport: tls
    health_check: { interval: 0 }
    tls: { server_name: $1, ca_file: "$pki/ca.crt", certificate: "$pki/gateway.crt", private_key: "$pki/gateway.key" }
tenants:
  - domain: edge.e2e.test
    mode: edge
    default_upstream: pbx
EOF
}
probe() {  # probe TAG: an OPTIONS through the gateway; prints the final status line or TIMEOUT
  timeout 30 "$PYTHON" "$E2E_DIR/sip_digest_client.py" --server "$VG_ADDR:$VG_PORT" --domain edge.e2e.test \
    --bind 127.0.0.2 --timeout 10 raw <<EOF
OPTIONS sip:100@edge.e2e.test SIP/2.0
Via: SIP/2.0/UDP @LOCAL@;branch=z9hG4bK-$1;rport
From: <sip:probe@edge.e2e.test>;tag=$1
To: <sip:100@edge.e2e.test>
Call-ID: $1@e2e
CSeq: 1 OPTIONS
Max-Forwards: 70
Content-Length: 0

EOF
}

gateway_config pbx.e2e.test >"$TMP/gw_good.yaml"
vg_start "$TMP/gw_good.yaml" "$TMP/gw-var" gateway_good || e2e_finish
status=$(probe good)
echo "right name: $status"
# The PBX does not serve edge.e2e.test: its answer is a 404, relayed back over TLS and UDP.
[[ "$status" == "SIP/2.0 404"* ]]
check "upstream certificate for the configured name: the PBX's answer comes back over TLS ($status)" $?
vg_stop

gateway_config wrong.e2e.test >"$TMP/gw_wrong.yaml"
vg_start "$TMP/gw_wrong.yaml" "$TMP/gw-var" gateway_wrong || e2e_finish
status=$(probe wrong)
echo "wrong name: $status"
[[ "$status" == "SIP/2.0 408"* ]]
check "upstream certificate for another name: handshake refused, the request times out ($status)" $?
vg_stop

VG_LOG=$PBX_LOG
VG_PID=$PBX_PID
vg_stop
e2e_finish
