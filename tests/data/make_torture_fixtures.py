#!/usr/bin/env python3
"""Expand an RFC 4475-notation transcription into byte-exact .sip fixtures
and cross-check them against the manifest (cases.tsv).

Usage (run from anywhere):
    python3 make_fixtures.py            # (re)write <name>.sip next to this script
    python3 make_fixtures.py --check    # only verify; exit 1 on any difference

The transcription file (*-messages.txt, next to this script) holds one block per
message, introduced by a line "=== <name> <section>".  Every other line of a
block is one line of the message and is terminated by CRLF on output, so a
trailing empty line in a block is the empty line that ends a header section.
Inside a block the notation of RFC 4475 section 2 applies:

  <allOneLine> ... </allOneLine>   the enclosed lines are concatenated with no
                                   separator (whitespace at a fold point is
                                   written at the start of the next line)
  <hex>...</hex>                   raw octets, two hex digits each
  <repeat count=N>X</repeat>       X repeated N times

One script serves tests/data/rfc4475 and tests/data/rfc5118: pass the folder.
"""
import pathlib
import re
import sys

HERE = pathlib.Path(".")  # set from the command line in main()
CRLF = b"\r\n"

COMPACT = {
    "i": "call-id", "m": "contact", "e": "content-encoding", "l": "content-length",
    "c": "content-type", "f": "from", "s": "subject", "k": "supported", "t": "to",
    "v": "via", "o": "event", "r": "refer-to", "b": "referred-by", "u": "allow-events",
    "x": "session-expires", "a": "accept-contact", "j": "reject-contact",
    "d": "request-disposition", "y": "identity", "n": "identity-info",
}
LIST_HEADERS = {"via", "contact", "route", "record-route", "allow", "supported",
                "require", "proxy-require", "unsupported", "accept"}


# ---------------------------------------------------------------- expansion
def read_blocks(path):
    blocks, name, section, lines = [], None, None, []
    for raw in path.read_text(encoding="ascii").split("\n"):
        if raw.startswith("=== "):
            if name:
                blocks.append((name, section, lines))
            _, name, section = raw.split(" ", 2)
            lines = []
        elif name is not None:
            lines.append(raw)
    if name:
        blocks.append((name, section, lines))
    # The file ends with "\n": drop the empty string split() leaves behind.
    if blocks and blocks[-1][2] and blocks[-1][2][-1] == "":
        blocks[-1][2].pop()
    return blocks


def expand(lines):
    text = "\n".join(lines) + "\n"
    text = re.sub(r"<allOneLine>\n(.*?)\n</allOneLine>\n",
                  lambda m: m.group(1).replace("\n", "") + "\n", text, flags=re.S)
    if "allOneLine>" in text:
        raise ValueError("unbalanced <allOneLine>")
    text = re.sub(r"<repeat count=(\d+)>(.*?)</repeat>",
                  lambda m: m.group(2) * int(m.group(1)), text)
    text = text.replace("\n", "\r\n")
    out = bytearray()
    for i, part in enumerate(re.split(r"<hex>(.*?)</hex>", text, flags=re.S)):
        if i % 2:
            digits = re.sub(r"\s", "", part)
            out += bytes.fromhex(digits)
        else:
            if "<hex>" in part or "</hex>" in part or "<repeat" in part:
                raise ValueError("unbalanced tag")
            out += part.encode("ascii")
    return bytes(out)


# ---------------------------------------------------------------- mini parser
# Deliberately simple and independent of the C++ parser: it only has to agree
# with the manifest on these well-understood fixtures.
def split_top(value, sep):
    parts, cur, quote, angle, esc = [], [], False, 0, False
    for ch in value:
        if esc:
            cur.append(ch); esc = False; continue
        if quote and ch == "\\":
            cur.append(ch); esc = True; continue
        if ch == '"':
            quote = not quote
        elif not quote and ch == "<":
            angle += 1
        elif not quote and ch == ">":
            angle -= 1
        if ch == sep and not quote and angle == 0:
            parts.append("".join(cur)); cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def params(s):
    out = {}
    for p in split_top(s, ";"):
        p = p.strip()
        if not p:
            continue
        k, _, v = p.partition("=")
        out[k.strip().lower()] = v.strip().strip('"') if _ else ""
    return out


