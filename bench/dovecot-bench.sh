#!/usr/bin/env bash
# Mailbox drain benchmark against Dovecot (issue 4, item 10), Debian's dovecot-imapd: a private Dovecot
# instance on 127.0.0.1:${BENCH_IMAP_PORT:-10143} (own config, run and mail folders under target/dovecot,
# plain-text login, maildir for user bench@runmy.test owned by a system user 'vmail'), its INBOX filled
# with BENCH_WARMUP warm-up messages (default 2,000, drained but not timed) and then BENCH_MESSAGES
# messages (default 10,000) as maildir files, then bench/mail-drain-bench.sh's
# MailDrainBenchmark pointed at it (-Dhub.bench.imap.*). The instance is stopped at the end.
#
#   apt-get install -y dovecot-imapd     # once (root)
#   bench/dovecot-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)/target/dovecot
PORT=${BENCH_IMAP_PORT:-10143}
N=${BENCH_MESSAGES:-10000}
USER_ADDR=bench@runmy.test
id vmail >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin vmail
rm -rf "$ROOT"; mkdir -p "$ROOT/run" "$ROOT/state" "$ROOT/mail"
echo "$USER_ADDR:{PLAIN}bench-password" > "$ROOT/users"
cat > "$ROOT/dovecot.conf" <<CONF
base_dir = $ROOT/run
state_dir = $ROOT/state
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$ROOT/mail/%u
mail_uid = vmail
mail_gid = vmail
first_valid_uid = 1
log_path = $ROOT/dovecot.log
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN $ROOT/users
}
userdb {
  driver = static
  args = uid=vmail gid=vmail home=$ROOT/mail/%u
}
service imap-login {
  inet_listener imap {
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
python3 - "$ROOT/mail/$USER_ADDR" "$N" "${BENCH_WARMUP:-2000}" <<'PY'
import os, sys, time, uuid
box, n, warm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
run = uuid.uuid4().hex[:8]
for d in ("new", "cur", "tmp"):
    os.makedirs(os.path.join(box, d), exist_ok=True)
# warm-up messages first (older files, names sorting first), then the measured ones
start = int(time.time()) - 3600
for k, (prefix, count) in enumerate((("bench-warm-" + run, warm), ("bench-" + run, n))):
    for i in range(count):
        body = "".join("Hello, request number %d about my RunMy account.\r\n" % i for _ in range(10))
        msg = ("From: Customer %d <c%d-%s@customer.example>\r\nTo: customersupport@runmy.com\r\n"
               "Subject: Benchmark request %d\r\nMessage-ID: <%s-%d@customer.example>\r\n"
               "Date: Mon, 2 Mar 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=UTF-8\r\n\r\n%s") % (i, i % 500, run, i, prefix, i, body)
        name = os.path.join(box, "new", "%d%010d.%d.bench" % (k, i, i))
        with open(name, "w", newline="") as f:
            f.write(msg)
        t = start + k * 1800 + i // 100
        os.utime(name, (t, t))
with open(os.path.join(os.path.dirname(os.path.dirname(box)), "run-id"), "w") as f:
    f.write(run)
PY
chown -R vmail:vmail "$ROOT/mail"
dovecot -c "$ROOT/dovecot.conf"
trap 'dovecot -c "$ROOT/dovecot.conf" stop || true' EXIT
for _ in $(seq 1 20); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.5; done
BENCH_EXTRA="-Dhub.bench.imap.port=$PORT -Dhub.bench.imap.user=$USER_ADDR -Dhub.bench.imap.password=bench-password -Dhub.bench.run=$(cat "$ROOT/run-id")" \
  bench/mail-drain-bench.sh
