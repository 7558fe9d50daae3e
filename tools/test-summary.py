#!/usr/bin/env python3
"""Prints 'N passed, N failed, N skipped' from meson's testlog.json (one JSON object per line)."""
import json
import sys

counts = {"passed": 0, "failed": 0, "skipped": 0}
path = sys.argv[1]
try:
    with open(path, encoding="utf-8") as log:
        for line in log:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get("result", "")
            if result in ("OK", "EXPECTEDFAIL"):
                counts["passed"] += 1
            elif result == "SKIP":
                counts["skipped"] += 1
            else:
                counts["failed"] += 1
except FileNotFoundError:
    print(f"no test log at {path}", file=sys.stderr)
    counts["failed"] += 1

print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