def name_addr(value):
    v = value.strip()
    display = ""
    if "<" in v and (not v.startswith('"') or v.count('"') >= 2):
        if v.startswith('"'):
            i, esc = 1, False
            while i < len(v):
                if esc:
                    esc = False
                elif v[i] == "\\":
                    esc = True
                elif v[i] == '"':
                    break
                i += 1
            display = v[1:i]
            rest = v[i + 1:]
        else:
            display, _, rest = v.partition("<")
            display = display.strip()
            rest = "<" + rest
        lt, gt = rest.index("<"), rest.index(">")
        uri = rest[lt + 1:gt].strip()
        prm = params(rest[gt + 1:])
    else:
        uri, _, tail = v.partition(";")
        uri = uri.strip()
        prm = params(tail)
    return {"display": display, "uri": uri, "params": prm}


def via(value):
    v = re.sub(r"\s+", " ", value).strip()
    m = re.match(r"^SIP ?/ ?2\.0 ?/ ?([^ ;/]+) ?(\[[^\]]*\]|[^ ;:]+)(?::(\d+))? ?(;.*)?$", v)
    if not m:
        return None
    return {"transport": m.group(1), "host": m.group(2), "port": m.group(3) or "0",
            "params": params(m.group(4) or "")}


def sip_uri(uri):
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):(.*)$", uri)
    out = {"scheme": m.group(1) if m else ""}
    if not m or m.group(1).lower() not in ("sip", "sips"):
        return out
    rest = m.group(2)
    if "@" in rest:
        userinfo, _, hostpart = rest.rpartition("@")
        out["user"] = userinfo.split(":", 1)[0]
    else:
        hostpart = rest
    hostpart = hostpart.split("?", 1)[0]
    hostport, _, prm = hostpart.partition(";")
    hm = re.match(r"^(\[[^\]]*\]|[^:]*)(?::(\d+))?$", hostport)
    if hm:  # an unparsable host part (e.g. RFC 5118 ipv6-bad) simply yields no host/port
        out["host"], out["port"] = hm.group(1), hm.group(2) or "0"
    out["params"] = params(prm)
    return out


def parse(data):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return None
    text = head.decode("utf-8", "surrogateescape")
    text = re.sub(r"\r\n[ \t]", " ", text)          # unfold
    start, *lines = text.split("\r\n")
    msg = {"start": start, "headers": []}
    for line in lines:
        name, _, value = line.partition(":")
        name = name.strip()
        key = COMPACT.get(name.lower(), name.lower()) if len(name) == 1 else name.lower()
        msg["headers"].append((key, value.strip()))
    msg["body"] = body
    return msg


def values(msg, key):
    out = []
    for k, v in msg["headers"]:
        if k == key:
            out.extend(x.strip() for x in split_top(v, ",")) if key in LIST_HEADERS else out.append(v)
    return out


def observe(msg):
    """Everything the manifest may assert, as strings, for comparison."""
    obs = {}
    start = msg["start"]
    if start.startswith("SIP/2.0 "):
        obs["kind"] = "response"
        code, _, reason = start[8:].partition(" ")
        obs["status"], obs["reason"] = code, reason
    else:
        obs["kind"] = "request"
        method, ruri, _ = start.split(" ", 2)
        obs["method"], obs["ruri"] = method, ruri
        u = sip_uri(ruri)
        obs["ruri.scheme"] = u["scheme"]
        for k in ("user", "host", "port"):
            if k in u:
                obs["ruri." + k] = u[k]
        for k, v in u.get("params", {}).items():
            obs["ruri.param." + k] = v
    vias = values(msg, "via")
    obs["via.count"] = str(len(vias))
    for i, raw in enumerate(vias):
        vv = via(raw)
        if vv is None:
            continue
        for k in ("transport", "host", "port"):
            obs[f"via[{i}].{k}"] = vv[k]
        for k in ("branch", "received", "rport"):
            if k in vv["params"]:
                obs[f"via[{i}].{k}"] = vv["params"][k]
    for hdr in ("from", "to"):
        vals = values(msg, hdr)
        if vals:
            na = name_addr(vals[0])
            obs[hdr + ".uri"] = na["uri"]
            if na["display"]:
                obs[hdr + ".display"] = na["display"]
            if "tag" in na["params"]:
                obs[hdr + ".tag"] = na["params"]["tag"]
    cid = values(msg, "call-id")
    if cid:
        obs["call-id"] = cid[0]
    cseq = values(msg, "cseq")
    if cseq:
        num, meth = cseq[0].split()
        obs["cseq.num"], obs["cseq.method"] = str(int(num)), meth
    mf = values(msg, "max-forwards")
    if mf:
        obs["max-forwards"] = str(int(mf[0]))
    cl = values(msg, "content-length")
    if cl:
        obs["content-length"] = str(int(cl[0]))
        obs["body.size"] = str(min(int(cl[0]), len(msg["body"])))
    else:
        obs["body.size"] = str(len(msg["body"]))
    contacts = values(msg, "contact")
    obs["contact.count"] = str(len(contacts))
    for i, raw in enumerate(contacts):
        if raw == "*":
            obs[f"contact[{i}].star"] = "1"
            continue
        na = name_addr(raw)
        obs[f"contact[{i}].uri"] = na["uri"]
        if na["display"]:
            obs[f"contact[{i}].display"] = na["display"]
        for k in ("expires", "q"):
            if k in na["params"]:
                obs[f"contact[{i}].{k}"] = na["params"][k]
    return obs


