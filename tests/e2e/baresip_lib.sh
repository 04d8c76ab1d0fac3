# baresip helpers for the end-to-end tests (sourced after lib.sh, which sets TMP, E2E_PIDS, check).
#
# baresip 1.0 (Debian) runs headless here: a generated config directory per instance (`-f DIR`),
# no audio device (the player is aubridge, which only consumes; the source is a WAV file through
# aufile), a stdout log that the helpers grep, and a hard bound with timeout(1). One instance plays
# one account:
#
#   baresip_start callee 127.0.0.4 1002 "$PW_1002" tls "$(sip_hostport $VG_ADDR $TLS_PORT)" \
#     [--wav FILE] [--mediaenc srtp-mand] [--dial sip:1001@$DOMAIN] [--answer auto|manual]
#   baresip_wait_registered callee 15 || ...
#   baresip_wait callee 'Call established' 15
#   baresip_stop callee
#
# baresip listens for SIP on IP:PORT (UDP, TCP) and IP:PORT+1 (TLS); baresip_start picks PORT so
# that both are free. baresip does not verify the server's certificate (no sip_cafile is set).
#
# baresip's digest code (libre) knows MD5 only and gives up ("Function not implemented") when a
# challenge also offers SHA-256: the daemon's config must offer MD5 alone (yaml_common_md5).

BARESIP_DEADLINE=${BARESIP_DEADLINE:-60}   # hard bound on one baresip process (seconds)
declare -A BARESIP_PID=()
declare -A BARESIP_LOG=()
declare -A BARESIP_DIR=()

# yaml_common_md5: lib.sh's yaml_common with auth.algorithms [MD5] (see above).
yaml_common_md5() { yaml_common | sed 's/algorithms: \[MD5, SHA-256\]/algorithms: [MD5]/'; }

# baresip_free_port IP: a port P with P and P+1 free for UDP and TCP (baresip's TLS listens on P+1).
baresip_free_port() {
  "$PYTHON" - "$1" <<'EOF'
import socket, sys
addr = sys.argv[1]
def free(port):
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind((addr, port))
        except OSError:
            return False
        finally:
            s.close()
    return True
for _ in range(200):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 0))
    p = s.getsockname()[1]
    s.close()
    if p < 65535 and free(p) and free(p + 1):
        print(p)
        sys.exit(0)
sys.exit("no free port pair")
EOF
}

# baresip_tone_wav FILE [SECONDS] [HZ]: writes a 8 kHz mono 16-bit WAV with a sine tone (test audio).
baresip_tone_wav() {
  "$PYTHON" - "$1" "${2:-5}" "${3:-440}" <<'EOF'
import math, struct, sys, wave
path, seconds, hz = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
rate = 8000
with wave.open(path, "wb") as w:
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(rate)
    frames = bytearray()
    for i in range(int(rate * seconds)):
        frames += struct.pack("<h", int(12000 * math.sin(2 * math.pi * hz * i / rate)))
    w.writeframes(bytes(frames))
EOF
}

# baresip_start NAME IP USER PASSWORD udp|tcp|tls SERVER-HOSTPORT [options]: starts one baresip
# registering USER@$DOMAIN through SERVER-HOSTPORT (the outbound proxy) over the given transport.
# Options: --wav FILE (audio source; default a generated 5 s tone), --mediaenc srtp|srtp-mand|...,
# --dial URI (dials at start), --answer auto|manual (default auto), --regint SECONDS (default 600),
# --record (the sndfile module writes the decoded audio it receives to $BARESIP_DIR/NAME/*-dec.wav).
# Sets BARESIP_PID[NAME], BARESIP_LOG[NAME] (its stdout+stderr) and BARESIP_DIR[NAME].
baresip_start() {
  local name=$1 ip=$2 user=$3 pw=$4 transport=$5 server=$6
  shift 6
  local wav="" mediaenc="" dial="" answer=auto regint=600 record=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --wav) wav=$2; shift 2 ;;
      --mediaenc) mediaenc=$2; shift 2 ;;
      --dial) dial=$2; shift 2 ;;
      --answer) answer=$2; shift 2 ;;
      --regint) regint=$2; shift 2 ;;
      --record) record=1; shift ;;
      *) echo "baresip_start: unknown option $1" >&2; return 2 ;;
    esac
  done
  local dir="$TMP/baresip-$name"
  mkdir -p "$dir"
  if [ -z "$wav" ]; then
    wav="$dir/tone.wav"
    baresip_tone_wav "$wav" 5 440
  fi
  local port
  port=$(baresip_free_port "$ip") || return 1
  local ctrl
  ctrl=$(pick_port 127.0.0.1) || return 1
  cat >"$dir/config" <<EOF
