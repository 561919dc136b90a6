#!/usr/bin/env bash
# Mail that leaves (issue 18), checked on the shipped systemd unit and through the
# configured mail path:
#   1. `systemd-analyze verify` on Deploy/mitreden.service (its ExecStart pointed at the
#      built binary): any finding fails;
#   2. the unit sets nothing that makes systemd set no_new_privs (NoNewPrivileges=yes, or
#      one of the seccomp-based settings that imply it for a service without
#      CAP_SYS_ADMIN): under it Postfix's setgid postdrop cannot queue a mail;
#   3. a real delivery: Postfix from Debian's packages, `mitreden serve` run as an
#      unprivileged service user with the privileges the unit gives (setpriv: its user and
#      group, no supplementary groups, and --no-new-privs exactly when the unit would set
#      it), MITREDEN_MAIL_COMMAND='/usr/sbin/sendmail -t'; a registration's mail must
#      arrive in a local mailbox, and /metrics must show the outbox empty again.
# What it cannot imitate without systemd as PID 1: ProtectSystem=strict's read-only
# mounts with ReadWritePaths= (checked by reading the unit instead).
# Needs root (it installs packages and adds two system users). MITREDEN_PG_PORT and
# MITREDEN_MAIL_TEST_PORT (default 24380) choose its ports.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
fail() { echo "mail test: FAILED: $*" >&2; exit 1; }
say() { echo "mail test: $*" >&2; }
[ "$(id -u)" = 0 ] || fail "run as root (it installs Postfix and adds the users mitreden-ci and mitreden-inbox)"

install_debian() {
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}
command -v systemd-analyze >/dev/null 2>&1 || install_debian systemd
command -v setpriv >/dev/null 2>&1 || install_debian util-linux
if ! command -v postfix >/dev/null 2>&1; then
    echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
    echo "postfix postfix/mailname string mitreden.test" | debconf-set-selections
    install_debian postfix
fi
swift build --product mitreden >&2
binary=$repo/.build/debug/mitreden
work=$(mktemp -d)
chmod 755 "$work"

# 1. systemd's own check.
sed "s|/usr/local/bin/mitreden|$binary|" Deploy/mitreden.service > "$work/mitreden.service"
findings=$(cd "$work" && systemd-analyze verify "$work/mitreden.service" 2>&1) || fail "systemd-analyze verify: $findings"
[ -z "$findings" ] || fail "systemd-analyze verify found: $findings"
say "systemd-analyze verify: no findings"

# 2. What would set no_new_privs (systemd.exec(5)): NoNewPrivileges=yes, and these when set
# at all, since the service runs as User= without CAP_SYS_ADMIN.
implying="DynamicUser PrivateDevices RestrictAddressFamilies SystemCallFilter SystemCallArchitectures RestrictNamespaces
RestrictRealtime RestrictSUIDSGID LockPersonality MemoryDenyWriteExecute ProtectKernelModules ProtectKernelLogs ProtectClock
ProtectHostname"
nnp=no
while IFS='=' read -r key value; do
    key=${key// /}
    case "$key" in ''|'#'*|'['*) continue ;; esac
    if [ "$key" = NoNewPrivileges ] && [[ "$value" =~ ^(yes|true|1|on)$ ]]; then nnp="yes ($key=$value)"; fi
    for setting in $implying; do
        if [ "$key" = "$setting" ] && [ -n "$value" ] && ! [[ "$value" =~ ^(no|false|0|off)$ ]]; then nnp="yes ($key=$value)"; fi
    done
done < Deploy/mitreden.service
grep -q '^User=' Deploy/mitreden.service || fail "the unit names no User= (the service user must be able to run postdrop)"
grep -q '^ReadWritePaths=.*/var/spool/postfix/maildrop' Deploy/mitreden.service \
    || fail "ProtectSystem=strict without ReadWritePaths=/var/spool/postfix/maildrop: postdrop could not write"
say "no_new_privs under the unit: $nnp"

