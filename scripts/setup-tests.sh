#!/usr/bin/env bash
# What the test suite needs beyond the build: Python's aiosmtpd (a real SMTP server for the
# mail tests) and cryptography (its TLS certificate), from PyPI, when missing.
set -euo pipefail
if ! python3 -c "import aiosmtpd, cryptography" 2>/dev/null; then
  echo "setup: installing aiosmtpd and cryptography (PyPI)"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore aiosmtpd cryptography
fi
