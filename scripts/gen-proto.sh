#!/usr/bin/env bash
# Regenerate the TypeScript protocol layer from src/proto/etcd/*.proto with ts-proto.
#
# Usage: scripts/gen-proto.sh [OUT_DIR]
#   OUT_DIR defaults to <repo>/src/proto/gen (it is wiped first).
#   A different OUT_DIR is used by test/unit/proto-fresh.test.ts.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd -- "${SCRIPT_DIR}/.." && pwd)"

PROTO_DIR="${ROOT}/src/proto/etcd"
OUT_DIR="${1:-${ROOT}/src/proto/gen}"
PLUGIN="${ROOT}/node_modules/.bin/protoc-gen-ts_proto"
PROTOC="${PROTOC:-protoc}"

if ! command -v "${PROTOC}" >/dev/null 2>&1; then
  echo "gen-proto: protoc not found (install protobuf-compiler or set PROTOC)" >&2
  exit 1
fi
if [[ ! -x "${PLUGIN}" ]]; then
  echo "gen-proto: ${PLUGIN} not found; run npm install" >&2
  exit 1
fi

TS_PROTO_OPTS="outputServices=generic-definitions,forceLong=bigint,esModuleInterop=true,env=node,snakeToCamel=false,outputJsonMethods=false,outputPartialMethods=true,annotateFilesWithVersion=false,outputTypeRegistry=false,useOptionals=none,exportCommonSymbols=false,oneof=properties,stringEnums=false"

# Clean the output folder (only its contents, so a caller-provided dir may pre-exist).
mkdir -p -- "${OUT_DIR}"
find "${OUT_DIR}" -mindepth 1 -delete
OUT_DIR="$(cd -- "${OUT_DIR}" && pwd)"

# Stable input order, paths relative to the proto root (they end up in "// source:" headers).
cd -- "${PROTO_DIR}"
mapfile -t PROTOS < <(LC_ALL=C find . -maxdepth 1 -name '*.proto' -printf '%P\n' | LC_ALL=C sort)
if [[ ${#PROTOS[@]} -eq 0 ]]; then
  echo "gen-proto: no .proto files in ${PROTO_DIR}" >&2
  exit 1
fi

"${PROTOC}" \
  --plugin="protoc-gen-ts_proto=${PLUGIN}" \
  --proto_path="${PROTO_DIR}" \
  --ts_proto_out="${OUT_DIR}" \
  --ts_proto_opt="${TS_PROTO_OPTS}" \
  "${PROTOS[@]}"

echo "gen-proto: wrote $(find "${OUT_DIR}" -type f | wc -l) file(s) to ${OUT_DIR}"