poll_method		epoll
sip_listen		$ip:$port
call_local_timeout	120
call_max_calls		4
audio_player		aubridge,$name
audio_source		aufile,$wav
audio_alert		aubridge,$name-alert
audio_srate		8000
audio_channels		1
rtp_tos			0
rtp_ports		$((port + 2))-$((port + 40))
rtp_timeout		0
net_interface		$ip
module_path		/usr/lib/baresip/modules
module			g711.so
module			aufile.so
module			aubridge.so
module			srtp.so
module_app		account.so
module_app		menu.so
module			ctrl_tcp.so
ctrl_tcp_listen		127.0.0.1:$ctrl
EOF
  [ -n "$record" ] && printf 'module\t\t\tsndfile.so\nsnd_path\t\t%s\n' "$dir" >>"$dir/config"
  local params="auth_pass=$pw;regint=$regint;answermode=$answer;audio_codecs=PCMU"
  [ -n "$mediaenc" ] && params="$params;mediaenc=$mediaenc"
  # libre rejects ";transport=udp" (ENOSYS): the parameter is written only for stream transports.
  local uri_params=""
  [ "$transport" != udp ] && uri_params=";transport=$transport"
  # outbound before the other parameters: a value such as audio_codecs runs to the end of the line.
  printf '<sip:%s@%s%s>;outbound="sip:%s%s";%s\n' \
    "$user" "$DOMAIN" "$uri_params" "$server" "$uri_params" "$params" >"$dir/accounts"
  : >"$dir/contacts"
  local log="$TMP/baresip-$name.log"
  local -a cmd=(baresip -f "$dir" -v)
  [ -n "$dial" ] && cmd+=(-e "/dial $dial")
  timeout -k 3 "$BARESIP_DEADLINE" "${cmd[@]}" >"$log" 2>&1 </dev/null &
  BARESIP_PID[$name]=$!
  BARESIP_LOG[$name]=$log
  BARESIP_DIR[$name]=$dir
  E2E_PIDS+=("$!")
}

# baresip_wait NAME REGEX [DEADLINE]: waits until the instance's log matches REGEX (grep -E).
baresip_wait() {
  local log=${BARESIP_LOG[$1]} deadline=$((SECONDS + ${3:-15}))
  while [ $SECONDS -lt $deadline ]; do
    grep -qE -- "$2" "$log" 2>/dev/null && return 0
    kill -0 "${BARESIP_PID[$1]}" 2>/dev/null || { grep -qE -- "$2" "$log" 2>/dev/null; return $?; }
    sleep 0.1
  done
  return 1
}

# baresip_wait_registered NAME [DEADLINE]: its REGISTER got a 200 OK.
baresip_wait_registered() { baresip_wait "$1" '\} 200 OK' "${2:-15}"; }

# baresip_command NAME COMMAND [PARAMS]: sends one command (e.g. hangup, dial sip:...) to the
# instance's ctrl_tcp module (netstring-framed JSON) and prints its response.
baresip_command() {
  local port
  port=$(sed -n 's/^ctrl_tcp_listen\t*127.0.0.1:\([0-9]*\)$/\1/p' "${BARESIP_DIR[$1]}/config")
  "$PYTHON" - "$port" "$2" "${3:-}" <<'EOF'
import json, socket, sys
port, command, params = int(sys.argv[1]), sys.argv[2], sys.argv[3]
msg = json.dumps({"command": command, "params": params, "token": "e2e"}).encode()
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(b"%d:%s," % (len(msg), msg))
try:
    print(s.recv(4096).decode(errors="replace"))
except socket.timeout:
    sys.exit(1)
EOF
}

# baresip_stop NAME: TERM, then KILL after a deadline.
baresip_stop() {
  local pid=${BARESIP_PID[$1]:-}
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null
  local deadline=$((SECONDS + 5))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# baresip_dump NAME: prints the last lines of an instance's log (for failures).
baresip_dump() {
  echo "----- baresip $1 (last 80 lines) -----"
  tail -n 80 "${BARESIP_LOG[$1]}" 2>/dev/null
}
