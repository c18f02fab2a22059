#!/usr/bin/env bash
# Makes sure `promtool` (Prometheus rule checker and rule unit-test runner) is on the PATH:
# installs Debian's `prometheus` package, which ships promtool, when it is missing.
# Used by CI before `mvn verify` (AlertRulesTest runs `promtool check rules` and `promtool test rules`).
set -uo pipefail
if command -v promtool >/dev/null 2>&1; then
  echo "ensure-promtool: $(promtool --version 2>&1 | head -1)"
  exit 0
fi
echo "ensure-promtool: promtool not installed; installing Debian package prometheus with apt-get" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "ensure-promtool: not root and no sudo; install package prometheus yourself" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || { echo "ensure-promtool: apt-get update failed" >&2; exit 1; }
# the daemon is not wanted, only its promtool binary: do not start services while installing
$SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
  || { echo "ensure-promtool: apt-get install prometheus failed" >&2; exit 1; }
command -v promtool >/dev/null 2>&1 || { echo "ensure-promtool: package prometheus installed but promtool is not on the PATH" >&2; exit 1; }
echo "ensure-promtool: installed $(promtool --version 2>&1 | head -1)"
