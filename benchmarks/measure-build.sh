#!/usr/bin/env bash
# Measures what the MLOps.Analyzers package costs in a real build, as a user gets it: the package packed from this
# repository, added to a generated N-file project by PackageReference from a local folder, then
#   dotnet build --no-incremental -p:ReportAnalyzer=true -v:d
# R times; from each log the compiler's own timings are read: Csc's total, every analyzer and generator assembly, and
# each generator type. See benchmarks/README.md ("In a build: measure-build.sh").
#
# usage: benchmarks/measure-build.sh [-n FILES] [-r RUNS] [-w WORKDIR] [-p PKGDIR] [-floor] [-off] [-shared] [-keep]
#   -n FILES    files of the synthetic project (default 1000; workloads/gen-synthetic.py, 20% ML.NET code)
#   -r RUNS     builds to time (default 3); the table shows the median and the range
#   -w WORKDIR  where the project, the packages and the logs go (default /tmp/mlops-measure-<FILES>)
#   -p PKGDIR   a folder that already holds MLOps.Analyzers.*.nupkg (default: pack the repository into WORKDIR/pkg)
#   -floor      also load benchmarks/FloorGenerator: a generator that only binds each member with a trainer call
#   -nopkg      leave the package out (with -floor: the floor generator alone)
#   -off        build with -p:MLOpsManifestEnabled=false
#   -shared     keep the compiler server (UseSharedCompilation=true, one warm-up build first); default: a cold csc
#               process per build (UseSharedCompilation=false), as on CI
#   -keep       reuse WORKDIR/project if it exists (default: generate it again)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
files=1000 runs=3 work="" pkg="" floor=0 off=0 shared=0 keep=0 nopkg=0
while [ $# -gt 0 ]; do
  case "$1" in
    -n) files="$2"; shift 2 ;;
    -r) runs="$2"; shift 2 ;;
    -w) work="$2"; shift 2 ;;
    -p) pkg="$2"; shift 2 ;;
    -floor) floor=1; shift ;;
    -off) off=1; shift ;;
    -nopkg) nopkg=1; shift ;;
    -shared) shared=1; shift ;;
    -keep) keep=1; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work="${work:-/tmp/mlops-measure-$files}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

if [ -z "$pkg" ]; then
  pkg="$work/pkg"
  rm -rf "$pkg"
  echo "packing the package into $pkg" >&2
  dotnet pack "$repo/src/MLOps.Analyzers.Package" -c Release -o "$pkg" -v:q -nologo >&2
fi
nupkg="$(ls -t "$pkg"/MLOps.Analyzers.*.nupkg | head -1)"
version="$(basename "$nupkg" .nupkg)"; version="${version#MLOps.Analyzers.}"

project="$work/project"
if [ "$keep" = 0 ] || [ ! -f "$project/Synthetic.csproj" ]; then
  rm -rf "$project"
  python3 "$here/workloads/gen-synthetic.py" "$project" "$files" >&2
fi

# The package as a user adds it: a PackageReference, a nuget.config with the local folder as a source, and a private
# packages folder (RestorePackagesPath) so no earlier pack of the same version is taken from a cache. ML.NET itself
# comes from the user's global packages folder when it is there (a fallback folder: read, never written).
floorItem=""
if [ "$floor" = 1 ]; then
  dotnet build "$here/FloorGenerator" -c Release -v:q -nologo >&2
  floorItem="<Analyzer Include=\"$here/FloorGenerator/bin/Release/netstandard2.0/FloorGenerator.dll\" />"
fi
packageItem="<PackageReference Include=\"MLOps.Analyzers\" Version=\"$version\" PrivateAssets=\"all\" />"
[ "$nopkg" = 1 ] && packageItem=""
fallback=""
[ -d "$HOME/.nuget/packages" ] && fallback="<RestoreAdditionalProjectFallbackFolders>$HOME/.nuget/packages</RestoreAdditionalProjectFallbackFolders>"
cat > "$project/Directory.Build.props" <<PROPS
<Project>
  <PropertyGroup>
    <RestorePackagesPath>$work/packages</RestorePackagesPath>
    $fallback
  </PropertyGroup>
  <ItemGroup>
    $packageItem
    $floorItem
  </ItemGroup>
</Project>
PROPS
cat > "$project/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="mlops-local" value="$pkg" />
  </packageSources>
</configuration>
CONFIG
# nuget.config adds to the user's sources (nuget.org stays), it does not replace them.

echo "restoring $project (MLOps.Analyzers $version)" >&2
dotnet restore "$project" -v:q -nologo >&2

props=(--no-incremental -p:ReportAnalyzer=true -v:d -clp:PerformanceSummary -nologo)
[ "$off" = 1 ] && props+=(-p:MLOpsManifestEnabled=false)
if [ "$shared" = 1 ]; then
  export UseSharedCompilation=true
  dotnet build "$project" --no-restore "${props[@]}" > "$work/warmup.log" 2>&1 || true
else
  export UseSharedCompilation=false
fi

logs=()
for i in $(seq 1 "$runs"); do
  log="$work/build-$i.log"
  echo "build $i/$runs -> $log" >&2
  start=$(date +%s.%N)
  dotnet build "$project" --no-restore "${props[@]}" > "$log" 2>&1 || { echo "build failed: see $log" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "wall $(python3 -c "print(f'{$end-$start:.1f}')")" >> "$log.wall"
  logs+=("$log")
done

python3 "$here/workloads/read-report.py" "${logs[@]}"
