#!/usr/bin/env python3
"""A small SIP client over UDP for the gateway end-to-end tests (standard library only).

SIPp 3.6.1 only does MD5 digest; this client covers what it cannot:

  challenge USER          REGISTER without credentials; prints the 401 as JSON with the parts that
                          may differ between two challenges removed (To tag, nonce value), so that two
                          challenges can be compared for equality (user enumeration).
  register USER PASSWORD  REGISTER, 401, then an answer to the challenge of --algorithm (RFC 7616,
                          qop=auth) with --expires and --contact ("*" and 0 remove every binding),
                          expecting 200; then the same credentials again (same nonce and
                          nc, in a new transaction: a replay) and with the next nc. Prints one line
                          "RESULT <step> <status>" per step.
  replay FILE             sends the credentials that `register --save FILE` got a 200 with, in a new
                          transaction, and prints "RESULT replay <status> stale=<true|false>".
  raw                     sends stdin as one datagram (LF line ends become CRLF) and prints the first
                          response's status line, or "TIMEOUT".

--tls sends everything over one TLS connection instead of UDP (the server's certificate is verified
against --ca FILE when given); the output lines are the same.

Every read has a deadline; the exit status is 0 unless the server could not be reached.
"""

import argparse
import hashlib
import json
import os
import re
import socket
import ssl
import sys
import time


def parse_message(data):
    head, _, body = data.partition("\r\n\r\n")
    lines = head.split("\r\n")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return lines[0], headers, body


def auth_params(value):
    """Parameters of a Digest challenge or credentials: {name: value} with quotes removed."""
    scheme, _, rest = value.partition(" ")
    params = {}
    for m in re.finditer(r'([A-Za-z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]+)', rest):
        params[m.group(1).lower()] = m.group(3) if m.group(3) is not None else m.group(2)
    return scheme, params


class Client:
    def __init__(self, server, bind, domain, timeout, tls=False, ca=None):
        host, _, port = server.rpartition(":")
        self.server = (host.strip("[]"), int(port))
        family = socket.AF_INET6 if ":" in self.server[0] else socket.AF_INET
        self.transport = "TLS" if tls else "UDP"
        self.buffer = b""
        if tls:
            raw = socket.socket(family, socket.SOCK_STREAM)
            raw.bind((bind, 0))
            raw.settimeout(timeout)
            raw.connect(self.server)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            if ca:
                ctx.load_verify_locations(ca)
            else:
                ctx.verify_mode = ssl.CERT_NONE
            self.sock = ctx.wrap_socket(raw)
        else:
            self.sock = socket.socket(family, socket.SOCK_DGRAM)
            self.sock.bind((bind, 0))
        self.local = self.sock.getsockname()
        self.domain = domain
        self.timeout = timeout
        self.call_id = os.urandom(8).hex() + "@e2e"
        self.tag = os.urandom(4).hex()
        self.cseq = 0

    def hostport(self):
        host = self.local[0]
        return f"[{host}]:{self.local[1]}" if ":" in host else f"{host}:{self.local[1]}"

    def register(self, user, authorization=None, expires=300, contact=None):
        self.cseq += 1
        branch = "z9hG4bK" + os.urandom(6).hex()
        lines = [
            f"REGISTER sip:{self.domain} SIP/2.0",
            f"Via: SIP/2.0/{self.transport} {self.hostport()};branch={branch};rport",
            f"From: <sip:{user}@{self.domain}>;tag={self.tag}",
            f"To: <sip:{user}@{self.domain}>",
            f"Call-ID: {self.call_id}",
            f"CSeq: {self.cseq} REGISTER",
            f"Contact: {contact or f'<sip:{user}@{self.hostport()}>'}",
            "Max-Forwards: 70",
            f"Expires: {expires}",
            "User-Agent: e2e-digest-client",
        ]
        if authorization:
            lines.append(f"Authorization: {authorization}")
        lines += ["Content-Length: 0", "", ""]
        return self.transact("\r\n".join(lines), branch)

    def transact(self, text, branch=None):
        """Sends text (retransmitting like a UDP client, RFC 3261 §17.1.2.2) and returns the first
        final response of that transaction (by branch), or None at the deadline."""
        deadline = time.monotonic() + self.timeout
        interval = 0.5
        next_send = 0.0
        if self.transport == "TLS":
            self.sock.sendall(text.encode())  # reliable transport: sent once (RFC 3261 §17.1.2.1)
            next_send = deadline
        while time.monotonic() < deadline:
            now = time.monotonic()
            if now >= next_send:
                self.sock.sendto(text.encode(), self.server)
                next_send = now + interval
                interval = min(interval * 2, 4.0)
            self.sock.settimeout(max(0.01, min(next_send, deadline) - time.monotonic()))
            try:
                data = self.read_message()
            except socket.timeout:
                continue
            if data is None:
                return None
            start, headers, _ = parse_message(data)
            parts = start.split(" ", 2)
            if len(parts) < 2 or not parts[0].startswith("SIP/") or not parts[1].isdigit():
                continue
            if int(parts[1]) < 200:
                continue
            if branch and not any(n.lower() in ("via", "v") and branch in v for n, v in headers):
                continue
            return int(parts[1]), start, headers
        return None


    def read_message(self):
        """One message: a datagram, or one Content-Length framed message of the TLS stream (None
        when the server closed the connection)."""
        if self.transport != "TLS":
            return self.sock.recv(65535).decode(errors="replace")
        while True:
            head, sep, rest = self.buffer.lstrip(b"\r\n").partition(b"\r\n\r\n")
            if sep:
                m = re.search(rb"(?im)^(?:content-length|l)\s*:\s*(\d+)", head)
                length = int(m.group(1)) if m else 0
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    return (head + sep + rest[:length]).decode(errors="replace")
            chunk = self.sock.recv(65535)
            if not chunk:
                return None
            self.buffer += chunk


