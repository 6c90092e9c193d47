#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report test (ReportChromiumITCase) when it is missing.
# CI runs it before `mvn verify`; the test also runs it itself when /usr/bin/chromium is absent.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
command -v chromium
