#!/usr/bin/env bash
# What the test suite needs beyond the build: Debian's redis-server (the Redis tests start their
# own), Python's aiosmtpd (a real SMTP server for the mail tests) and cryptography (its TLS
# certificate), from PyPI, when missing.
set -euo pipefail
if ! command -v redis-server >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then echo "setup: please install redis-server (apt-get install redis-server)" >&2; exit 1; fi
  echo "setup: installing redis-server"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
if ! python3 -c "import aiosmtpd, cryptography" 2>/dev/null; then
  echo "setup: installing aiosmtpd and cryptography (PyPI)"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore aiosmtpd cryptography
fi
