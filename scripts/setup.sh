#!/usr/bin/env bash
# Installs the Debian packages the build needs, when they are missing: zlib headers (gzip
# decoding of the bundled taxonomy) and OpenBLAS (the text encoder's matrix products). Run as
# root, or have them installed already.
set -euo pipefail
missing=()
[[ -f /usr/include/zlib.h ]] || missing+=(zlib1g-dev)
[[ -f /usr/include/x86_64-linux-gnu/cblas.h || -f /usr/include/aarch64-linux-gnu/cblas.h || -f /usr/include/cblas.h ]] || missing+=(libopenblas-dev)
command -v pkg-config >/dev/null || missing+=(pkg-config)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: please install ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
