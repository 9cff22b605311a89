#!/usr/bin/env python3
"""Builds a held-out corpus NAME.jsonl from its hand-written source NAME.src.txt and prints its counts.

Source format: cases are separated by a line holding only `%%`. The first line of a case is
`@ <genre>`, optionally followed by flags written `~flag` (`~decoy`: a case whose labelled PII sits
next to tempting non-PII; flags are counted, not written to the JSONL); the rest is the prompt
text, verbatim (newlines kept). Labelled values are written
inline as ⟦X/tag:value⟧ (or ⟦X:value⟧), where X is one of the codes in TYPES and tag is the
culture of a person name, the country of an address or the region of a phone number. A case
without any label is a false-positive trap. The markup is removed from the text and each label
becomes {"type", "value", "start"} (start = UTF-16 offset of the value in the text, the unit C#
strings use) plus "tag" when one was given.

For the corpora in STRICT the builder also checks the structured values: card numbers pass Luhn,
IBANs pass mod 97 with their country's length, SSNs have a valid area, group and serial, IPv4
addresses have four octets up to 255, emails hold one @, and no value has surrounding spaces.

Usage: python3 build_heldout.py heldout2    (writes heldout2.jsonl next to this file; ids h2-0001...)
       python3 build_heldout.py heldout3    (writes heldout3.jsonl; ids h3-0001...)
       python3 build_heldout.py heldout4    (writes heldout4.jsonl; ids h4-0001...)
       python3 build_heldout.py heldout5    (writes heldout5.jsonl; ids h5-0001...)
       python3 build_heldout.py heldout6    (writes heldout6.jsonl; ids h6-0001...)
       python3 build_heldout.py heldout7    (writes heldout7.jsonl; ids h7-0001...)
       python3 build_heldout.py heldout8    (writes heldout8.jsonl; ids h8-0001...)
       python3 build_heldout.py heldout9    (writes heldout9.jsonl; ids h9-0001...)
       python3 build_heldout.py heldout10   (writes heldout10.jsonl; ids h10-0001...)
       python3 build_heldout.py heldout11   (writes heldout11.jsonl; ids h11-0001...)
       python3 build_heldout.py heldout12   (writes heldout12.jsonl; ids h12-0001...)
       python3 build_heldout.py heldout13   (writes heldout13.jsonl; ids h13-0001...)
       python3 build_heldout.py heldout14   (writes heldout14.jsonl; ids h14-0001...)
       python3 build_heldout.py heldout15   (writes heldout15.jsonl; ids h15-0001...)
       python3 build_heldout.py heldout16   (writes heldout16.jsonl; ids h16-0001...)
       python3 build_heldout.py heldout17   (writes heldout17.jsonl; ids h17-0001...)
       python3 build_heldout.py heldout18   (writes heldout18.jsonl; ids h18-0001...)
       python3 build_heldout.py heldout19   (writes heldout19.jsonl; ids h19-0001...)
       python3 build_heldout.py heldout20   (writes heldout20.jsonl; ids h20-0001...)
       python3 build_heldout.py heldout21   (writes heldout21.jsonl; ids h21-0001...)
"""
import collections
import json
import os
import re
import sys

TYPES = {
    "P": "Person", "A": "Address", "E": "Email", "T": "Phone", "C": "CreditCard", "I": "Iban",
    "S": "UsSsn", "N": "IpAddress", "U": "UrlWithCredentials", "K": "Secret", "D": "DateOfBirth",
}
LABEL = re.compile(r"⟦([A-Z])(?:/([a-z0-9-]+))?:(.*?)⟧", re.S)
CUE = re.compile(
    r"(\b(name|full name|professor|mr|mrs|ms|miss|mx|dr|prof|sir|madam|dear|hi|hello|hey|herr|frau|mme|mlle|m|sr|sra|dra|sig|sig\.ra|signed|regards|"
    r"sincerely|cheers|thanks|name is|named|called|patient|employee|candidate|customer|client|tenant|by|from|to|cc|attn|"
    r"contact|owner|manager|colleague|signature|signatory|witness|landlord|nurse|doctor)\b[\s.:,]*$)",
    re.I)
HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = {"heldout2": "h2", "heldout3": "h3", "heldout4": "h4", "heldout5": "h5", "heldout6": "h6", "heldout7": "h7", "heldout8": "h8", "heldout9": "h9", "heldout10": "h10", "heldout11": "h11", "heldout12": "h12", "heldout13": "h13", "heldout14": "h14", "heldout15": "h15", "heldout16": "h16", "heldout17": "h17", "heldout18": "h18", "heldout19": "h19", "heldout20": "h20", "heldout21": "h21"}
STRICT = {"heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20", "heldout21"}
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "BR": 29, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26,
    "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25,
    "QA": 29, "RO": 24, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26,
}


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(value):
    compact = re.sub(r"[ -]", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+", compact) or IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def check_value(entity):
    """Returns a reason when a structured value is not what its type promises, else None."""
    t, v = entity["type"], entity["value"]
    if v != v.strip():
        return "surrounding whitespace"
    if t == "CreditCard":
        digits = re.sub(r"[ -]", "", v)
        if not digits.isdigit() or not 13 <= len(digits) <= 19 or not luhn_ok(digits):
            return "card fails Luhn"
    elif t == "Iban" and not iban_ok(v):
        return "IBAN fails mod 97 or length"
    elif t == "UsSsn":
        digits = re.sub(r"[ -]", "", v)
        if not re.fullmatch(r"[0-9]{9}", digits):
            return "SSN is not nine digits"
        area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
        if area in (0, 666) or area >= 900 or group == 0 or serial == 0:
            return "SSN area/group/serial invalid"
    elif t == "IpAddress" and "." in v and ":" not in v:
        parts = v.split(".")
        if len(parts) != 4 or not all(p.isdigit() and int(p) <= 255 for p in parts):
            return "IPv4 malformed"
    elif t == "Email" and v.count("@") != 1:
        return "email without exactly one @"
    return None


def parse(path, strict=False):
    raw = open(path, encoding="utf-8").read()
    blocks = re.split(r"^%%[ \t]*$", raw, flags=re.M)
    cases = []
    for block in blocks:
        lines = block.strip("\n").split("\n")
        if not lines or not lines[0].strip():
            if block.strip():
                raise SystemExit(f"case without @genre line: {block[:80]!r}")
            continue
        if not lines[0].startswith("@ "):
            raise SystemExit(f"case must start with '@ genre': {block[:80]!r}")
        words = lines[0][2:].split()
        genre = " ".join(w for w in words if not w.startswith("~"))
        flags = [w[1:] for w in words if w.startswith("~")]
        body = "\n".join(lines[1:]).strip("\n")
        text, entities, pos = [], [], 0
        for m in LABEL.finditer(body):
            text.append(body[pos:m.start()])
            code, tag, value = m.group(1), m.group(2), m.group(3)
            if code not in TYPES:
                raise SystemExit(f"unknown type code {code} in {body[:80]!r}")
            if "⟦" in value or "⟧" in value:
                raise SystemExit(f"nested label in {body[:80]!r}")
            start = utf16_len("".join(text))
            text.append(value)
            entity = {"type": TYPES[code], "value": value, "start": start}
            reason = check_value(entity) if strict else None
            if reason:
                raise SystemExit(f"{reason}: {value!r} in {body[:80]!r}")
            if tag:
                entity["tag"] = tag
            entities.append(entity)
            pos = m.end()
        text.append(body[pos:])
        text = "".join(text)
        if "⟦" in text or "⟧" in text:
            raise SystemExit(f"unbalanced label in {body[:80]!r}")
        cases.append({"genre": genre, "flags": flags, "text": text, "entities": entities})
    return cases


def main(argv):
    if len(argv) != 2 or argv[1] not in CORPORA:
        raise SystemExit("usage: build_heldout.py " + "|".join(CORPORA))
    name = argv[1]
    cases = parse(os.path.join(HERE, f"{name}.src.txt"), strict=name in STRICT)
    with open(os.path.join(HERE, f"{name}.jsonl"), "w", encoding="utf-8") as out:
        for i, c in enumerate(cases, 1):
            row = {"id": f"{CORPORA[name]}-{i:04d}", "split": name, "genre": c["genre"], "text": c["text"], "entities": c["entities"]}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    types = collections.Counter(e["type"] for c in cases for e in c["entities"])
    tags = collections.defaultdict(collections.Counter)
    for c in cases:
        for e in c["entities"]:
            tags[e["type"]][e.get("tag", "-")] += 1
    genres = collections.Counter(c["genre"] for c in cases)
    persons = [(c, e) for c in cases for e in c["entities"] if e["type"] == "Person"]
    cued = 0
    for c, e in persons:
        before = c["text"].encode("utf-16-le")[: 2 * e["start"]].decode("utf-16-le")[-24:]
        cued += bool(CUE.search(before))
    single = sum(1 for _, e in persons if " " not in e["value"] and "," not in e["value"])
    lower = sum(1 for _, e in persons if e["value"] == e["value"].lower())
    upper = sum(1 for _, e in persons if e["value"] == e["value"].upper())
    comma = sum(1 for _, e in persons if "," in e["value"])
    structured = sum(n for t, n in types.items() if t not in ("Person", "Address"))
    traps = sum(1 for c in cases if not c["entities"])
    print(f"cases {len(cases)}, traps {traps}, labels {sum(types.values())}, structured {structured}")
    for t in TYPES.values():
        print(f"  {t:<20} {types[t]:>4}  " + ", ".join(f"{k} {v}" for k, v in sorted(tags[t].items(), key=lambda kv: (-kv[1], kv[0]))))
    print(f"persons {len(persons)}: with a cue word just before {cued}, without {len(persons) - cued}; "
          f"one word {single}, lower-case {lower}, ALL CAPS {upper}, 'Surname, Given' {comma}")
    print("genres: " + ", ".join(f"{k} {v}" for k, v in sorted(genres.items(), key=lambda kv: (-kv[1], kv[0]))))
    flags = collections.Counter(f for c in cases for f in c["flags"])
    if flags:
        print("flags: " + ", ".join(f"{k} {v}" for k, v in sorted(flags.items())))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
