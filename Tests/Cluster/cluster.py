"""The cluster test's load: participants vote and comment through HAProxy while one
`mitreden serve` is killed with SIGKILL and started again (Tests/Cluster/run.sh sets the
environment). Prints one line of figures; exits 1 when an invariant broke:

- acknowledged votes lost: 0 (every support answered 2xx is in the primary afterwards);
- acknowledged comments: each exactly once (the client resends a failed POST with the same
  Idempotency-Key, so a resend never makes a second comment);
- failed requests, before the client's own resend: only those in flight at the kill;
- failed requests after the client's resend of an idempotent request: 0;
- the replica served anonymous reads, and both instances report it serving.
"""
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import httpload  # noqa: E402
from httpload import now  # noqa: E402

PROXY = os.environ["CLUSTER_PROXY_PORT"]
CLUSTER = os.environ["CLUSTER_SCRIPT"]
PSQL = os.environ["CLUSTER_PSQL"]
OWNER_URL = os.environ["CLUSTER_OWNER_URL"]
INSTANCES = os.environ["CLUSTER_INSTANCE_URLS"].split()
PARTICIPANTS = range(1, 21)
RESENDS = 3


def psql(sql):
    return httpload.psql(PSQL, OWNER_URL, sql)


class Client(httpload.Client):
    """One keep-alive connection to the proxy, reopened after a failure."""

    def __init__(self, token=None):
        super().__init__(PROXY, token)

    def resending(self, method, path, body=None, headers=None):
        """The request, resent up to RESENDS times while it fails with no answer or a
        502/503/504 (all of these requests are idempotent: PUT, GET, or POST with an
        Idempotency-Key). Returns every attempt."""
        attempts = [self.request(method, path, body, headers)]
        while not attempts[-1].ok and len(attempts) <= RESENDS and \
                (attempts[-1].status is None or attempts[-1].status in (502, 503, 504)):
            time.sleep(0.2)
            attempts.append(self.request(method, path, body, headers))
        return attempts


def proposals():
    return [row[0] for row in psql("""SELECT p.id FROM proposals p JOIN campaigns c ON c.id = p.campaign_id
                                      WHERE c.slug = 'faults-dialog' ORDER BY p.created_at, p.id""")]


def main():
    ids = proposals()
    stop = threading.Event()
    lock = threading.Lock()
    requests = []          # (kind, attempts)
    acked_supports = set()  # (participant, proposal)
    acked_comments = set()  # marker

    def participant_loop(n):
        client, reader = Client(f"faults-session-{n}-token"), Client()
        i = 0
        while not stop.is_set():
            if n % 2:
                proposal = ids[(n * 37 + i) % len(ids)]
                attempts = client.resending("PUT", f"/v1/proposals/{proposal}/support")
                with lock:
                    requests.append(("support", attempts))
                    if attempts[-1].ok:
                        acked_supports.add((n, proposal))
            else:
                marker = f"cluster-{uuid.uuid4()}"
                attempts = client.resending(
                    "POST", f"/v1/proposals/{ids[n % len(ids)]}/comments",
                    {"body": f"Kommentar {marker} aus dem Clustertest.", "stance": "neutral"},
                    {"Idempotency-Key": marker})
                with lock:
                    requests.append(("comment", attempts))
                    if attempts[-1].ok:
                        acked_comments.add(marker)
            # An anonymous reader beside each participant: the replica's share.
            read = reader.resending("GET", "/v1/campaigns/faults-dialog/proposals?sort=top")
            with lock:
                requests.append(("read", read))
            i += 1
        client.close()
        reader.close()

    threads = [threading.Thread(target=participant_loop, args=(n,), daemon=True) for n in PARTICIPANTS]
    started = now()
    for thread in threads:
        thread.start()
    time.sleep(4)
    killed = now()
    subprocess.run([CLUSTER, "kill", "a"], check=True)
    kill_returned = now()
    time.sleep(2)
    restart_began = now()
    subprocess.run([CLUSTER, "start", "a"], check=True, stdout=subprocess.DEVNULL)
    restarted = now()
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    duration = now() - started

    broken, figures = [], []

    def expect(label, value, ok):
        figures.append(f"{label} {value}")
        if not ok:
            broken.append(label)

    figures.append(f"requests {len(requests)} in {duration:.1f} s")
    figures.append(f"acknowledged votes {len(acked_supports)}, comments {len(acked_comments)}")

    stored = {(int(row[0][len('Faults'):]), row[1]) for row in psql(
        """SELECT a.display_name, s.proposal_id FROM supports s JOIN accounts a ON a.id = s.account_id
           WHERE a.email LIKE '%@faults.invalid'""")}
    lost = acked_supports - stored
    expect("acknowledged votes lost", len(lost), not lost)

    counts = {row[0]: int(row[1]) for row in psql(
        """SELECT substring(body from 'cluster-[0-9a-f-]+'), count(*) FROM comments
           WHERE body LIKE 'Kommentar cluster-%' GROUP BY 1""")}
    missing = [m for m in acked_comments if counts.get(m, 0) != 1]
    doubled = [m for m, c in counts.items() if c > 1]
    expect("acknowledged comments not stored once", len(missing), not missing)
    expect("comments stored twice", len(doubled), not doubled)

    # The first attempt of each request: a failure must have been in flight at the kill
    # (sent before the kill returned, answered, or cut, after the kill began).
    firsts = [attempts[0] for _, attempts in requests]
    failed_first = [a for a in firsts if not a.ok]
    outside = [a for a in failed_first if not (a.started <= kill_returned and a.ended >= killed)]
    expect("failed first attempts", len(failed_first), True)
    expect("of them not in flight at the kill", len(outside), not outside)
    unresolved = [(kind, attempts[-1].status or attempts[-1].error) for kind, attempts in requests if not attempts[-1].ok]
    expect("failed after the client's resend", len(unresolved), not unresolved)
    resent = sum(1 for _, attempts in requests if len(attempts) > 1)
    figures.append(f"resent by the client {resent}")
    after = [attempts[-1] for _, attempts in requests if attempts[0].started > restarted]
    expect("answered after the restart", f"{sum(1 for a in after if a.ok)}/{len(after)}", after and all(a.ok for a in after))
    figures.append(f"restart {restarted - restart_began:.1f} s")

    # The replica: both instances say it serves, and anonymous reads went there.
    replica_reads = 0
    for base in INSTANCES:
        with urllib.request.urlopen(f"{base}/health/ready", timeout=5) as response:
            state = json.load(response).get("replica", {}).get("state")
        expect(f"replica at {base.rsplit(':', 1)[1]}", state, state == "serving")
        with urllib.request.urlopen(f"{base}/metrics", timeout=5) as response:
            for line in response.read().decode().splitlines():
                if line.startswith('mitreden_public_reads_total{pool="replica"}'):
                    replica_reads += int(float(line.split()[-1]))
    expect("anonymous reads served by the replica", replica_reads, replica_reads > 0)

    verdict = "ok" if not broken else "BROKEN: " + ", ".join(broken)
    print("cluster kill-instance: " + ", ".join(figures) + f" — {verdict}")
    if unresolved:
        print("unresolved:", unresolved[:10], file=sys.stderr)
    return 0 if not broken else 1


if __name__ == "__main__":
    sys.exit(main())
