#!/usr/bin/env bash
# Installs the pinned n8n (test/e2e/n8n/package.json + package-lock.json) into .e2e/n8n on first use;
# later runs reuse it while the lockfile is unchanged. Needs Node >= 24 on PATH (source .ci/node24.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="$root/.e2e/n8n"
stamp="$target/.installed-$(sha256sum "$root/test/e2e/n8n/package-lock.json" | cut -c1-16)"
if [ -f "$stamp" ] && [ -x "$target/node_modules/.bin/n8n" ]; then
  echo "n8n already installed in $target" >&2
  exit 0
fi
mkdir -p "$target"
cp "$root/test/e2e/n8n/package.json" "$root/test/e2e/n8n/package-lock.json" "$target/"
cd "$target"
started=$(date +%s)
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
# Only the native modules n8n needs are built (offline, against npm_config_nodedir's headers).
npm rebuild sqlite3 isolated-vm @parcel/watcher @sentry/node-cpu-profiler @sentry/node-native-stacktrace ssh2 msgpackr-extract protobufjs cpu-features --loglevel=error
rm -f "$target"/.installed-*
touch "$stamp"
echo "n8n installed in $target in $(( $(date +%s) - started )) s" >&2
