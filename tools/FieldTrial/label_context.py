#!/usr/bin/env python3
"""Prints every finding of a findings.csv with its source lines, to label it against docs/rules/<ID>.md.
   label_context.py FINDINGS.csv CORPUSDIR [RULE]"""
import csv, os, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
corpus = sys.argv[2]
rule = sys.argv[3] if len(sys.argv) > 3 else None
seen = set()
for r in rows:
    if rule and r["rule"] != rule:
        continue
    key = (r["rule"], r["file"], r["line"], r["column"])
    if key in seen:
        continue
    seen.add(key)
    path = None
    for src in ("samples", "ml"):
        p = os.path.join(corpus, src, r["file"])
        if os.path.exists(p):
            path = p
    print("=== %s %s:%s:%s [%s] %s" % (r["rule"], r["file"], r["line"], r["column"], r["project"], r["message"][:160]))
    if path:
        lines = open(path, encoding="utf-8-sig", errors="replace").read().split("\n")
        n = int(r["line"])
        for i in range(max(1, n - 3), min(len(lines), n + 2) + 1):
            print("%s%5d  %s" % (">" if i == n else " ", i, lines[i - 1][:170]))
