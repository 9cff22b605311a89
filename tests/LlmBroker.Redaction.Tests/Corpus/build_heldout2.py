#!/usr/bin/env python3
"""Builds heldout2.jsonl from the hand-written source heldout2.src.txt and prints its counts.

Source format: cases are separated by a line holding only `%%`. The first line of a case is
`@ <genre>`; the rest is the prompt text, verbatim (newlines kept). Labelled values are written
inline as ⟦X/tag:value⟧ (or ⟦X:value⟧), where X is one of the codes in TYPES and tag is the
culture of a person name, the country of an address or the region of a phone number. A case
without any label is a false-positive trap. The markup is removed from the text and each label
becomes {"type", "value", "start"} (start = UTF-16 offset of the value in the text, the unit C#
strings use) plus "tag" when one was given.

Usage: python3 build_heldout2.py            (writes heldout2.jsonl next to this file)
       python3 build_heldout2.py --stats    (also prints the counts as a Markdown table)
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


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def parse(path):
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
        genre = lines[0][2:].strip()
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
            if tag:
                entity["tag"] = tag
            entities.append(entity)
            pos = m.end()
        text.append(body[pos:])
        text = "".join(text)
        if "⟦" in text or "⟧" in text:
            raise SystemExit(f"unbalanced label in {body[:80]!r}")
        cases.append({"genre": genre, "text": text, "entities": entities})
    return cases


def main():
    cases = parse(os.path.join(HERE, "heldout2.src.txt"))
    with open(os.path.join(HERE, "heldout2.jsonl"), "w", encoding="utf-8") as out:
        for i, c in enumerate(cases, 1):
            row = {"id": f"h2-{i:04d}", "split": "heldout2", "genre": c["genre"], "text": c["text"], "entities": c["entities"]}
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


if __name__ == "__main__":
    sys.exit(main())
