# Source this file: it puts Node 22 on PATH for the n8n 1.x end-to-end lane (npm run test:e2e:n8n1).
# Why 22: n8n 1.123 accepts Node ">=20.19 <= 24.x" (its package.json engines), and isolated-vm, which n8n 1.x
# loads, ships prebuilt binaries only for Node 22 and 24; 22 is the lowest line n8n 1.x runs here.
NODE22_VERSION="${NODE22_VERSION:-22.23.5}"
source "$(dirname "${BASH_SOURCE[0]}")/node-from-npm.sh"
use_node_from_npm "$NODE22_VERSION" || { return 1 2>/dev/null || exit 1; }
echo "Using Node $(node -v), npm $(npm -v)" >&2
