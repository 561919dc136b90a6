"""What the fault tests (Tests/Faults) and the cluster test (Tests/Cluster) share: a
keep-alive HTTP client that records each request's outcome, and psql as the schema's owner."""
import http.client
import json
import subprocess
import time


def now():
    return time.monotonic()


def psql(psql_path, url, sql):
    """Runs SQL and returns the rows as lists of strings."""
    out = subprocess.run([psql_path, url, "-v", "ON_ERROR_STOP=1", "-qAtF", "\t", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


class Outcome:
    """One request: when it was sent and answered, its status (None: no answer)."""
    __slots__ = ("started", "sent", "ended", "status", "body", "error")

    def __init__(self, started):
        self.started, self.sent, self.ended = started, None, None
        self.status, self.body, self.error = None, b"", None

    @property
    def seconds(self):
        return self.ended - self.started

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300


class Client:
    """A keep-alive HTTP/1.1 connection to 127.0.0.1:port, reopened after any failure."""

    def __init__(self, port, token=None, timeout=30):
        self.port, self.token, self.timeout, self.connection = int(port), token, timeout, None

    def request(self, method, path, body=None, headers=None):
        outcome = Outcome(now())
        all_headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if body is not None:
            all_headers["Content-Type"] = "application/json"
            body = json.dumps(body).encode()
        all_headers.update(headers or {})
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.connection.request(method, path, body=body, headers=all_headers)
            outcome.sent = now()
            response = self.connection.getresponse()
            outcome.body = response.read()
            outcome.status = response.status
            if response.getheader("Connection", "").lower() == "close":
                self.close()
        except (OSError, http.client.HTTPException) as error:
            outcome.error = type(error).__name__
            self.close()
        outcome.ended = now()
        return outcome

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None
