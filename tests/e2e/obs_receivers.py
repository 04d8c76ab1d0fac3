#!/usr/bin/env python3
"""Local receivers for alert deliveries in the observability e2e test.

usage: obs_receivers.py http PORT OUT     records every POST as one JSON line {"path", "ctype", "body"}
       obs_receivers.py syslog PORT OUT   records every UDP datagram as one line
       obs_receivers.py smtp PORT OUT     a minimal SMTP (RFC 5321) responder; appends each message
                                          (envelope and data) to OUT, separated by a line "=====".
All listen on 127.0.0.1; each runs until killed.
"""
import http.server
import json
import socket
import socketserver
import sys


def http_receiver(port, out):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with open(out, "a", encoding="utf-8") as f:
                f.write(json.dumps({"path": self.path, "ctype": self.headers.get("Content-Type"),
                                    "body": body.decode("utf-8", "replace")}) + "\n")
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def syslog_receiver(port, out):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    while True:
        data, _ = s.recvfrom(65535)
        with open(out, "ab") as f:
            f.write(data.replace(b"\n", b"\\n") + b"\n")


def smtp_receiver(port, out):
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            def send(line):
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            send("220 localhost ESMTP test")
            envelope = []
            while True:
                line = self.rfile.readline()
                if not line:
                    return
                cmd = line.decode("utf-8", "replace").strip()
                verb = cmd.split(" ", 1)[0].upper()
                if verb in ("EHLO", "HELO"):
                    send("250 localhost")
                elif verb in ("MAIL", "RCPT"):
                    envelope.append(cmd)
                    send("250 OK")
                elif verb == "DATA":
                    send("354 end with <CRLF>.<CRLF>")
                    data = []
                    while True:
                        dl = self.rfile.readline()
                        if not dl or dl in (b".\r\n", b".\n"):
                            break
                        data.append(dl.decode("utf-8", "replace"))
                    with open(out, "a", encoding="utf-8") as f:
                        f.write("\n".join(envelope) + "\n" + "".join(data) + "=====\n")
                    envelope = []
                    send("250 OK queued")
                elif verb == "QUIT":
                    send("221 bye")
                    return
                elif verb in ("RSET", "NOOP"):
                    send("250 OK")
                else:
                    send("502 not implemented")

    class Server(socketserver.ThreadingTCPServer):
        allow_reuse_address = True

    Server(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    mode, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"http": http_receiver, "syslog": syslog_receiver, "smtp": smtp_receiver}[mode](port, out)
