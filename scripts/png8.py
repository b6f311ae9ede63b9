#!/usr/bin/env python3
"""Re-encode a screenshot as a 256-colour palette PNG (keeps docs/img small; no ImageMagick needed).

usage: scripts/png8.py IN.ppm OUT.png   (IN.ppm: binary P6, e.g. from `convert IN.png ppm:-`)
The 256 most frequent colours form the palette; any other pixel takes the nearest one.
"""
import sys, zlib, struct
from collections import Counter
data = open(sys.argv[1], 'rb').read()
# P6 header
parts = data.split(b'\n', 3)
assert parts[0] == b'P6'
w, h = map(int, parts[1].split()); maxv = int(parts[2]); px = parts[3]
assert len(px) == w*h*3
cols = Counter(px[i:i+3] for i in range(0, len(px), 3))
print('colors', len(cols), file=sys.stderr)
pal = [c for c, _ in cols.most_common(256)]
index = {c: i for i, c in enumerate(pal)}
def near(c):
    best, bi = None, 0
    for i, p in enumerate(pal):
        d = sum((a-b)*(a-b) for a, b in zip(c, p))
        if best is None or d < best: best, bi = d, i
    return bi
raw = bytearray()
for y in range(h):
    raw.append(0)
    row = px[y*w*3:(y+1)*w*3]
    for x in range(0, w*3, 3):
        c = row[x:x+3]
        i = index.get(c)
        if i is None:
            i = index[c] = near(c)
        raw.append(i)
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
out = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 3, 0, 0, 0))
out += chunk(b'PLTE', b''.join(pal)) + chunk(b'IDAT', zlib.compress(bytes(raw), 9)) + chunk(b'IEND', b'')
open(sys.argv[2], 'wb').write(out)
