#!/usr/bin/env bash
# Installs Debian packages quietly (with sudo when not root): scripts/apt-install.sh PACKAGE...
set -euo pipefail

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" > /dev/null
