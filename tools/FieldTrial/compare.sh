#!/usr/bin/env bash
# Field trial: before/after table per rule and manifest completeness.
#   tools/FieldTrial/compare.sh BEFOREDIR AFTERDIR [OUT.md]   (default OUT: AFTERDIR/compare.md)
set -euo pipefail
if [ $# -lt 2 ]; then echo "usage: $0 BEFOREDIR AFTERDIR [OUT.md]" >&2; exit 2; fi
exec python3 "$(dirname "$0")/fieldtrial.py" compare "$1" "$2" "${3:-$2/compare.md}"