def digest_response(algorithm, user, realm, password, method, uri, nonce, nc, cnonce, qop):
    h = (lambda s: hashlib.sha256(s.encode()).hexdigest()) if algorithm == "SHA-256" else (
        lambda s: hashlib.md5(s.encode()).hexdigest())
    ha1 = h(f"{user}:{realm}:{password}")
    ha2 = h(f"{method}:{uri}")
    return h(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")


def credentials(algorithm, user, password, challenge, uri, nc, cnonce):
    realm, nonce = challenge["realm"], challenge["nonce"]
    resp = digest_response(algorithm, user, realm, password, "REGISTER", uri, nonce, nc, cnonce, "auth")
    value = (f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
             f'response="{resp}", algorithm={algorithm}, cnonce="{cnonce}", qop=auth, nc={nc}')
    if "opaque" in challenge:
        value += f', opaque="{challenge["opaque"]}"'
    return value


def cmd_challenge(client, args):
    r = client.register(args.user)
    if r is None:
        print("TIMEOUT")
        return 1
    status, start, headers = r
    shape = {"start": start, "headers": [], "challenges": []}
    for name, value in headers:
        shape["headers"].append(name)
        if name.lower() == "www-authenticate":
            scheme, params = auth_params(value)
            nonce = params.pop("nonce", "")
            # The nonce's value differs per challenge; its shape must not (length, alphabet).
            params["nonce-shape"] = f"{len(nonce)} chars, hex={all(c in '0123456789abcdef' for c in nonce)}"
            shape["challenges"].append({"scheme": scheme, "params": dict(sorted(params.items()))})
    print(json.dumps(shape, indent=1, sort_keys=True))
    return 0


def cmd_register(client, args):
    uri = f"sip:{client.domain}"
    r = client.register(args.user)
    if r is None:
        print("RESULT challenge TIMEOUT")
        return 1
    status, _, headers = r
    print(f"RESULT challenge {status}")
    challenge = None
    for name, value in headers:
        if name.lower() == "www-authenticate":
            scheme, params = auth_params(value)
            if scheme == "Digest" and params.get("algorithm", "MD5").upper() == args.algorithm.upper():
                challenge = params
    if challenge is None:
        print(f"RESULT no-{args.algorithm}-challenge 0")
        return 0
    print(f"RESULT qop {challenge.get('qop', '-')}")
    cnonce = os.urandom(8).hex()
    first = credentials(args.algorithm, args.user, args.password, challenge, uri, "00000001", cnonce)
    if args.save:
        with open(args.save, "w") as f:
            json.dump({"user": args.user, "authorization": first}, f)
    for step, auth in (("auth", first),
                       # RFC 7616 §3.3: the same nonce and nonce count again is a replay.
                       ("replay", first),
                       # ...while the next count on the same nonce is a fresh, valid request.
                       ("next-nc", credentials(args.algorithm, args.user, args.password, challenge, uri,
                                               "00000002", cnonce))):
        r = client.register(args.user, auth, args.expires, args.contact)
        print(f"RESULT {step} {r[0] if r else 'TIMEOUT'}")
    return 0


def cmd_replay(client, args):
    with open(args.file) as f:
        saved = json.load(f)
    r = client.register(saved["user"], saved["authorization"])
    if r is None:
        print("RESULT replay TIMEOUT")
        return 0
    stale = any(n.lower() == "www-authenticate" and auth_params(v)[1].get("stale", "").lower() == "true"
                for n, v in r[2])
    print(f"RESULT replay {r[0]} stale={'true' if stale else 'false'}")
    return 0


def cmd_raw(client, args):
    text = sys.stdin.read().replace("\r\n", "\n").replace("\n", "\r\n")
    text = text.replace("@LOCAL@", client.hostport())
    r = client.transact(text)
    print(r[1] if r else "TIMEOUT")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server", required=True, help="voipguard's HOST:PORT ([v6]:port)")
    p.add_argument("--bind", default="127.0.0.1", help="local address to send from")
    p.add_argument("--domain", required=True)
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for each final response")
    p.add_argument("--tls", action="store_true", help="one TLS connection instead of UDP")
    p.add_argument("--ca", help="with --tls: verify the server's certificate against this CA file")
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("challenge")
    c.add_argument("user")
    c = sub.add_parser("register")
    c.add_argument("user")
    c.add_argument("password")
    c.add_argument("--algorithm", default="SHA-256", choices=["SHA-256", "MD5"])
    c.add_argument("--expires", type=int, default=300, help="Expires of the authenticated REGISTERs")
    c.add_argument("--contact", help="Contact value of the authenticated REGISTERs (e.g. '*')")
    c.add_argument("--save", help="write the first credentials sent to this file (for `replay`)")
    c = sub.add_parser("replay")
    c.add_argument("file")
    sub.add_parser("raw")
    args = p.parse_args()
    client = Client(args.server, args.bind, args.domain, args.timeout, args.tls, args.ca)
    return {"challenge": cmd_challenge, "register": cmd_register, "replay": cmd_replay,
            "raw": cmd_raw}[args.cmd](client, args)


if __name__ == "__main__":
    sys.exit(main())