def header_obs(msg, name):
    key = name.lower()
    key = COMPACT.get(key, key) if len(key) == 1 else key
    vals = values(msg, key)
    first = next((v for k, v in msg["headers"] if k == key), None)
    return str(len(vals)), first


# ---------------------------------------------------------------- checks
def read_manifest(path):
    rows = []
    for line in path.read_bytes().decode("utf-8").split("\n"):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        rows.append(cols)
    return rows


def check_file(name, data, problems):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        problems.append(f"{name}: no empty line ends the header section")
    if re.search(rb"(?<!\r)\n|\r(?!\n)", head):
        problems.append(f"{name}: header section has a line ending other than CRLF")
    if not data.endswith(CRLF):
        problems.append(f"{name}: does not end with CRLF")


def check_manifest(blocks, datas, problems):
    manifest = HERE / "cases.tsv"
    if not manifest.exists():
        problems.append("cases.tsv missing")
        return
    rows = read_manifest(manifest)
    names = [f"{b[0]}.sip" for b in blocks]
    if [r[0] for r in rows] != names:
        problems.append("cases.tsv rows do not list the messages in transcription order")
    for cols in rows:
        fname, outcome, detail, checks = cols[0], cols[1], cols[2], cols[3:]
        data = datas.get(fname)
        if data is None:
            problems.append(f"{fname}: listed in cases.tsv but not generated")
            continue
        if outcome not in ("valid", "invalid", "flagged"):
            problems.append(f"{fname}: bad outcome {outcome!r}")
        if outcome == "valid" and detail != "-":
            problems.append(f"{fname}: valid rows take '-' in column 3")
        msg = parse(data)
        if msg is None:
            continue
        obs = observe(msg)
        if outcome == "valid":
            cl = obs.get("content-length")
            if cl is not None and int(cl) > len(msg["body"]):
                problems.append(f"{fname}: valid but Content-Length {cl} > body {len(msg['body'])}")
            if cl is not None and int(cl) < len(msg["body"]) and fname != "dblreq.sip":
                problems.append(f"{fname}: valid but body has {len(msg['body'])} octets, Content-Length {cl}")
        for chk in checks:
            key, eq, want = chk.partition("=")
            if not eq:
                problems.append(f"{fname}: check without '=': {chk!r}")
                continue
            m = re.match(r"^header\[(.+)\](\.count)?$", key)
            if m:
                count, first = header_obs(msg, m.group(1))
                got = count if m.group(2) else first
            else:
                got = obs.get(key)
            if got is None:
                problems.append(f"{fname}: {key}: mini-parser found nothing (manifest says {want!r})")
            elif got != want:
                problems.append(f"{fname}: {key}: manifest {want!r} != observed {got!r}")


def main():
    global HERE
    args = sys.argv[1:]
    if len(args) not in (1, 2) or (len(args) == 2 and args[1] != "--check"):
        sys.exit("usage: make_torture_fixtures.py DIR [--check]   (DIR: tests/data/rfc4475 or tests/data/rfc5118)")
    HERE = pathlib.Path(args[0]).resolve()
    check_only = len(args) == 2
    sources = sorted(HERE.glob("*-messages.txt"))
    if len(sources) != 1:
        sys.exit("expected exactly one *-messages.txt next to the script")
    blocks = read_blocks(sources[0])
    problems, datas = [], {}
    for name, section, lines in blocks:
        data = expand(lines)
        fname = f"{name}.sip"
        datas[fname] = data
        check_file(fname, data, problems)
        target = HERE / fname
        if check_only:
            if not target.exists() or target.read_bytes() != data:
                problems.append(f"{fname}: differs from the transcription")
        else:
            target.write_bytes(data)
    check_manifest(blocks, datas, problems)
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(blocks)} messages, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
