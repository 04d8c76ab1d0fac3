#!/usr/bin/env python3
"""Scans files for secrets that must never be written anywhere but their own files.

usage: secret_scan.py [--password USER REALM PASSWORD]... [--var-dir DIR]... [--allow-announcement]
                      FILE...

Secrets looked for, each as raw bytes, lower- and upper-case hex where it is binary or a hash:
  * every --password, and its digest HA1 = H(user:realm:password) for MD5 and SHA-256;
  * from each --var-dir: nonce.secret (raw, hex, base64), every password in
    generated-credentials.txt (with its HA1s; the first administrator's line "NAME (administrator):
    PASSWORD" too), every HA1 in accounts/*/*.ha1, and the TOTP secret of every administrator in
    voipguard.db (looked for everywhere but that database, which must keep it);
  * text that only credentials carry: 'response="', 'nonce="', 'Authorization:' (digest headers).
With --allow-announcement, the one-time blocks voipguard prints on stderr at the start that created
them are skipped in the scan: "Generated passwords" (lines "  user@domain: password") and "First
start: created administrator" (indented lines: password, otpauth:// URI, recovery codes).
Prints which secret (by label, never its value) was found in which file; exits 1 if any.
"""
import base64
import glob
import hashlib
import os
import re
import sqlite3
import sys


def ha1s(user, realm, password):
    text = f"{user}:{realm}:{password}".encode()
    return [hashlib.md5(text).hexdigest(), hashlib.sha256(text).hexdigest()]


def main(argv):
    secrets = []  # (label, bytes)
    homes = {}  # label -> the file (and its -wal/-shm) that legitimately keeps that secret
    files = []
    allow_announcement = False
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--password":
            user, realm, pw = argv[i + 1:i + 4]
            secrets.append((f"password of {user}@{realm}", pw.encode()))
            for n, h in zip(("MD5", "SHA-256"), ha1s(user, realm, pw)):
                secrets.append((f"{n} HA1 of {user}@{realm}", h.encode()))
            i += 4
        elif a == "--var-dir":
            var = argv[i + 1]
            i += 2
            path = os.path.join(var, "nonce.secret")
            if os.path.exists(path):
                raw = open(path, "rb").read()
                secrets += [("nonce secret (raw)", raw), ("nonce secret (hex)", raw.hex().encode()),
                            ("nonce secret (HEX)", raw.hex().upper().encode()),
                            ("nonce secret (base64)", base64.b64encode(raw).rstrip(b"="))]
            path = os.path.join(var, "generated-credentials.txt")
            if os.path.exists(path):
                for line in open(path, encoding="utf-8"):
                    m = re.match(r"^(\S+) \(administrator\): (.+)$", line.rstrip("\n"))
                    if m:
                        secrets.append((f"generated password of administrator {m.group(1)}", m.group(2).encode()))
                        continue
                    m = re.match(r"^(\S+)@(\S+): (.+)$", line.rstrip("\n"))
                    if not m:
                        continue
                    user, realm, pw = m.groups()
                    secrets.append((f"generated password of {user}@{realm}", pw.encode()))
                    for n, h in zip(("MD5", "SHA-256"), ha1s(user, realm, pw)):
                        secrets.append((f"{n} HA1 of generated {user}@{realm}", h.encode()))
            path = os.path.join(var, "voipguard.db")
            if os.path.exists(path):
                try:
                    db = sqlite3.connect(path)
                    try:
                        for user, totp in db.execute("SELECT username, totp_secret FROM admin_users"):
                            if totp:
                                # Stored as is in the database (docs/admin.md); anywhere else it leaks.
                                label = f"TOTP secret of administrator {user}"
                                secrets.append((label, totp.encode()))
                                homes[label] = os.path.realpath(path)
                    finally:
                        db.close()
                except sqlite3.Error:
                    pass  # a store without the admin tables (yet)
            for path in glob.glob(os.path.join(var, "accounts", "*", "*.ha1")):
                for line in open(path, encoding="utf-8"):
                    parts = line.split()
                    if len(parts) == 2:
                        secrets.append((f"stored {parts[0]} HA1 ({os.path.basename(path)})", parts[1].encode()))
        elif a == "--allow-announcement":
            allow_announcement = True
            i += 1
        else:
            files.append(a)
            i += 1
    markers = [("digest response parameter", re.compile(rb'response\s*=\s*"', re.I)),
               ("digest nonce parameter", re.compile(rb'nonce\s*=\s*"', re.I)),
               ("Authorization header", re.compile(rb'(Proxy-)?Authorization\s*:', re.I))]
    found = 0
    for path in files:
        if not os.path.exists(path):
            continue
        data = open(path, "rb").read()
        if allow_announcement:
            data = re.sub(rb"(?m)^Generated passwords for new accounts.*\n(  \S+@\S+: .*\n)*", b"", data)
            data = re.sub(rb"(?m)^First start: created administrator .*\n(  .*\n)*", b"", data)
        for label, value in secrets:
            if label in homes and os.path.realpath(path).startswith(homes[label]):
                continue
            if value and value in data:
                print(f"SECRET FOUND: {label} in {path}")
                found += 1
        for label, rx in markers:
            if rx.search(data):
                print(f"SECRET FOUND: {label} in {path}")
                found += 1
    print(f"secret scan: {len(secrets)} secrets, {len(files)} files, {found} found")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
