#!/usr/bin/env python3
"""read-report.py BUILD.log...  -- the compiler's timings from `dotnet build -p:ReportAnalyzer=true -v:d -clp:PerformanceSummary`.

For each log: Csc's task time (the performance summary), the total analyzer and generator execution times, every
analyzer/generator assembly and every generator type. Prints one Markdown table: the median over the logs and the range,
and each line as a percentage of Csc's median.
"""
import re, statistics, sys

def parse(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    values = {}
    m = re.search(r"^\s*(\d+) ms\s+Csc\s+\d+ calls", text, re.M)
    if m:
        values["Csc (task)"] = int(m.group(1)) / 1000.0
    for section, title in (("analyzer", "Analyzers"), ("generator", "Generators")):
        m = re.search(r"Total %s execution time: ([\d.]+) seconds\.(.*?)(?:\n\s*\n\s*NOTE|\n\s*Total |\n\s*Done executing task)" % section, text, re.S)
        if not m:
            continue
        values[f"{title}, total"] = float(m.group(1))
        assembly = None
        for line in m.group(2).splitlines():
            row = re.match(r"^\s*(<?[\d.]+)\s+<?\d+\s+(\S.*)$", line.rstrip())
            if not row:
                continue
            seconds = 0.0005 if row.group(1).startswith("<") else float(row.group(1))
            name = row.group(2)
            indent = len(line) - len(line.lstrip())
            if ", Version=" in name:
                assembly = name.split(",")[0]
                values[f"{title}: {assembly} (assembly)"] = seconds
            elif section == "generator" and assembly in ("MLOps.Analyzers", "FloorGenerator"):
                values[f"{title}: {name}"] = seconds
    wall = None
    try:
        w = open(path + ".wall").read().split()
        wall = float(w[-1])
    except OSError:
        pass
    if wall is not None:
        values["build wall clock"] = wall
    return values

runs = [parse(p) for p in sys.argv[1:]]
keys = []
for r in runs:
    for k in r:
        if k not in keys:
            keys.append(k)
csc = statistics.median([r["Csc (task)"] for r in runs if "Csc (task)" in r]) if any("Csc (task)" in r for r in runs) else None
print(f"{len(runs)} build(s): " + ", ".join(sys.argv[1:]))
print()
print("| What | Median (s) | Range (s) | % of Csc |")
print("|---|--:|--:|--:|")
for k in keys:
    xs = [r[k] for r in runs if k in r]
    med = statistics.median(xs)
    pct = f"{100.0 * med / csc:.2f} %" if csc and k != "build wall clock" else ""
    rng = f"{min(xs):.3f}-{max(xs):.3f}" if len(xs) > 1 else ""
    print(f"| {k} | {med:.3f} | {rng} | {pct} |")
