#!/usr/bin/env bash
# Publishes PortKeeper as self-contained single-file executables and packs one archive per
# architecture: dist/portkeeper-<version>-linux-<arch>.tar.gz, plus dist/SHA256SUMS.
#
#   scripts/publish.sh [--version 1.2.3] [--arch x64|arm64]... [--out DIR]
#
# The version comes from VERSION at the root unless --version (or PORTKEEPER_VERSION) says
# otherwise; it is stamped into the executable (`portkeeper --version` prints it). Without
# --arch both linux-x64 and linux-arm64 are published. Needs only the .NET SDK: the runtime
# packs come from NuGet.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${PORTKEEPER_VERSION:-$(tr -d '[:space:]' < VERSION)}
out=dist
arches=()
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --arch) arches+=("${2:?--arch needs x64 or arm64}"); shift 2 ;;
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "publish: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#arches[@]} -gt 0 ] || arches=(x64 arm64)
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "publish: version '$version' is not MAJOR.MINOR.PATCH[-suffix]" >&2
  exit 2
fi
for arch in "${arches[@]}"; do
  case "$arch" in x64|arm64) ;; *) echo "publish: --arch $arch: only x64 and arm64" >&2; exit 2 ;; esac
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Archive entries get the commit's time and root as owner, so one commit packs the same bytes.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

archives=()
for arch in "${arches[@]}"; do
  rid=linux-$arch
  published=$work/publish-$arch
  # Not trimmed: Orleans finds grains, serializers and providers by reflection over whole assemblies.
  # Built in a folder of its own (--artifacts-path): the working tree's bin/ and obj/ stay as they are.
  # Native libraries (SQLite's libe_sqlite3.so) stay beside the executable instead of being
  # extracted to a writable folder at every start.
  dotnet publish src/Gateway/PortKeeper.Gateway.csproj -c Release -r "$rid" --self-contained \
    -p:PublishSingleFile=true -p:PublishTrimmed=false -p:DebugType=embedded \
    -p:PublishDocumentationFile=false -p:PublishReferencesDocumentationFiles=false \
    -p:Version="$version" -o "$published" --artifacts-path "$work/artifacts" --disable-build-servers --nologo -v q

  name=portkeeper-$version-$rid
  stage=$work/$name
  mkdir -p "$stage/systemd"
  for file in "$published"/*; do
    case "$(basename "$file")" in
      PortKeeper.Gateway) cp "$file" "$stage/portkeeper" ;;
      *.so) cp "$file" "$stage/" ;;
      # Only ASP.NET Core's static web assets (PortKeeper serves none) are left out.
      *.staticwebassets.endpoints.json) ;;
      *) echo "publish: unexpected file in the $rid output: $(basename "$file")" >&2; exit 1 ;;
    esac
  done
  [ -x "$stage/portkeeper" ] || { echo "publish: no executable in the $rid output" >&2; exit 1; }
  cp LICENSE README.md "$stage/"
  cp deploy/systemd/*.service "$stage/systemd/"
  cp deploy/systemd/portkeeper.env "$stage/portkeeper.env"

  archive=$name.tar.gz
  tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mode=u=rwX,go=rX --mtime="@$epoch" -cf - "$name" |
    gzip -n > "$out/$archive"
  archives+=("$archive")
  echo "publish: $out/$archive ($(du -h "$out/$archive" | cut -f1); executable $(du -h "$stage/portkeeper" | cut -f1))"
done

(cd "$out" && sha256sum "${archives[@]}" > SHA256SUMS)
echo "publish: $out/SHA256SUMS"
