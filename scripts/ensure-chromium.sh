#!/usr/bin/env bash
# Makes sure Debian's `chromium` and `chromium-driver` are installed: StatusPageBrowserTest (cli)
# drives /usr/bin/chromium through /usr/bin/chromedriver with Selenium, and under CI a missing
# browser fails that test. Installs both packages (apt-get) when either is missing; does nothing
# when both are there.
set -uo pipefail
log() { echo "ensure-chromium: $*" >&2; }
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "ensure-chromium: $(/usr/bin/chromedriver --version 2>/dev/null | head -1)"
  exit 0
fi
log "chromium or chromedriver is not installed; installing Debian packages chromium chromium-driver with apt-get"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { log "not root and no sudo; install packages chromium chromium-driver yourself"; exit 1; }
  SUDO="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || { log "apt-get update failed"; exit 1; }
$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null \
  || { log "apt-get install chromium chromium-driver failed"; exit 1; }
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
  || { log "packages installed but /usr/bin/chromium or /usr/bin/chromedriver is missing"; exit 1; }
echo "ensure-chromium: installed $(/usr/bin/chromedriver --version 2>/dev/null | head -1)"
