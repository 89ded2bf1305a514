#!/usr/bin/env bash
# Field trial: build the corpus against the MLOps.Analyzers package in PKGDIR, write the results to OUTDIR.
#   tools/FieldTrial/run.sh PKGDIR OUTDIR [--only A,B] [--prepare] [--work DIR]
# See tools/FieldTrial/README.md.
set -euo pipefail
if [ $# -lt 2 ]; then echo "usage: $0 PKGDIR OUTDIR [options]" >&2; exit 2; fi
exec python3 "$(dirname "$0")/fieldtrial.py" run "$@"
