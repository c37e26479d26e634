#!/usr/bin/env bash
# Installs what the webgpu tests need on a Linux machine without a GPU: the Vulkan loader and Mesa's software Vulkan
# driver (lavapipe) from Debian's bookworm-backports suite (Mesa 25; Debian 12's own Mesa 22.3 is refused by Dawn:
# "Vulkan shaderUniform*ArrayDynamicIndexing required"). Adds the suite to apt's sources when it is absent.
# Idempotent: when a Mesa >= 25 lavapipe is installed it only says so. Needs root and apt-get (as in CI); elsewhere
# it prints what to do and exits 0, and the webgpu tests say why they are skipped (or fail, under CI).
set -euo pipefail

say() { printf 'vulkan setup: %s\n' "$*"; }

mesa_version() { dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2> /dev/null || true; }

installed="$(mesa_version)"
if [[ -n "$installed" ]] && dpkg --compare-versions "$installed" ge 25 && dpkg-query -W libvulkan1 > /dev/null 2>&1; then
  say "mesa-vulkan-drivers $installed and libvulkan1 already installed"
  exit 0
fi
if ! command -v apt-get > /dev/null || [[ "$(id -u)" != 0 ]]; then
  say "needs root and apt-get: run as root  apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1  (after adding bookworm-backports to apt's sources)"
  exit 0
fi
codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
if [[ "$codename" != bookworm ]]; then
  say "not Debian 12 (bookworm) but '${codename:-unknown}': installing the distribution's mesa-vulkan-drivers (Dawn needs Mesa >= 25)"
  suite=()
else
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    say "adding bookworm-backports to /etc/apt/sources.list.d/bookworm-backports.sources"
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      > /etc/apt/sources.list.d/bookworm-backports.sources
  fi
  suite=(-t bookworm-backports)
fi
export DEBIAN_FRONTEND=noninteractive
start=$SECONDS
apt-get -o DPkg::Lock::Timeout="${APT_LOCK_WAIT:-120}" update > /dev/null
apt-get -o DPkg::Lock::Timeout="${APT_LOCK_WAIT:-120}" install -y --no-install-recommends "${suite[@]}" \
  mesa-vulkan-drivers libvulkan1 > /dev/null
say "installed mesa-vulkan-drivers $(mesa_version) and libvulkan1 in $((SECONDS - start)) s"
