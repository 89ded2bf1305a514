#!/usr/bin/env python3
"""Field trial of MLOps.Analyzers on real ML.NET code (see README.md).

  fieldtrial.py prepare CORPUSDIR            export the corpus (corpus.tsv, sources.tsv) from the mirrors
  fieldtrial.py run PKGDIR OUTDIR [options]  build every corpus project against the packed package, then collect
  fieldtrial.py collect BUILDDIR OUTDIR      (re)collect the results of a build folder
  fieldtrial.py compare BEFOREDIR AFTERDIR [OUT.md]   before/after table per rule, manifest completeness

Only the Python standard library; dotnet and git on PATH.
"""
import argparse
import csv
import datetime
import fnmatch
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_WORK = os.environ.get("FIELDTRIAL_WORK", "/tmp/mlops-fieldtrial")
ML_FAMILY_VERSION = "5.0.1"
# Versions of packages of the ML.NET family that are not 5.0.1 (what the registry serves).
FAMILY_VERSIONS = {
    "Microsoft.ML.OnnxConverter": "0.23.1",
    "Microsoft.ML.TorchSharp": "0.23.1",
}


# ---------------------------------------------------------------- spec

def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = None
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line.startswith("#"):
                if header is None:
                    header = [h.strip() for h in line.lstrip("# ").split("\t")]
                continue
            cells = line.split("\t")
            rows.append(dict(zip(header, cells)))
    return rows


def words(cell):
    return [] if cell in (None, "", "-") else cell.split()


def read_sources():
    return {r["source"]: r for r in read_tsv(os.path.join(HERE, "sources.tsv"))}


def read_corpus():
    return read_tsv(os.path.join(HERE, "corpus.tsv"))


def git_dir(source_row):
    env = "FIELDTRIAL_GIT_" + source_row["source"].upper()
    if os.environ.get(env):
        return os.environ[env]
    return "/work/.mirror/%s/repo" % source_row["repository"].replace("/", "+")


