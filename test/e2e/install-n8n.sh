#!/usr/bin/env bash
# Installs a pinned n8n (test/e2e/<lane>/package.json + package-lock.json) into .e2e/<lane> on first use;
# later runs reuse it while the lockfile is unchanged (a stamp file named after the lockfile's hash).
# Lanes: n8n (default, n8n 2.x, needs Node >= 24: source .ci/node24.sh) and n8n1 (n8n 1.x, Node 22: source
# .ci/node22.sh). E2E_N8N_DIR (2.x) and E2E_N8N1_DIR (1.x) install elsewhere (e.g. to time a cold install).
# Several runs at once are safe: the install holds a lock, and a run waits for another's install to finish.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
lane="${1:-n8n}"
case "$lane" in
  n8n) target="${E2E_N8N_DIR:-$root/.e2e/n8n}"; min_node=24
    native=(sqlite3 isolated-vm @parcel/watcher @sentry/node-cpu-profiler @sentry/node-native-stacktrace ssh2 msgpackr-extract protobufjs cpu-features) ;;
  # n8n 1.123 declares node ">=20.19 <= 24.x"; its isolated-vm has prebuilt binaries for 22 and 24 only.
  n8n1) target="${E2E_N8N1_DIR:-$root/.e2e/n8n1}"; min_node=22
    native=(sqlite3 isolated-vm @parcel/watcher @sentry-internal/node-native-stacktrace ssh2 msgpackr-extract protobufjs cpu-features) ;;
  *) echo "n8n: unknown lane '$lane' (n8n or n8n1)" >&2; exit 1 ;;
esac
pin="$root/test/e2e/$lane"
lock_hash="$(sha256sum "$pin/package-lock.json" | cut -c1-16)"
stamp="$target/.installed-$lock_hash"
installed() { [ -f "$stamp" ] && [ -x "$target/node_modules/.bin/n8n" ]; }

if installed; then
  echo "n8n: reusing $target (lockfile $lock_hash)" >&2
  exit 0
fi
mkdir -p "$(dirname "$target")"
exec 9>"$target.lock"
if ! flock -w 1800 9; then
  echo "n8n: another install of $target held the lock for 30 minutes; giving up" >&2
  exit 1
fi
if installed; then
  echo "n8n: reusing $target, installed meanwhile by another run" >&2
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt "$min_node" ]; then
  echo "n8n: lane $lane needs Node >= $min_node, found $(node -v); source .ci/node24.sh (n8n) or .ci/node22.sh (n8n1) first" >&2
  exit 1
fi
started=$(date +%s)
echo "n8n: installing n8n $(node -p "require('$pin/package.json').dependencies.n8n") into $target (first use, a few minutes)" >&2
rm -f "$target"/.installed-*
mkdir -p "$target"
cp "$pin/package.json" "$pin/package-lock.json" "$target/"
cd "$target"
# No install scripts: several of n8n's dependencies download prebuilt binaries, which this machine cannot.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
# Only the native modules n8n needs are built (offline, against npm_config_nodedir's headers).
npm rebuild "${native[@]}" --loglevel=error
version="$(./node_modules/.bin/n8n --version 2>/dev/null | tail -n 1)"
touch "$stamp"
echo "n8n: $version installed in $target in $(( $(date +%s) - started )) s" >&2
