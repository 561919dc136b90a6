"""The pieces the fault scenarios share: the PostgreSQL cluster, the server process, an
HTTP client that records when each request started and ended, and the invariant checks.

Everything comes from the environment Tests/Faults/run.sh sets; nothing here is optional:
a missing binary or database fails the run.
"""
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import httpload  # noqa: E402
from httpload import now  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.environ["FAULTS_WORK"]
BINARY = os.environ["FAULTS_BINARY"]
OWNER_URL = os.environ["FAULTS_OWNER_URL"]
PSQL = os.environ["FAULTS_PSQL"]
PG_DATA = os.environ["FAULTS_PG_DATA"]
HTTP_PORT = int(os.environ["FAULTS_HTTP_PORT"])

# The server under test answers 503 when a statement or a pool lease takes longer than this
# (MITREDEN_DB_STATEMENT_TIMEOUT), or 5 s later when the connection does not answer at all.
STATEMENT_TIMEOUT = 2
ANSWER_BOUND = STATEMENT_TIMEOUT + 5 + 2  # + the client deadline's grace + scheduling slack
# What README promises for SIGTERM: requests in flight finish, then exit 0 within this.
SHUTDOWN_GRACE = 10


def psql(sql):
    """Runs SQL as the schema's owner and returns the rows as lists of strings."""
    return httpload.psql(PSQL, OWNER_URL, sql)


def scalar(sql):
    return int(psql(sql)[0][0])


class Postgres:
    """The real postmaster of Deploy/local-postgres.sh: killed with SIGKILL and restarted."""

    @staticmethod
    def _script(action):
        subprocess.run([os.path.join(REPO, "Deploy/local-postgres.sh"), action], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @staticmethod
    def postmaster_pid():
        with open(os.path.join(PG_DATA, "postmaster.pid")) as f:
            return int(f.readline())

    @staticmethod
    def _children(pid):
        children = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pid:
                    children.append(int(entry))
        return children

    def kill9(self):
        """SIGKILL to the postmaster, then waits until it and its backends are gone: a new
        postmaster refuses to start while they hold the shared memory, and the start script
        takes a postmaster that is not reaped yet for a running one."""
        pid = self.postmaster_pid()
        children = self._children(pid)
        os.kill(pid, signal.SIGKILL)
        deadline = now() + 30
        for child in [pid] + children:
            while now() < deadline and os.path.exists(f"/proc/{child}"):
                time.sleep(0.05)
        if now() >= deadline:
            raise RuntimeError("PostgreSQL's backends outlived the postmaster by 30 s")

    def start(self):
        self._script("start")

    def stop(self):
        self._script("stop")


class Server:
    """`mitreden serve` as the runtime role, its log in .local/faults/server-<name>.log."""
    running = []  # killed by stop_all when a scenario ends in an exception

    def __init__(self, name, pool_size=None, statement_timeout=STATEMENT_TIMEOUT):
        self.name, self.pool_size, self.statement_timeout = name, pool_size, statement_timeout
        self.process = None

    def start(self):
        env = dict(os.environ)
        env.update({
            "MITREDEN_PORT": str(HTTP_PORT), "MITREDEN_LOG_LEVEL": "warning",
            "MITREDEN_DB_STATEMENT_TIMEOUT": str(self.statement_timeout), "MITREDEN_BCRYPT_COST": "4",
            # The clients write far faster than a person: the write limits would answer 429.
            "MITREDEN_WRITE_LIMIT_VOTES": "off", "MITREDEN_WRITE_LIMIT_BALLOTS": "off",
            "MITREDEN_WRITE_LIMIT_COMMENTS": "off",
        })
        if self.pool_size:
            env["MITREDEN_DB_POOL_SIZE"] = str(self.pool_size)
        log = open(os.path.join(WORK, f"server-{self.name}.log"), "a")
        self.process = subprocess.Popen([BINARY, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
        Server.running.append(self.process)
        started = now()
        while now() - started < 120:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}; see {log.name}")
            if request("GET", "/health/ready", timeout=2).status == 200:
                return now() - started
            time.sleep(0.1)
        raise RuntimeError("the server was not ready within 120 s")

    @staticmethod
    def stop_all():
        for process in Server.running:
            if process.poll() is None:
                process.kill()
                process.wait()
        Server.running.clear()

    def alive(self):
        return self.process.poll() is None

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def sigkill(self):
        self.process.kill()
        self.process.wait()

    def sigterm(self, limit=60):
        """Returns (exit status, seconds); status None when it did not exit within limit."""
        started = now()
        self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            status = None
        return status, now() - started


class Client(httpload.Client):
    """A keep-alive HTTP/1.1 connection to the server under test, reopened after any failure."""

    def __init__(self, token=None, timeout=30):
        super().__init__(HTTP_PORT, token, timeout)


def request(method, path, body=None, token=None, timeout=30):
    client = Client(token, timeout)
    try:
        return client.request(method, path, body)
    finally:
        client.close()


def participant(n):
    return f"faults-session-{n}-token"


ADMIN = "faults-admin-session-token"


class Load:
    """Threads that each run `step(client, i)` until stopped, keeping every outcome."""

    def __init__(self, clients, step, token=participant):
        self.stop_event = threading.Event()
        self.outcomes = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(step, Client(token(n)), n), daemon=True)
                        for n in clients]

    def _run(self, step, client, n):
        i = 0
        while not self.stop_event.is_set():
            outcome = step(client, n, i)
            with self.lock:
                self.outcomes.append(outcome)
            if outcome.status is None:
                time.sleep(0.05)  # refused while the server restarts: no busy loop
            i += 1
        client.close()

    def __enter__(self):
        self.started = now()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=ANSWER_BOUND * 3)

    def snapshot(self):
        with self.lock:
            return list(self.outcomes)


