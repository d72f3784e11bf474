#!/usr/bin/env bash
# Installs the pinned n8n (test/e2e/n8n/package.json + package-lock.json) into .e2e/n8n on first use;
# later runs reuse it while the lockfile is unchanged (a stamp file named after the lockfile's hash).
# Needs Node >= 24 on PATH (source .ci/node24.sh). E2E_N8N_DIR installs elsewhere (e.g. to time a cold install).
# Several runs at once are safe: the install holds a lock, and a run waits for another's install to finish.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${E2E_N8N_DIR:-$root/.e2e/n8n}"
lock_hash="$(sha256sum "$root/test/e2e/n8n/package-lock.json" | cut -c1-16)"
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
if [ "$node_major" -lt 24 ]; then
  echo "n8n: needs Node >= 24, found $(node -v); run 'source .ci/node24.sh' first" >&2
  exit 1
fi
started=$(date +%s)
echo "n8n: installing n8n $(node -p "require('$root/test/e2e/n8n/package.json').dependencies.n8n") into $target (first use, a few minutes)" >&2
rm -f "$target"/.installed-*
mkdir -p "$target"
cp "$root/test/e2e/n8n/package.json" "$root/test/e2e/n8n/package-lock.json" "$target/"
cd "$target"
# No install scripts: several of n8n's dependencies download prebuilt binaries, which this machine cannot.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
# Only the native modules n8n needs are built (offline, against npm_config_nodedir's headers).
npm rebuild sqlite3 isolated-vm @parcel/watcher @sentry/node-cpu-profiler @sentry/node-native-stacktrace ssh2 msgpackr-extract protobufjs cpu-features --loglevel=error
version="$(./node_modules/.bin/n8n --version 2>/dev/null | tail -n 1)"
touch "$stamp"
echo "n8n: $version installed in $target in $(( $(date +%s) - started )) s" >&2
