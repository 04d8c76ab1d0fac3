#!/usr/bin/env python3
"""Audio checks for the media end-to-end tests (standard library only).

  noise-wav FILE SECONDS    writes an 8 kHz mono 16-bit WAV of seeded pseudo-random noise (voice
                            band, aperiodic: a correlation peak proves it is the same audio, which a
                            pure tone would not)
  payload-corr WAV HEXFILE  decodes the RTP packets listed one hex string per line in HEXFILE
                            (tshark -T fields -e udp.payload) as G.711 u-law (RFC 3551 PCMU, 12-byte
                            header, 160-byte payload), in capture order, and prints the correlation
                            of that audio with the WAV: ~1 for plain RTP carrying it, ~0 for SRTP
  correlate SENT RECEIVED   finds one second of SENT inside RECEIVED (audioop.findfit) and prints
                            the normalized correlation there; exit 0 if it is at least --min
"""

import argparse
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
import audioop  # noqa: E402  (deprecated in 3.11, present until 3.13; Debian 12 has 3.11)
import math
import random
import sys
import wave


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            sys.exit(f"{path}: need 16-bit samples")
        data = w.readframes(w.getnframes())
        if w.getnchannels() == 2:
            data = audioop.tomono(data, 2, 0.5, 0.5)
        if w.getframerate() != 8000:
            data, _ = audioop.ratecv(data, 2, 1, w.getframerate(), 8000, None)
    return data


def noise_wav(path, seconds):
    rng = random.Random(20261127)
    rate = 8000
    prev = 0.0
    frames = bytearray()
    for _ in range(int(rate * seconds)):
        x = rng.uniform(-1.0, 1.0)
        y = 0.6 * x + 0.4 * prev  # a gentle low-pass: less energy near 4 kHz
        prev = x
        frames += int(9000 * y).to_bytes(2, "little", signed=True)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))


def payload_audio(hexfile):
    pcm = bytearray()
    with open(hexfile) as f:
        for line in f:
            pkt = bytes.fromhex(line.strip().replace(":", ""))
            if len(pkt) < 12 + 160:
                continue
            pcm += audioop.ulaw2lin(pkt[12:12 + 160], 2)
    return bytes(pcm)


def correlate(sent, received, minimum):
    a = read_wav(sent)
    b = received if isinstance(received, bytes) else read_wav(received)
    ref = a[8000 * 2:8000 * 2 + 8000 * 2]  # one second, starting one second in
    if len(ref) < 16000 or len(b) < len(ref):
        print("correlation 0.000 (too little audio)")
        return 1
    offset, _ = audioop.findfit(b, ref)
    seg = b[offset * 2:offset * 2 + len(ref)]
    n = len(ref) // 2
    xs = [int.from_bytes(ref[2 * i:2 * i + 2], "little", signed=True) for i in range(n)]
    ys = [int.from_bytes(seg[2 * i:2 * i + 2], "little", signed=True) for i in range(n)]
    sxy = sum(x * y for x, y in zip(xs, ys))
    sxx = sum(x * x for x in xs)
    syy = sum(y * y for y in ys)
    c = sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0
    print(f"correlation {c:.3f} at offset {offset / 8000:.3f} s")
    return 0 if c >= minimum else 1


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    n = sub.add_parser("noise-wav")
    n.add_argument("file")
    n.add_argument("seconds", type=float)
    i = sub.add_parser("payload-corr")
    i.add_argument("wav")
    i.add_argument("hexfile")
    i.add_argument("--min", type=float, default=-2.0)
    c = sub.add_parser("correlate")
    c.add_argument("sent")
    c.add_argument("received")
    c.add_argument("--min", type=float, default=0.9)
    args = p.parse_args()
    if args.cmd == "noise-wav":
        noise_wav(args.file, args.seconds)
        return 0
    if args.cmd == "payload-corr":
        return correlate(args.wav, payload_audio(args.hexfile), args.min)
    return correlate(args.sent, args.received, args.min)


if __name__ == "__main__":
    sys.exit(main())