# 3. A real delivery. Postfix delivers for localhost.localdomain to local mailboxes.
id mitreden-ci >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin mitreden-ci
id mitreden-inbox >/dev/null 2>&1 || useradd --system --create-home --shell /usr/sbin/nologin mitreden-inbox
postconf -h mydestination | grep -qw 'localhost.localdomain' \
    || postconf -e "mydestination = $(postconf -h mydestination), localhost.localdomain"
postfix_started=0
if ! pgrep -x master >/dev/null 2>&1; then postfix start >&2; postfix_started=1; fi
mailbox=/var/mail/mitreden-inbox
: > "$mailbox" 2>/dev/null || true

pg_started=0
Deploy/local-postgres.sh status >/dev/null 2>&1 || pg_started=1
MITREDEN_PG_FAST=1 Deploy/local-postgres.sh start >/dev/null
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ "$pg_started" = 1 ] && Deploy/local-postgres.sh stop >/dev/null 2>&1
    [ "$postfix_started" = 1 ] && postfix stop >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
owner_url=$(Deploy/local-postgres.sh migration-url)
database=mitreden_mail_test
psql "$owner_url" -qc "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" >/dev/null
runtime_url=$(Deploy/local-postgres.sh url | sed "s|/[^/]*$|/$database|")
MITREDEN_DATABASE_URL=$(echo "$owner_url" | sed "s|/[^/]*$|/$database|") "$binary" migrate >/dev/null 2>&1

port=${MITREDEN_MAIL_TEST_PORT:-24380}
privileges=(--reuid=mitreden-ci --regid=mitreden-ci --clear-groups)
[ "$nnp" = no ] || privileges+=(--no-new-privs)
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin MITREDEN_DATABASE_URL="$runtime_url" MITREDEN_PORT="$port" \
    MITREDEN_MAIL_COMMAND="/usr/sbin/sendmail -t" MITREDEN_MAIL_FROM="Mitreden <no-reply@localhost.localdomain>" \
    MITREDEN_BCRYPT_COST=4 setpriv "${privileges[@]}" "$binary" serve > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/server.log" >&2; fail "the server did not start"; }

status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"email":"mitreden-inbox@localhost.localdomain","password":"ein langes Testpasswort 2026","displayName":"Postfach Test"}' \
    "http://127.0.0.1:$port/v1/accounts")
[ "$status" = 202 ] || fail "registration answered $status"
for _ in $(seq 1 150); do grep -q '^Subject: ' "$mailbox" 2>/dev/null && break; sleep 0.2; done
subject=$(grep -m1 '^Subject: ' "$mailbox" 2>/dev/null || true)
if [ -z "$subject" ]; then
    cat "$work/server.log" >&2
    fail "no mail reached $mailbox within 30 s (no_new_privs: $nnp)"
fi
say "delivered to $mailbox: $subject"
queued=
for _ in $(seq 1 50); do
    queued=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '$1 == "mitreden_outbox_queued" {print $2 + 0}')
    [ "$queued" = 0 ] && break
    sleep 0.2
done
[ "$queued" = 0 ] || fail "/metrics shows mitreden_outbox_queued $queued after the delivery"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
psql "$owner_url" -qc "DROP DATABASE IF EXISTS $database" >/dev/null

# The control: the same user with no_new_privs, as the old unit ran it, cannot queue a mail
# (postdrop retries "Permission denied" until killed), so step 3 can fail.
if printf 'To: mitreden-inbox@localhost.localdomain\nSubject: control\n\nx\n' \
    | timeout 5 setpriv --reuid=mitreden-ci --regid=mitreden-ci --clear-groups --no-new-privs /usr/sbin/sendmail -t >/dev/null 2>&1; then
    fail "sendmail worked under no_new_privs: the check above proves nothing on this host"
fi
say "control: under no_new_privs sendmail fails, as it did with the old unit"
echo "mail test: 4 passed, 0 failed"