def glob_regex(pattern):
    """A path glob with ** (any folders), * and ? as a regex over '/'-separated paths."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + "$")


def norm(path):
    return os.path.normpath(path).replace(os.sep, "/")


# ---------------------------------------------------------------- prepare

def prepare(corpus_dir):
    sources = read_sources()
    projects = read_corpus()
    os.makedirs(corpus_dir, exist_ok=True)
    listing = []
    for name, src in sources.items():
        gd = git_dir(src)
        commit = src["commit"]
        if subprocess.run(["git", "--git-dir", gd, "cat-file", "-e", commit + "^{commit}"],
                          capture_output=True).returncode != 0:
            sys.exit("%s: commit %s not found in %s (fetch github:%s first)" % (name, commit, gd, src["repository"]))
        tree = subprocess.run(["git", "--git-dir", gd, "ls-tree", "-r", "-z", "--format=%(objectname) %(path)", commit],
                              capture_output=True, check=True).stdout.decode("utf-8").split("\0")
        blobs = dict((p, o) for o, p in (e.split(" ", 1) for e in tree if e))
        wanted = set()
        for p in projects:
            if p["source"] != name:
                continue
            d = p["dir"].rstrip("/") + "/"
            for path in blobs:
                if path.startswith(d) and path.endswith(".cs") and "/bin/" not in path[len(d) - 1:] \
                        and "/obj/" not in path[len(d) - 1:]:
                    wanted.add(path)
            for link in words(p["links"]):
                rx = glob_regex(link)
                hits = [path for path in blobs if rx.match(path)]
                if not hits:
                    sys.exit("%s: link %s matches nothing" % (p["name"], link))
                wanted.update(hits)
        root = os.path.join(corpus_dir, name)
        with subprocess.Popen(["git", "--git-dir", gd, "cat-file", "--batch"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE) as proc:
            for path in sorted(wanted):
                proc.stdin.write((blobs[path] + "\n").encode())
                proc.stdin.flush()
                header = proc.stdout.readline().split()
                size = int(header[2])
                data = proc.stdout.read(size)
                proc.stdout.read(1)
                target = os.path.join(root, path)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(data)
                listing.append((name, path, blobs[path]))
            proc.stdin.close()
    with open(os.path.join(HERE, "corpus-files.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# source\tpath\tblob\n")
        for row in sorted(listing):
            f.write("\t".join(row) + "\n")
    print("prepared %d files in %s" % (len(listing), corpus_dir))


# ---------------------------------------------------------------- run

def find_package(pkgdir):
    pkgs = sorted(glob.glob(os.path.join(pkgdir, "MLOps.Analyzers.*.nupkg")), key=os.path.getmtime)
    pkgs = [p for p in pkgs if not p.endswith(".symbols.nupkg")]
    if not pkgs:
        sys.exit("no MLOps.Analyzers.*.nupkg in " + pkgdir)
    pkg = pkgs[-1]
    version = os.path.basename(pkg)[len("MLOps.Analyzers."):-len(".nupkg")]
    return pkg, version


def package_items(p):
    lines = []
    for spec in words(p["packages"]):
        name, _, version = spec.partition("@")
        if not version:
            version = FAMILY_VERSIONS.get(name, ML_FAMILY_VERSION)
        lines.append('    <PackageReference Include="%s" Version="%s" />' % (name, version))
    return "\n".join(lines)


def project_path(build_dir, p):
    return os.path.join(build_dir, p["source"], p["dir"], p["name"] + ".csproj")


def write_project(build_dir, p, by_name, version):
    proj = project_path(build_dir, p)
    proj_dir = os.path.dirname(proj)
    os.makedirs(proj_dir, exist_ok=True)
    src_root = os.path.join(build_dir, p["source"])
    items = []
    links = words(p["links"])
    stubs = words(p["stubs"])
    refs = words(p["refs"])
    excludes = words(p["excludes"])
    if links or stubs:
        items.append("  <ItemGroup>")
        for link in links:
            rel = os.path.relpath(os.path.join(src_root, link), proj_dir)
            inside = not rel.startswith("..")
            if inside:
                continue
            items.append('    <Compile Include="%s" />' % rel.replace("/", "\\"))
        for stub in stubs:
            rel = os.path.relpath(os.path.join(build_dir, "_stubs", stub + ".cs"), proj_dir)
            items.append('    <Compile Include="%s" Link="FieldTrialStubs\\%s.cs" />' % (rel.replace("/", "\\"), stub))
        items.append("  </ItemGroup>")
    if excludes:
        items.append("  <ItemGroup>")
        for ex in excludes:
            items.append('    <Compile Remove="%s" />' % ex.replace("/", "\\"))
        items.append("  </ItemGroup>")
    if refs:
        items.append("  <ItemGroup>")
        for r in refs:
            rel = os.path.relpath(project_path(build_dir, by_name[r]), proj_dir)
            items.append('    <ProjectReference Include="%s" />' % rel.replace("/", "\\"))
        items.append("  </ItemGroup>")
    kind, _, flags = p["kind"].partition(",")
    if "implicit" in flags.split(","):
        items.insert(0, "  <PropertyGroup>\n    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>")
    with open(os.path.join(HERE, "templates", "Project.csproj"), encoding="utf-8") as f:
        text = f.read()
    text = (text.replace("@SDK@", "Microsoft.NET.Sdk.Web" if kind == "web" else "Microsoft.NET.Sdk")
            .replace("@OUTPUTTYPE@", "Library" if kind == "lib" else "Exe")
            .replace("@NAME@", p["name"])
            .replace("@PACKAGES@", package_items(p))
            .replace("@MLOPSVERSION@", version)
            .replace("@ITEMS@", "\n".join(items)))
    with open(proj, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return proj


def order_projects(projects, only):
    by_name = {p["name"]: p for p in projects}
    done, out = set(), []

    def visit(n):
        if n in done:
            return
        done.add(n)
        for r in words(by_name[n]["refs"]):
            visit(r)
        out.append(by_name[n])
    for p in projects:
        if not only or p["name"] in only:
            visit(p["name"])
    return out, by_name


def run(args):
    pkgdir = os.path.abspath(args.pkgdir)
    outdir = os.path.abspath(args.outdir)
    work = os.path.abspath(args.work)
    corpus_dir = os.path.abspath(args.corpus or os.path.join(work, "corpus"))
    pkg, version = find_package(pkgdir)
    if not os.path.isdir(corpus_dir) or args.prepare:
        prepare(corpus_dir)
    stamp = datetime.datetime.utcnow().strftime("%Y%m%d-%H%M%S")
    previous = None
    if args.reuse:
        # Build again some projects of an existing build folder (after a harness fix), keep the others' results.
        build_dir = os.path.abspath(args.reuse)
        previous = json.load(open(os.path.join(build_dir, "_status.json")))
        if previous["version"] != version:
            sys.exit("%s was built with %s, not %s" % (build_dir, previous["version"], version))
        shutil.rmtree(os.path.join(build_dir, "_stubs"))
    else:
        build_dir = os.path.join(work, "build-" + stamp)
        shutil.copytree(corpus_dir, build_dir)
    shutil.copytree(os.path.join(HERE, "stubs"), os.path.join(build_dir, "_stubs"))
    sarif_dir = os.path.join(build_dir, "_sarif")
    log_dir = os.path.join(build_dir, "_logs")
    os.makedirs(sarif_dir, exist_ok=True)
    os.makedirs(log_dir, exist_ok=True)
    packages = os.path.join(work, "packages")
    for name in ("nuget.config", "Directory.Build.props"):
        with open(os.path.join(HERE, "templates", name), encoding="utf-8") as f:
            text = f.read()
        text = text.replace("@PKGDIR@", pkgdir).replace("@PACKAGES@", packages).replace("@SARIFDIR@", sarif_dir)
        with open(os.path.join(build_dir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    projects = read_corpus()
    only = set(args.only.split(",")) if args.only else None
    ordered, by_name = order_projects(projects, only)
    for p in projects:
        write_project(build_dir, p, by_name, version)
    env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1", MSBUILDDISABLENODEREUSE="1")
    status = []
    started = time.time()
    print("package %s (%s); building %d projects in %s" % (os.path.basename(pkg), version, len(ordered), build_dir))
    for i, p in enumerate(ordered, 1):
        proj = project_path(build_dir, p)
        log = os.path.join(log_dir, p["name"] + ".log")
        t0 = time.time()
        cmd = ["dotnet", "build", proj, "-c", "Release", "-nologo", "-v:m", "--disable-build-servers",
               "-nodeReuse:false", "-p:UseSharedCompilation=false", "-p:BuildProjectReferences=true"]
        with open(log, "w", encoding="utf-8") as f:
            rc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, env=env, cwd=build_dir).returncode
        secs = time.time() - t0
        status.append({"project": p["name"], "exit": rc, "seconds": round(secs, 1)})
        print("[%d/%d] %-40s %s %5.1fs" % (i, len(ordered), p["name"], "ok  " if rc == 0 else "FAIL", secs), flush=True)
    total = time.time() - started
    if previous:
        rebuilt = dict((s["project"], s) for s in status)
        status = [rebuilt.get(s["project"], s) for s in previous["projects"]]
        status += [s for s in rebuilt.values() if s["project"] not in set(p["project"] for p in previous["projects"])]
        total = sum(s["seconds"] for s in status)
        stamp = previous["utc"] + " (rebuilt %s at %s)" % (",".join(sorted(rebuilt)), stamp)
    with open(os.path.join(build_dir, "_status.json"), "w") as f:
        json.dump({"package": os.path.basename(pkg), "version": version, "seconds": round(total, 1),
                   "projects": status, "utc": stamp}, f, indent=1)
    collect(build_dir, outdir)
    print("build folder: %s\nresults: %s (%.0f s)" % (build_dir, outdir, total))


# ---------------------------------------------------------------- collect

RULE_SEVERITY = {}  # filled from docs/rules/README.md


def rule_severities():
    readme = os.path.join(HERE, "..", "..", "docs", "rules", "README.md")
    sev = {}
    if os.path.exists(readme):
        for line in open(readme, encoding="utf-8"):
            m = re.match(r"\| \[(MLO\d{4})\]\(.*?\) \| .*? \| \w+ \| (Warning|Info) \|", line)
            if m:
                sev[m.group(1)] = m.group(2)
    return sev


def rel_source(build_dir, uri):
    path = uri
    if path.startswith("file://"):
        path = path[len("file://"):]
    path = norm(path)
    base = norm(build_dir) + "/"
    if path.startswith(base):
        path = path[len(base):]
        source, _, rest = path.partition("/")
        return rest
    return path


def build_errors(log):
    errs = []
    if os.path.exists(log):
        for line in open(log, encoding="utf-8", errors="replace"):
            if re.search(r": error [A-Z]+\d+", line):
                errs.append(line.strip())
    return errs


KNOWN_UNKNOWN = {"parameter", "field", "unknown"}


def pipeline_facts(pl):
    data = pl.get("data") or []
    train = [d for d in data if d.get("role") == "train"]
    known = any(((d.get("path") or {}).get("provenance") not in KNOWN_UNKNOWN) for d in train)
    split = any(d.get("split") for d in data)
    evals = len(pl.get("evaluations") or []) > 0
    saves = len(((pl.get("persistence") or {}).get("saves")) or []) > 0
    src = pl.get("source") or {}
    gen = "<" in (pl.get("id") or "") or "<" in (src.get("symbol") or "")
    return {
        "knownData": known, "split": split, "evaluation": evals, "save": saves,
        "allFour": known and split and evals and saves,
        "factory": pl.get("factory") is not None,
        "deterministic": str(pl.get("deterministic")).lower(),
        "seedKind": (pl.get("context") or {}).get("seedKind"),
        "generatedName": gen,
    }


def collect(build_dir, outdir):
    os.makedirs(outdir, exist_ok=True)
    status = json.load(open(os.path.join(build_dir, "_status.json")))
    severities = rule_severities()
    labels = load_labels(os.path.join(HERE, "results", "labels.csv"))
    findings = []
    other = []  # AD0001, MLOPS*
    for st in status["projects"]:
        name = st["project"]
        sarif = os.path.join(build_dir, "_sarif", name + ".sarif")
        st["sarif"] = os.path.exists(sarif)
        st["errors"] = build_errors(os.path.join(build_dir, "_logs", name + ".log"))
        if not st["sarif"]:
            continue
        doc = json.load(open(sarif, encoding="utf-8-sig"))
        seen = set()
        for runobj in doc.get("runs", []):
            for res in runobj.get("results", []):
                rule = res.get("ruleId", "")
                if not (rule.startswith("MLO") or rule == "AD0001"):
                    continue
                loc = (res.get("locations") or [{}])[0].get("physicalLocation", {})
                uri = loc.get("artifactLocation", {}).get("uri", "")
                region = loc.get("region", {})
                msg = res.get("message", {}).get("text", "")
                row = {"rule": rule, "severity": severities.get(rule, ""), "project": name,
                       "file": rel_source(build_dir, uri), "line": region.get("startLine", ""),
                       "column": region.get("startColumn", ""), "message": msg.replace("\n", " ")}
                key = (row["rule"], row["file"], row["line"], row["column"], row["message"])
                if key in seen:
                    continue
                seen.add(key)
                (findings if rule.startswith("MLO") and not rule.startswith("MLOPS") else other).append(row)
    # A file linked into two projects (common/ConsoleHelper.cs) is reported once per project: keep them all, but
    # the label key is the place, not the project.
    for row in findings:
        lab = labels.get(label_key(row))
        row["label"] = lab["label"] if lab else ""
        row["reason"] = lab["reason"] if lab else ""
    findings.sort(key=lambda r: (r["rule"], r["file"], int(r["line"] or 0), int(r["column"] or 0), r["project"]))
    fields = ["rule", "severity", "project", "file", "line", "column", "message", "label", "reason"]
    with open(os.path.join(outdir, "findings.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(findings)
    # manifests
    sources_of = dict((p["name"], p["source"]) for p in read_corpus())
    pipes = []
    for st in status["projects"]:
        name = st["project"]
        hits = [h for h in glob.glob(os.path.join(build_dir, "**", "bin", "**", name + ".mlops.json"), recursive=True)]
        st["manifest"] = bool(hits)
        if not hits:
            continue
        doc = json.load(open(hits[0], encoding="utf-8"))
        for pl in doc.get("pipelines", []):
            facts = pipeline_facts(pl)
            src = pl.get("source") or {}
            pipes.append(dict({"project": name, "source": sources_of.get(name, ""), "id": pl.get("id"),
                               "task": pl.get("task"),
                               "file": src.get("file"), "line": src.get("line")}, **facts))
    pfields = ["project", "source", "id", "task", "file", "line", "knownData", "split", "evaluation", "save", "allFour",
               "factory", "deterministic", "seedKind", "generatedName"]
    with open(os.path.join(outdir, "manifests.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=pfields)
        w.writeheader()
        w.writerows(pipes)
    with open(os.path.join(outdir, "status.json"), "w") as f:
        json.dump(dict(status, other=other), f, indent=1)
    write_summary(outdir, status, findings, other, pipes, severities)


def load_labels(path):
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                out[(row["rule"], row["file"], str(row["line"]), str(row["column"]))] = row
    return out


def label_key(row):
    return (row["rule"], row["file"], str(row["line"]), str(row["column"]))


def completeness(pipes):
    n = len(pipes)
    keys = ["knownData", "split", "evaluation", "save", "allFour", "factory", "generatedName"]
    res = {"pipelines": n}
    for k in keys:
        res[k] = sum(1 for p in pipes if p[k] in (True, "True", "true"))
    res["deterministicTrue"] = sum(1 for p in pipes if str(p["deterministic"]).lower() == "true")
    res["seedUnknown"] = sum(1 for p in pipes if p["seedKind"] == "unknown")
    return res


COMPLETENESS_ROWS = [
    ("pipelines", "pipelines"),
    ("knownData", "known training data (path provenance not parameter/field/unknown)"),
    ("split", "a split"), ("evaluation", "at least one evaluation"), ("save", "a save"),
    ("allFour", "all four"), ("factory", "a factory"), ("deterministicTrue", "`deterministic: true`"),
    ("seedUnknown", "seed kind `unknown`"), ("generatedName", "a compiler-generated name in id or symbol")]


def pct(a, n):
    return "%d (%.0f%%)" % (a, 100.0 * a / n) if n else "0"


def write_summary(outdir, status, findings, other, pipes, severities):
    projects = status["projects"]
    ok = [p for p in projects if p["exit"] == 0]
    lines = ["# Field trial results", "",
             "Package `%s`, built %s UTC; %d projects, %d built, total build time %.0f s (sequential)."
             % (status["package"], status["utc"], len(projects), len(ok), status["seconds"]), ""]
    failed = [p for p in projects if p["exit"] != 0]
    if failed:
        lines += ["## Projects that failed to build", ""]
        for p in failed:
            first = p["errors"][0] if p["errors"] else "(see log)"
            lines.append("- %s: %d errors; first: `%s`" % (p["project"], len(p["errors"]), first[-200:]))
        lines.append("")
    lines += ["## Findings per rule", "",
              "A finding is a place (rule, file, line, column): a shared file compiled into several projects "
              "(`samples/csharp/common/ConsoleHelper.cs`) counts once. TP/FP: labels from `results/labels.csv`, each "
              "checked against docs/rules/<ID>.md; `?`: not labelled yet.", "",
              "| Rule | Default severity | Findings | Projects | TP | FP | ? |", "|---|---|---|---|---|---|---|"]
    rules = sorted(set(list(severities) + [f["rule"] for f in findings]))
    places = {}
    for f in findings:
        places.setdefault(label_key(f), f)
    uniq = list(places.values())
    for r in rules:
        fs = [f for f in uniq if f["rule"] == r]
        tp = sum(1 for f in fs if f["label"] == "TP")
        fp = sum(1 for f in fs if f["label"] == "FP")
        lines.append("| %s | %s | %d | %d | %d | %d | %d |" % (
            r, severities.get(r, "?"), len(fs),
            len(set(f["project"] for f in findings if f["rule"] == r)), tp, fp, len(fs) - tp - fp))
    lines.append("| **all** | | %d | %d | %d | %d | %d |" % (
        len(uniq), len(set(f["project"] for f in findings)), sum(1 for f in uniq if f["label"] == "TP"),
        sum(1 for f in uniq if f["label"] == "FP"), sum(1 for f in uniq if f["label"] not in ("TP", "FP"))))
    lines.append("")
    wfp = [f for f in uniq if f["label"] == "FP" and f["severity"] == "Warning"]
    lines += ["## False positives of Warning rules", ""]
    if wfp:
        for f in wfp:
            lines.append("- **%s** %s:%s: %s. %s" % (f["rule"], f["file"], f["line"], f["message"], f["reason"]))
    else:
        lines.append("None among the labelled findings.")
    lines.append("")
    if other:
        lines += ["## Analyzer crashes (AD0001)", ""]
        for o in other:
            lines.append("- %s %s:%s %s" % (o["project"], o["file"], o["line"], o["message"][:300]))
        lines.append("")
    groups = [("all", pipes), ("Microsoft samples", [p for p in pipes if p.get("source") == "samples"]),
              ("docs samples", [p for p in pipes if p.get("source") == "ml"])]
    cs = [(g, completeness(ps)) for g, ps in groups]
    lines += ["## Manifest completeness", "",
              "%d projects wrote a manifest." % sum(1 for p in projects if p.get("manifest")), "",
              "| Pipelines with | " + " | ".join(g for g, _ in cs) + " |", "|---|" + "---|" * len(cs)]
    for k, title in COMPLETENESS_ROWS:
        if k == "pipelines":
            lines.append("| (number of pipelines) | " + " | ".join(str(c[k]) for _, c in cs) + " |")
        else:
            lines.append("| %s | " % title + " | ".join(pct(c[k], c["pipelines"]) for _, c in cs) + " |")
    lines.append("")
    lines += ["## Per project", "", "| Project | Build | Seconds | MLO findings | Pipelines |", "|---|---|---|---|---|"]
    for p in projects:
        lines.append("| %s | %s | %.1f | %d | %d |" % (
            p["project"], "ok" if p["exit"] == 0 else "FAILED", p["seconds"],
            sum(1 for f in findings if f["project"] == p["project"]),
            sum(1 for q in pipes if q["project"] == p["project"])))
    lines.append("")
    with open(os.path.join(outdir, "summary.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))


# ---------------------------------------------------------------- compare

def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def compare(before_dir, after_dir, out):
    before = read_csv(os.path.join(before_dir, "findings.csv"))
    after = read_csv(os.path.join(after_dir, "findings.csv"))
    labels = load_labels(os.path.join(HERE, "results", "labels.csv"))
    bkeys = set(label_key(r) for r in before)
    akeys = set(label_key(r) for r in after)
    severities = rule_severities()
    rules = sorted(set(r["rule"] for r in before + after) | set(severities))
    lines = ["# Field trial: before / after", "",
             "Before: `%s`. After: `%s`. A finding is the same when rule, file, line and column are the same. Labels "
             "come from `results/labels.csv`; a new finding without a label must be checked against its rule doc."
             % (before_dir, after_dir), "",
             "| Rule | Severity | Before | After | New | Gone | FP before | FP after | New, not labelled |",
             "|---|---|---|---|---|---|---|---|---|"]
    sb = json.load(open(os.path.join(before_dir, "status.json")))
    sa = json.load(open(os.path.join(after_dir, "status.json")))
    okb = set(p["project"] for p in sb["projects"] if p["exit"] == 0)
    oka = set(p["project"] for p in sa["projects"] if p["exit"] == 0)
    note = ["Projects built: before %d (%s), after %d (%s)." % (len(okb), sb["package"], len(oka), sa["package"])]
    if okb != oka:
        note.append("**Not the same projects built**: only before: %s; only after: %s. Compare like with like "
                    "(`run.sh --reuse BUILDDIR --only X` builds a failed project again)."
                    % (", ".join(sorted(okb - oka)) or "-", ", ".join(sorted(oka - okb)) or "-"))
    lines[4:4] = note + [""]
    new_rows = []
    for r in rules:
        b = set(label_key(x) for x in before if x["rule"] == r)
        a = set(label_key(x) for x in after if x["rule"] == r)
        fpb = sum(1 for k in b if labels.get(k, {}).get("label") == "FP")
        fpa = sum(1 for k in a if labels.get(k, {}).get("label") == "FP")
        new = a - b
        unl = [k for k in new if k not in labels]
        new_rows += [x for x in after if label_key(x) in new]
        lines.append("| %s | %s | %d | %d | %d | %d | %d | %d | %d |" % (
            r, severities.get(r, "?"), len(b), len(a), len(new), len(b - a), fpb, fpa, len(unl)))
    lines.append("| **all** | | %d | %d | %d | %d | | | |" % (len(bkeys), len(akeys), len(akeys - bkeys),
                                                             len(bkeys - akeys)))
    lines.append("")
    mb = read_csv(os.path.join(before_dir, "manifests.csv"))
    ma = read_csv(os.path.join(after_dir, "manifests.csv"))
    lines += ["## Manifest completeness", ""]
    for group, pick in [("all projects", lambda p: True), ("Microsoft samples", lambda p: p.get("source") == "samples"),
                        ("docs samples", lambda p: p.get("source") == "ml")]:
        cb = completeness([p for p in mb if pick(p)])
        ca = completeness([p for p in ma if pick(p)])
        lines += ["%s:" % group.capitalize(), "", "| Pipelines with | Before | After |", "|---|---|---|"]
        for k, title in COMPLETENESS_ROWS:
            if k == "pipelines":
                lines.append("| (number of pipelines) | %d | %d |" % (cb[k], ca[k]))
            else:
                lines.append("| %s | %s | %s |" % (title, pct(cb[k], cb["pipelines"]), pct(ca[k], ca["pipelines"])))
        lines.append("")
    if new_rows:
        lines += ["## New findings (check each against docs/rules/<ID>.md)", "",
                  "| Rule | Project | File:line | Label | Message |", "|---|---|---|---|---|"]
        for x in sorted(new_rows, key=lambda r: (r["rule"], r["file"], int(r["line"] or 0))):
            lab = labels.get(label_key(x), {}).get("label", "?")
            lines.append("| %s | %s | %s:%s | %s | %s |" % (x["rule"], x["project"], x["file"], x["line"], lab,
                                                           x["message"].replace("|", "\\|")[:200]))
        lines.append("")
    wfp = {}
    for x in after:
        if severities.get(x["rule"]) == "Warning" and labels.get(label_key(x), {}).get("label") == "FP":
            wfp.setdefault(label_key(x), x)
    lines += ["## False positives of Warning rules after", ""]
    lines += ["- **%s** %s:%s: %s%s" % (x["rule"], x["file"], x["line"], labels[k]["reason"],
                                       "" if k in bkeys else " (NEW)") for k, x in sorted(wfp.items())] or ["None labelled."]
    lines.append("")
    gone = [x for x in before if label_key(x) in (bkeys - akeys)]
    if gone:
        lines += ["## Findings gone", "", "| Rule | File:line | Label before | Message |", "|---|---|---|---|"]
        for x in sorted(gone, key=lambda r: (r["rule"], r["file"], int(r["line"] or 0))):
            lab = labels.get(label_key(x), {}).get("label", "?")
            lines.append("| %s | %s:%s | %s | %s |" % (x["rule"], x["file"], x["line"], lab,
                                                      x["message"].replace("|", "\\|")[:200]))
        lines.append("")
    text = "\n".join(lines)
    if out:
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("corpus", nargs="?", default=os.path.join(DEFAULT_WORK, "corpus"))
    r = sub.add_parser("run")
    r.add_argument("pkgdir")
    r.add_argument("outdir")
    r.add_argument("--work", default=DEFAULT_WORK)
    r.add_argument("--corpus")
    r.add_argument("--prepare", action="store_true", help="export the corpus again")
    r.add_argument("--only", help="comma-separated project names (and what they reference)")
    r.add_argument("--reuse", metavar="BUILDDIR", help="build the --only projects again in this build folder")
    c = sub.add_parser("collect")
    c.add_argument("builddir")
    c.add_argument("outdir")
    m = sub.add_parser("compare")
    m.add_argument("before")
    m.add_argument("after")
    m.add_argument("out", nargs="?")
    a = ap.parse_args()
    if a.cmd == "prepare":
        prepare(os.path.abspath(a.corpus))
    elif a.cmd == "run":
        run(a)
    elif a.cmd == "collect":
        collect(os.path.abspath(a.builddir), os.path.abspath(a.outdir))
    else:
        compare(a.before, a.after, a.out)


if __name__ == "__main__":
    main()
