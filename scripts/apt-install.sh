#!/usr/bin/env bash
# Installs Debian packages quietly, with sudo when not root: apt-install.sh PACKAGE...
# The install-*.sh scripts call it once they found what they need missing.
set -euo pipefail

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" > /dev/null
