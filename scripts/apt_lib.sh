# shellcheck shell=bash
# apt_install PKG...: install the Debian packages that are missing (as root); otherwise say what is needed.
# The package lists are refreshed at most once per run (and not at all when they are fresh).
apt_install() {
  local missing=()
  for pkg in "$@"; do
    [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "!! missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    return 1
  fi
  if [ -z "${HABEAS_APT_UPDATED:-}" ] && [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -120 2>/dev/null | head -1)" ]; then
    echo "==> apt-get update"
    apt-get update -qq
  fi
  export HABEAS_APT_UPDATED=1
  echo "==> apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
