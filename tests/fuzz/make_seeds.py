#!/usr/bin/env python3
"""make_seeds.py SOURCE_DIR OUT_DIR: writes the seed corpus of every fuzz
harness into OUT_DIR/<harness>/, from samples/ (logs cut into single lines
and into runs of lines, .gz undone) and data/ (the registry CSV files), plus
the LogFormat / log_format strings and escaper inputs listed below. Seeds
are derived, not checked in, so they follow the samples; files are named by
a hash of their content, so running it again changes nothing."""
import gzip
import hashlib
import os
import re
import sys

SRC, OUT = sys.argv[1], sys.argv[2]
MAX_SEED = 4096          # libFuzzer's default -max_len
RUN = 8                  # lines per multi-line seed


def put(harness, data):
    data = data[:MAX_SEED]
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, hashlib.sha1(data).hexdigest()[:16])
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)


def sample_lines(name):
    path = os.path.join(SRC, "samples", name)
    with open(path, "rb") as f:
        data = f.read()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return data.split(b"\n")


def seed_log(harnesses, names, header=None):
    """Each line alone, and runs of RUN lines; for W3C, each run carries
    the #Fields line in force at its start."""
    for name in names:
        lines = sample_lines(name)
        fields = b""
        for i, line in enumerate(lines):
            if header and line.startswith(header):
                fields = line + b"\n"
            for h in harnesses:
                put(h, (fields if header else b"") + line)
                if i % RUN == 0:
                    run = b"\n".join(lines[i:i + RUN])
                    put(h, (fields if header and not run.startswith(header) else b"") + run)


seed_log(["fuzz_parse_common", "fuzz_fast_path"], ["common.log"])
seed_log(["fuzz_parse_combined", "fuzz_fast_path"],
         ["combined.log", "combined.log.2.gz", "hostile.log"])
seed_log(["fuzz_parse_vhost_combined", "fuzz_fast_path"], ["vhost_combined.log"])
seed_log(["fuzz_clf_split"], ["apache-timed.log", "nginx-timed.log", "combined.log",
                              "vhost_combined.log", "hostile.log"])
seed_log(["fuzz_parse_w3c", "fuzz_w3c_carry"], ["iis.log"], header=b"#Fields:")
seed_log(["fuzz_parse_jsonl", "fuzz_jsonl_fast"], ["nginx-json.log", "caddy.log"])
seed_log(["fuzz_escape"], ["hostile.log", "nginx-json.log"])

# Timestamps: the CLF and ISO 8601 times of the samples, a run per file,
# plus edge dates (leap days, leap seconds, the ends of the valid range).
for name, rx in (("combined.log", rb"\[([^\]]*)\]"), ("common.log", rb"\[([^\]]*)\]"),
                 ("hostile.log", rb"\[([^\]]*)\]"), ("caddy.log", rb'"(\d{4}-[^"]*)"'),
                 ("nginx-json.log", rb'"(\d{4}-\d\d-\d\dT[^"]*)"')):
    times = [m.group(1) for line in sample_lines(name) for m in re.finditer(rx, line)]
    for i in range(0, len(times), 16):
        put("fuzz_time", b"\n".join(times[i:i + 16]))
put("fuzz_time", b"\n".join([
    b"29/Feb/2000:23:59:60 +0000", b"29/Feb/1900:00:00:00 +0000", b"01/Jan/0001:00:00:00 +1400",
    b"31/Dec/9999:23:59:59 -1400", b"31/Dec/9999:23:59:59 -1401", b"2000-02-29T23:59:60Z",
    b"0001-01-01T00:00:00+14:00", b"9999-12-31T23:59:59-14:00", b"2024-05-01 10:00:00.123+0200",
    b"2024-05-01t10:00z", b"2024-05-01T10:00:00,5-03"]))

# Detection: the first lines of each sample, as --format=auto sees them, and
# the first lines of two samples mixed (garbage must not sway it).
for name in ("combined.log", "common.log", "vhost_combined.log", "iis.log",
             "nginx-json.log", "caddy.log", "haproxy.log", "hostile.log"):
    lines = sample_lines(name)
    put("fuzz_detect", b"\n".join(lines[:20]))
    put("fuzz_detect", b"\n".join(lines[20:60]))
put("fuzz_detect", b"\n".join(sample_lines("hostile.log")[:10] + sample_lines("combined.log")[:10]))

