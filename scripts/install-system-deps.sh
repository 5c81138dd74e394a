#!/usr/bin/env bash
# Installs the Debian packages the test suites use (real servers and browsers, not mocks):
#   chromium          the renderer e2e specs and the OAuth consent pages
#   openssl           self-signed certificates for the STARTTLS/TLS test servers
#   dovecot-*         the IMAP and POP3 test server
#   age               checks that sealed exports decrypt with the standard tool
#   javac / java      reads exported .properties with java.util.Properties (tests/support/java-properties.ts)
#   python3-dotenv    reads exported .env with python-dotenv, under /usr/bin/python3 (tests/support/python-dotenv.ts)
#   msmtp, curl,      the server recipes of docs/server-setup.md, run against the test SMTP
#   python3           server with tokens from `mailprefs token`
#   libjakarta-mail-java  the Jakarta Mail recipe (its jars under /usr/share/java; pulls in
#                     libjakarta-activation-java)
# As root it installs what is missing; otherwise it says what to install and fails.
set -euo pipefail

declare -A needs=(
  [chromium]=chromium
  [openssl]=openssl
  [dovecot]="dovecot-imapd dovecot-pop3d"
  [age]=age
  [script]=bsdutils
  [javac]=openjdk-17-jdk-headless
  [msmtp]=msmtp
  [curl]=curl
)
# Debian's own python3 (a pyenv python3 earlier on PATH does not count).
declare -A paths=(
  [/usr/bin/python3]=python3
)
missing=()
for cmd in "${!needs[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=(${needs[$cmd]})
done
for file in "${!paths[@]}"; do
  [ -x "$file" ] || missing+=(${paths[$file]})
done
# Fonts make screenshots readable; not a command, so check the package.
dpkg -s fonts-liberation >/dev/null 2>&1 || missing+=(fonts-liberation)
# A Python module, not a command: check the package (its python is /usr/bin/python3, not pyenv's).
dpkg -s python3-dotenv >/dev/null 2>&1 || missing+=(python3-dotenv)
# Jars, not commands: check the files the recipe test puts on the class path.
for jar in jakarta-mail jakarta-activation; do
  [ -f /usr/share/java/$jar.jar ] || missing+=(libjakarta-mail-java libjakarta-activation-java)
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's packaging starts dovecot's system service where it can; the tests run their own.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now dovecot >/dev/null 2>&1 || true; fi
echo "system packages installed"
