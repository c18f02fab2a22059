#!/usr/bin/env bash
# Makes sure `gcc` is on the PATH: FakeNvmlTest (guard-plugin) compiles the fake NVML library
# (guard-plugin/src/test/c/fake_nvml.c) with it, and under CI a missing gcc fails that test.
# Installs Debian's `gcc` package (apt-get) when it is missing; does nothing when gcc is there.
set -uo pipefail
log() { echo "ensure-gcc: $*" >&2; }
if command -v gcc >/dev/null 2>&1; then
  echo "ensure-gcc: $(gcc --version 2>&1 | head -1)"
  exit 0
fi
log "gcc is not installed; installing Debian package gcc with apt-get"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { log "not root and no sudo; install package gcc yourself"; exit 1; }
  SUDO="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || { log "apt-get update failed"; exit 1; }
$SUDO apt-get install -y -qq --no-install-recommends gcc libc6-dev >/dev/null \
  || { log "apt-get install gcc failed"; exit 1; }
command -v gcc >/dev/null 2>&1 || { log "package gcc installed but gcc is not on the PATH"; exit 1; }
echo "ensure-gcc: installed $(gcc --version 2>&1 | head -1)"