# The compilers: a format string, then a few lines it should (or should not)
# parse.
FORMATS = [
    b'%h %l %u %t "%r" %>s %b',
    b'%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"',
    b'%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"',
    b'%a %{X-Forwarded-For}i %t "%m %U%q %H" %s %B %D %T',
    b'%h %{%Y-%m-%dT%H:%M:%S}t %!200,304{Referer}i %<s %>s %{ms}T %%',
    b'%{c}a %A %P %{tid}P %X %k %L %R %V %f',
    b'$remote_addr - $remote_user [$time_local] "$request" $status '
    b'$body_bytes_sent "$http_referer" "$http_user_agent"',
    b'$remote_addr - $remote_user [$time_local] "$request" $status '
    b'$body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" $request_time',
    b'$host $remote_addr [$time_iso8601] "$request_method $request_uri $server_protocol" '
    b'$status $bytes_sent $upstream_response_time $msec ${pipe}x',
    b'{"time":"$time_iso8601","status":"$status","uri":"$request_uri"}',
]
for fmt in FORMATS:
    put("fuzz_format_compile", fmt)
    for name in ("combined.log", "common.log", "vhost_combined.log"):
        lines = sample_lines(name)
        put("fuzz_format_compile", fmt + b"\n" + b"\n".join(lines[:RUN]))

# Reports: an options byte (--top 1..8, 0x40 JSON lines, 0x80 color), a log.
for name, opts in (("combined.log", 0x03), ("hostile.log", 0x85), ("nginx-json.log", 0x47),
                   ("caddy.log", 0xC1), ("combined.log.2.gz", 0x80)):
    lines = sample_lines(name)
    for i in range(0, min(len(lines), 200), 25):
        put("fuzz_report", bytes([opts]) + b"\n".join(lines[i:i + 25]))

for name, mode in (("http-status-codes.csv", 0), ("vendor-status-codes.csv", 1)):
    with open(os.path.join(SRC, "data", name), "rb") as f:
        data = f.read()
    put("fuzz_registry", bytes([mode]) + data)
    put("fuzz_registry", bytes([2]) + data)
    rows = data.split(b"\n")
    for i in range(1, len(rows), 10):
        put("fuzz_registry", bytes([mode]) + b"\n".join(rows[:1] + rows[i:i + 10]))

for s in (b"", b"plain", b"\x1b]0;pwned\x07", b"\x1b[2J", b"\xc2\x9b31m", b"\x9b",
          b"caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80", b"\xed\xa0\x80", b"\xe0\x80\xaf",
          b"\xf4\x90\x80\x80", b"a,b \"q\" \r\n", b" lead", b"trail ", b"\\x1b\\",
          b"\x00\x01\x7f\xff"):
    put("fuzz_escape", s)

# Compressed inputs: runs of sample lines as gzip (one member, several
# members with zero padding between, CRLF, a header with a name and a
# comment) and as zstd (one frame, two frames, a skippable frame first) when
# the zstd command is there; plus a few plain inputs.
import shutil
import subprocess
import zlib


def gz_member(data, level=6, name=None):
    if name is None:
        return gzip.compress(data, compresslevel=level, mtime=0)
    co = zlib.compressobj(level, zlib.DEFLATED, -15)
    body = co.compress(data) + co.flush()
    head = b"\x1f\x8b\x08\x18" + b"\0\0\0\0\0\xff" + name + b"\0" + b"a comment\0"
    return head + body + zlib.crc32(data).to_bytes(4, "little") + (len(data) & 0xffffffff).to_bytes(4, "little")


def zst(data):
    if not shutil.which("zstd"):
        return None
    return subprocess.run(["zstd", "-q", "-c", "-3"], input=data, check=True,
                          stdout=subprocess.PIPE).stdout


for name in ("combined.log", "hostile.log", "nginx-json.log", "iis.log"):
    lines = sample_lines(name)
    for i in range(0, min(len(lines), 120), 30):
        run = b"\n".join(lines[i:i + 30]) + b"\n"
        half = len(run) // 2
        put("fuzz_decompress", run[:600])
        put("fuzz_decompress", gz_member(run))
        put("fuzz_decompress", gz_member(run[:half], 1) + b"\0\0\0" + gz_member(run[half:], 9))
        put("fuzz_decompress", gz_member(run.replace(b"\n", b"\r\n"), name=b"access.log"))
        z = zst(run)
        if z:
            put("fuzz_decompress", z)
            put("fuzz_decompress", zst(run[:half]) + zst(run[half:]))
            put("fuzz_decompress", b"\x50\x2a\x4d\x18\x04\0\0\0abcd" + z)