class Checks:
    """The figures of one scenario and the invariants among them."""

    def __init__(self, name):
        self.name, self.figures, self.broken = name, [], []

    def figure(self, label, value):
        self.figures.append(f"{label} {value}")

    def expect(self, label, value, ok, shown=None):
        self.figures.append(f"{label} {value if shown is None else shown}")
        if not ok:
            self.broken.append(label)

    def line(self):
        verdict = "ok" if not self.broken else "BROKEN: " + ", ".join(self.broken)
        return f"fault {self.name}: " + ", ".join(self.figures) + f" — {verdict}"


def counter_drift():
    """Proposals whose counters differ from their rows, and tallies that differ from the
    participant's supports: both are kept by trigger in the vote's transaction."""
    return scalar("""
        SELECT (SELECT count(*) FROM proposal_counters pc
                WHERE pc.supports <> (SELECT count(*) FROM supports s WHERE s.proposal_id = pc.proposal_id)
                   OR pc.pro <> (SELECT count(*) FROM ratings r WHERE r.proposal_id = pc.proposal_id AND r.value = 1)
                   OR pc.contra <> (SELECT count(*) FROM ratings r WHERE r.proposal_id = pc.proposal_id AND r.value = -1)
                   OR pc.comments <> (SELECT count(*) FROM comments c
                                      WHERE c.proposal_id = pc.proposal_id AND c.moderation_status = 'published'))
             + (SELECT count(*) FROM participant_tallies t
                WHERE t.supports <> (SELECT count(*) FROM supports s
                                     WHERE s.account_id = t.account_id AND s.campaign_id = t.campaign_id))
        """)


def dump(name, outcomes, *marks):
    """Every request of a scenario, for a look after a failure: .local/faults/<name>.tsv
    (start and end relative to the first mark, status or error)."""
    zero = marks[0]
    with open(os.path.join(WORK, f"{name}.tsv"), "w") as f:
        f.write("# marks " + " ".join(f"{m - zero:.3f}" for m in marks) + "\n")
        for o in sorted(outcomes, key=lambda o: o.started):
            f.write(f"{o.started - zero:.3f}\t{o.ended - zero:.3f}\t{o.status or o.error}\n")
