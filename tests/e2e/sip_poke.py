#!/usr/bin/env python3
"""Pokes SIPp calls: sends one out-of-dialog NOTIFY carrying a call's Call-ID to the SIPp process
that handles it, so that a scenario waiting in <recv request="NOTIFY"/> goes on (hangs up, cancels,
answers busy) exactly when the test says, with no timer (scenarios *_on_poke.xml, uac_hold_until_poke.xml).

usage: sip_poke.py HOST PORT CALL-ID [CALL-ID...]
       sip_poke.py HOST PORT --from-log SIPP-MESSAGE-LOG   (every Call-ID the log names)
"""
import re
import socket
import sys


def call_ids_of(log_path):
    ids = []
    with open(log_path, encoding="latin-1") as f:
        for line in f:
            m = re.match(r"\s*(?:Call-ID|i)\s*:\s*(\S+)", line, re.IGNORECASE)
            if m and m.group(1) not in ids:
                ids.append(m.group(1))
    return ids


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    host, port = sys.argv[1], int(sys.argv[2])
    ids = call_ids_of(sys.argv[4]) if sys.argv[3] == "--from-log" else sys.argv[3:]
    if not ids:
        print("sip_poke: no Call-ID", file=sys.stderr)
        return 1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        local_port = s.getsockname()[1]
        for n, call_id in enumerate(ids):
            msg = (
                f"NOTIFY sip:poke@{host}:{port} SIP/2.0\r\n"
                f"Via: SIP/2.0/UDP 127.0.0.1:{local_port};branch=z9hG4bKpoke{n}\r\n"
                f"From: <sip:test@127.0.0.1>;tag=poke{n}\r\n"
                f"To: <sip:poke@{host}>\r\n"
                f"Call-ID: {call_id}\r\n"
                f"CSeq: 1 NOTIFY\r\n"
                "Event: poke\r\n"
                "Max-Forwards: 70\r\n"
                "Content-Length: 0\r\n\r\n"
            )
            s.sendto(msg.encode(), (host, port))
    print(f"poked {len(ids)} call(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
