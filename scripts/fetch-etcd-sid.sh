#!/usr/bin/env bash
# Unpack Debian sid's etcd 3.5.x (packages etcd-server + etcd-client) into DIR without
# installing anything:   scripts/fetch-etcd-sid.sh DIR   ->   DIR/usr/bin/{etcd,etcdctl}
#
# The Debian mirror is taken from this machine's apt sources; apt-get runs with a private
# sources list, package lists and cache (in a temp dir), so the system's apt state is untouched.
# Idempotent: exits 0 at once when DIR/usr/bin/etcdctl already exists and runs.
set -euo pipefail

dest=${1:?usage: scripts/fetch-etcd-sid.sh DIR}

if [ -x "$dest/usr/bin/etcdctl" ] && [ -x "$dest/usr/bin/etcd" ] \
   && "$dest/usr/bin/etcdctl" version >/dev/null 2>&1; then
  exit 0
fi

for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fetch-etcd-sid: '$tool' not found (Debian-based machine needed)" >&2; exit 1; }
done

# Find a Debian mirror: deb822 "URIs:" lines first, then one-line "deb" entries.
find_mirror() {
  local f line uri
  shopt -s nullglob
  for f in /etc/apt/sources.list.d/*.sources; do
    while read -r line; do
      for uri in ${line#URIs:}; do
        case "$uri" in http://*/debian|http://*/debian/|https://*/debian|https://*/debian/) echo "$uri"; return 0;; esac
      done
    done < <(grep -E '^[[:space:]]*URIs:' "$f" || true)
  done
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
    [ -f "$f" ] || continue
    while read -r line; do
      # deb [opts] URI suite components...
      for uri in $line; do
        case "$uri" in http://*/debian|http://*/debian/|https://*/debian|https://*/debian/) echo "$uri"; return 0;; esac
      done
    done < <(grep -E '^[[:space:]]*deb[[:space:]]' "$f" || true)
  done
  return 1
}

mirror=$(find_mirror) || { echo "fetch-etcd-sid: no Debian mirror found in /etc/apt sources" >&2; exit 1; }
mirror=${mirror%/}
echo "fetch-etcd-sid: using mirror $mirror (sid)" >&2

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fetch-etcd-sid.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "deb $mirror sid main" >"$work/sources.list"
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
apt_opts=(
  -o "Dir::Etc::sourcelist=$work/sources.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache=$work/cache"
  -o "APT::Sandbox::User=root"
  -q
)

if ! apt-get "${apt_opts[@]}" update >"$work/update.log" 2>&1; then
  echo "fetch-etcd-sid: apt-get update failed:" >&2; tail -n 20 "$work/update.log" >&2; exit 1
fi
if ! (cd "$work/debs" && apt-get "${apt_opts[@]}" download etcd-server etcd-client) >"$work/download.log" 2>&1; then
  echo "fetch-etcd-sid: apt-get download failed:" >&2; tail -n 20 "$work/download.log" >&2; exit 1
fi

shopt -s nullglob
debs=("$work"/debs/*.deb)
[ "${#debs[@]}" -ge 2 ] || { echo "fetch-etcd-sid: expected 2 .deb files, got ${#debs[@]}" >&2; exit 1; }
for deb in "${debs[@]}"; do
  dpkg -x "$deb" "$dest"
done

[ -x "$dest/usr/bin/etcd" ] && [ -x "$dest/usr/bin/etcdctl" ] \
  || { echo "fetch-etcd-sid: $dest/usr/bin/{etcd,etcdctl} missing after unpacking" >&2; exit 1; }
"$dest/usr/bin/etcdctl" version >&2
