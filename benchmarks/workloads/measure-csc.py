#!/usr/bin/env python3
"""What the package adds to a build, measured as the difference it makes to the compiler, not as the compiler reports it.

`-p:ReportAnalyzer=true` charges each analyzer and generator the time of its callbacks. That includes work the compiler
would do anyway and then does not repeat: the first to ask for an ML.NET type loads its metadata, the first analyzer to
ask about a method body binds it for every analyzer of the build, the first generator to ask for a source type builds
the source assembly. So the reported times move between analyzers (with the package, the SDK's analyzers report less)
and overstate what a user pays. This script runs the compiler of a project built by measure-build.sh directly, from the
command line of its log, in interleaved rounds, in these variants:

  full   the command line as built: the SDK's analyzers and generators and the package
  none   the same without the package's analyzer assemblies
  gen    full with /skipanalyzers+ (generators only)
  gen0   none with /skipanalyzers+
  base, base-gen   (with --base DIR) full and gen with the package's assemblies taken from DIR (another build of
                   MLOps.Analyzers.dll and MLOps.Analyzers.CodeFixes.dll, for a before/after in the same run)

and prints, per variant, the medians of wall time, CPU time (user + system of the compiler process) and the reported
times; then the package's cost as differences: full - none (all of it), gen - gen0 (its generators), and
(full - gen) - (none - gen0) (its analyzers), as a share of the variant without it.

usage: measure-csc.py [-r ROUNDS] [-w WORKDIR] [--base DIR] [--variants full,none,gen,gen0]
  with --base, both base variants run unless --variants names one of them (then only what it names runs)
  WORKDIR defaults to /tmp/mlops-measure-1000 (benchmarks/measure-build.sh's default for 1,000 files); its project
  must have been built once by measure-build.sh (the script reads build-1.log for the csc command line).
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time


def read_command(log):
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"^\s*(\S+/bincore/csc)\s+(.*)$", line)
            if m and "/out:" in line:
                return m.group(1), m.group(2).strip()
    raise SystemExit(f"no csc command line in {log}: build the project with benchmarks/measure-build.sh first")


def reported(output):
    """Reported seconds from csc's /reportanalyzer output."""
    values = {"manifest": 0.0, "scaffolding": 0.0, "our generators": 0.0, "our analyzers": 0.0, "sdk analyzers": 0.0}
    section = None
    for line in output.splitlines():
        if line.startswith("Total analyzer execution time"):
            section = "analyzers"
        elif line.startswith("Total generator execution time"):
            section = "generators"
        m = re.match(r"^\s+<?([0-9.]+)\s+<?[0-9]+\s+(\S.*)$", line)
        if not m or section is None:
            continue
        seconds, name = float(m.group(1)), m.group(2)
        if name.startswith("MLOps.Analyzers, Version"):
            values["our " + section] = seconds
        elif "PipelineManifestGenerator" in name:
            values["manifest"] = seconds
        elif "TestScaffoldingGenerator" in name:
            values["scaffolding"] = seconds
        elif section == "analyzers" and re.match(r"Microsoft\.CodeAnalysis(\.CSharp)?\.NetAnalyzers, Version", name):
            values["sdk analyzers"] += seconds
    return values


def run(csc, rsp, project):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(["dotnet", csc + ".dll", "@" + rsp], cwd=project, capture_output=True, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-3000:])
        raise SystemExit(f"csc failed for {rsp}")
    return wall, cpu, reported(done.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-r", type=int, default=3)
    parser.add_argument("-w", default="/tmp/mlops-measure-1000")
    parser.add_argument("--base")
    parser.add_argument("--variants", default="full,none,gen,gen0")
    args = parser.parse_args()
    work = os.path.abspath(args.w)
    project = os.path.join(work, "project")
    csc, command = read_command(os.path.join(work, "build-1.log"))
    ours = re.findall(r"/analyzer:(\S*/MLOps\.Analyzers(?:\.CodeFixes)?\.dll)", command)
    if not ours:
        raise SystemExit("the logged build has no MLOps.Analyzers assemblies: build it with the package (no -nopkg)")
    without = command
    for path in ours:
        without = without.replace("/analyzer:" + path, "")
    variants = {"full": command, "none": without, "gen": command + " /skipanalyzers+", "gen0": without + " /skipanalyzers+"}
    order = args.variants.split(",")
    if args.base:
        base = command
        for path in ours:
            base = base.replace(path, os.path.join(os.path.abspath(args.base), os.path.basename(path)))
        variants["base"] = base
        variants["base-gen"] = base + " /skipanalyzers+"
        if "base" not in order and "base-gen" not in order:
            order += ["base", "base-gen"]
    files = {}
    for name in order:
        files[name] = os.path.join(work, f"csc-{name}.rsp")
        with open(files[name], "w", encoding="utf-8") as f:
            f.write(variants[name] + "\n")

    results = {name: [] for name in order}
    for round_ in range(args.r):
        for name in order:
            wall, cpu, rep = run(csc, files[name], project)
            results[name].append((wall, cpu, rep))
            print(f"round {round_ + 1}/{args.r} {name:9} wall {wall:6.1f} s  cpu {cpu:6.1f} s  "
                  + "  ".join(f"{k} {v:.2f}" for k, v in rep.items() if v), file=sys.stderr, flush=True)

    med = {}
    print(f"\n{args.r} round(s), medians (s); reported = csc /reportanalyzer, its share of the variant's wall time\n")
    print("| Variant | Wall | CPU | Manifest generator | Scaffolding generator | Our analyzers | SDK analyzers |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for name in order:
        rows = results[name]
        wall = statistics.median(r[0] for r in rows)
        cpu = statistics.median(r[1] for r in rows)
        rep = {k: statistics.median(r[2][k] for r in rows) for k in rows[0][2]}
        med[name] = (wall, cpu)

        def cell(key):
            return f"{rep[key]:.2f} ({100 * rep[key] / wall:.1f} %)" if rep[key] else ""
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {cell('manifest')} | {cell('scaffolding')} | {cell('our analyzers')} | {cell('sdk analyzers')} |")

    def diff(label, plus, minus):
        if all(k in med for k in plus + minus):
            w = sum(med[k][0] for k in plus) - sum(med[k][0] for k in minus)
            c = sum(med[k][1] for k in plus) - sum(med[k][1] for k in minus)
            ref_w, ref_c = med[minus[0]]
            print(f"| {label} | {w:+.1f} s ({100 * w / ref_w:+.1f} %) | {c:+.1f} s ({100 * c / ref_c:+.1f} %) |")
    print("\n| What the package adds (difference of medians) | Wall | CPU |")
    print("|---|--:|--:|")
    diff("all of it: full - none", ["full"], ["none"])
    diff("generators: gen - gen0", ["gen"], ["gen0"])
    diff("analyzers: (full - gen) - (none - gen0)", ["full", "gen0"], ["none", "gen"])
    diff("base build of the package, all: base - none", ["base"], ["none"])
    diff("base build, generators: base-gen - gen0", ["base-gen"], ["gen0"])
    diff("base build against this one: base - full", ["base"], ["full"])


if __name__ == "__main__":
    main()
