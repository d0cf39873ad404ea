#!/usr/bin/env python3
"""json_roundtrip.py FILE: checks escape_json_write output (used by
test_escape). Each line of FILE is "HEX<TAB>JSON": the raw input bytes in hex
and the escaper's output. For every line the JSON must be strict RFC 8259
(json.loads), hold no raw control character, no raw U+007F..U+009F or
U+2028/2029, and decode to exactly the input decoded as UTF-8 with each
maximal invalid subpart replaced by U+FFFD (Python's "replace" handler follows
that Unicode practice). Prints "OK N" or the first mismatch."""
import json
import sys


def check(raw, text):
    value = json.loads(text)
    if not isinstance(value, str):
        return "not a string"
    for ch in text:
        o = ord(ch)
        if o < 0x20 or 0x7F <= o <= 0x9F or o in (0x2028, 0x2029):
            return "raw U+%04X in output" % o
    want = raw.decode("utf-8", "replace")
    if value != want:
        return "decodes to %r, expected %r" % (value, want)
    return None


def main():
    n = 0
    with open(sys.argv[1], "rb") as f:
        for lineno, line in enumerate(f, 1):
            hexpart, _, js = line.rstrip(b"\n").partition(b"\t")
            try:
                text = js.decode("utf-8")  # strict: output must be UTF-8
                why = check(bytes.fromhex(hexpart.decode()), text)
            except (UnicodeDecodeError, ValueError) as e:
                why = str(e)
            if why:
                print("line %d (%s): %s" % (lineno, hexpart.decode(), why))
                return 1
            n += 1
    print("OK %d" % n)
    return 0


sys.exit(main())
