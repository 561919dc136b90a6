"""Faults at the HTTP edge: malformed and oversized requests, and PostgreSQL restarted under
streamed exports and large lists. Each function returns Checks."""
import collections
import http.client
import select
import socket
import threading
import time

from harness import ADMIN, ANSWER_BOUND, HTTP_PORT, Checks, Client, Load, Server, now, participant, scalar

LIMIT = 1 << 20  # MITREDEN_BODY_LIMIT's default
OVERSIZED = 2 << 20


def _head(method, path, headers):
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{HTTP_PORT}", f"Authorization: Bearer {participant(7)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _read_response(sock):
    """Status and whether the server closed the connection after the answer."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before an answer")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return status


def _closed_after(sock):
    """True when the server ends the connection within 2 s of its answer (no draining)."""
    sock.settimeout(2)
    try:
        while True:
            if not sock.recv(65536):
                return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def _send(path, head_headers, body=b""):
    with socket.create_connection(("127.0.0.1", HTTP_PORT), timeout=ANSWER_BOUND) as sock:
        sock.sendall(_head("POST", path, head_headers) + body)
        return _read_response(sock), None


def _oversized_length(path):
    """Announces 2 MiB and sends none of it: the answer must not wait for the body, and the
    connection must end instead of the server reading the rest."""
    with socket.create_connection(("127.0.0.1", HTTP_PORT), timeout=ANSWER_BOUND) as sock:
        sock.sendall(_head("POST", path, {"Content-Type": "application/json", "Content-Length": OVERSIZED}))
        status = _read_response(sock)
        return status, _closed_after(sock)


def _oversized_chunked(path):
    """Sends 2 MiB in 64 KiB chunks, stopping as soon as the answer is there."""
    with socket.create_connection(("127.0.0.1", HTTP_PORT), timeout=ANSWER_BOUND) as sock:
        sock.sendall(_head("POST", path, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}))
        chunk = b"%x\r\n" % 65536 + b"[" * 65536 + b"\r\n"
        try:
            for _ in range(OVERSIZED // 65536):
                if select.select([sock], [], [], 0)[0]:
                    break
                sock.sendall(chunk)
            else:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed while we were still sending: what it should do
        status = _read_response(sock)
        return status, _closed_after(sock)


def malformed(pg):
    """2,000 malformed requests of six kinds: every one 4xx, oversized ones refused without
    reading past the limit, and the server's memory does not grow with them."""
    checks = Checks("malformed")
    server = Server("malformed")
    server.start()
    proposal = scalar_text("SELECT id FROM proposals ORDER BY created_at LIMIT 1")
    path = f"/v1/proposals/{proposal}/comments"
    json_type = {"Content-Type": "application/json"}

    def sized(body, headers=json_type):
        return lambda: _send(path, dict(headers, **{"Content-Length": len(body)}), body)

    kinds = {
        "oversized": lambda: _oversized_length(path),
        "chunked": lambda: _oversized_chunked(path),
        "truncated": sized(b'{"body": "Ein Kommentar, der mitten im'),
        "nested": sized(b"[" * 10000 + b"]" * 10000),
        "utf8": sized(b'{"body": "\xff\xfe\xc3\x28 kaputt", "stance": "neutral"}'),
        "type": sized(b'{"body": "Text", "stance": "neutral"}', {"Content-Type": "text/plain"}),
    }
    names = list(kinds)
    results, lock = collections.defaultdict(list), threading.Lock()

    def run(total, workers=6):
        def work(w):
            for i in range(w, total, workers):
                name = names[i % len(names)]
                try:
                    status, closed = kinds[name]()
                except OSError as error:
                    status, closed = type(error).__name__, None
                with lock:
                    results[name].append((status, closed))
        threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    run(120)  # warm-up: the allocator's first arenas and caches are not growth
    results.clear()
    before = server.rss_kib()
    started = now()
    run(2000)
    seconds = now() - started
    time.sleep(1)
    growth = server.rss_kib() - before
    answers = [status for values in results.values() for status, _ in values]
    not_4xx = [s for s in answers if not (isinstance(s, int) and 400 <= s < 500)]
    checks.expect("requests", len(answers), len(answers) == 2000)
    checks.expect("not 4xx", len(not_4xx), not not_4xx,
                  shown=f"{len(not_4xx)} {collections.Counter(map(str, not_4xx)).most_common(3)}" if not_4xx else 0)
    for name in ("oversized", "chunked"):
        statuses = collections.Counter(s for s, _ in results[name])
        checks.expect(f"{name} 413", f"{statuses[413]}/{len(results[name])}", statuses[413] == len(results[name]))
        kept = sum(1 for _, closed in results[name] if closed is False)
        checks.expect(f"{name} kept reading", kept, kept == 0)
    checks.figure("statuses", " ".join(f"{n}={'/'.join(sorted({str(s) for s, _ in results[n]}))}" for n in names))
    checks.figure("time", f"{seconds:.1f} s")
    checks.expect("RSS growth", growth, growth < 10 * 1024, shown=f"{growth / 1024:.1f} MiB")
    checks.expect("alive", server.alive(), server.alive())
    server.sigterm()
    return checks


def scalar_text(sql):
    from harness import psql
    return psql(sql)[0][0]


def _export(results, slow):
    """Reads comments.csv slowly while `slow` is set; records how the stream ended."""
    connection = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=ANSWER_BOUND * 2)
    started = now()
    try:
        connection.connect()
        connection.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
        connection.request("GET", "/v1/campaigns/faults-dialog/exports/comments.csv",
                           headers={"Authorization": f"Bearer {ADMIN}"})
        response = connection.getresponse()
        if response.status != 200:
            results.append((str(response.status), now() - started, 0))
            response.read()
            return
        size = 0
        while True:
            chunk = response.read(4096)
            if not chunk:
                break
            size += len(chunk)
            if slow.is_set():
                time.sleep(0.05)
        results.append(("complete", now() - started, size))
    except http.client.IncompleteRead:
        results.append(("cut", now() - started, 0))
    except (OSError, http.client.HTTPException) as error:
        results.append((type(error).__name__, now() - started, 0))
    finally:
        connection.close()


def restart_streams(pg):
    """PostgreSQL restarted while four exports stream and lists are read: the process lives
    on, those requests end (cut or refused, never hanging), the next ones succeed."""
    checks = Checks("restart-streams")
    server = Server("restart-streams")
    server.start()
    slow, exports = threading.Event(), []
    slow.set()
    streams = [threading.Thread(target=_export, args=(exports, slow)) for _ in range(4)]

    def lister(client, n, i):
        return client.request("GET", f"/v1/campaigns/faults-dialog/proposals?limit=100&sort={('new', 'top')[i % 2]}")

    with Load(range(4), lister, token=lambda n: None) as lists:
        for thread in streams:
            thread.start()
        time.sleep(1.5)
        restarted = now()
        pg.stop()
        pg.start()
        up = now()
        slow.clear()
        for thread in streams:
            thread.join(timeout=ANSWER_BOUND * 3)
        time.sleep(1)
    ends = collections.Counter(kind for kind, _, _ in exports)
    checks.expect("streams ended", f"{len(exports)}/4", len(exports) == 4)
    checks.expect("cut by the restart", ends["cut"], ends["cut"] >= 1)
    checks.figure("stream ends", " ".join(f"{k}={v}" for k, v in sorted(ends.items())))
    bad = [k for k in ends if k not in ("cut", "complete", "503")]
    checks.expect("unclean ends", len(bad), not bad)
    outcomes = lists.snapshot()
    wrong = [o for o in outcomes if o.status not in (200, 503)]
    checks.expect("lists not 200/503", len(wrong), not wrong,
                  shown=f"{len(wrong)} {sorted({str(o.status or o.error) for o in wrong})}" if wrong else 0)
    checks.figure("lists 503", sum(1 for o in outcomes if o.status == 503))
    checks.figure("restart", f"{up - restarted:.1f} s")
    checks.expect("alive", server.alive(), server.alive())
    # The next ones succeed: a whole export (every published comment a row) and a list.
    comments = scalar("SELECT count(*) FROM comments WHERE moderation_status = 'published'")
    export = Client(ADMIN, timeout=ANSWER_BOUND * 4).request("GET", "/v1/campaigns/faults-dialog/exports/comments.csv")
    rows = export.body.count(b"\n") - 1 if export.status == 200 else -1
    checks.expect("next export", f"{export.status} {rows} rows", export.status == 200 and rows >= comments)
    # A stream the restart ended must not look whole: a client could not tell it was cut.
    short = [size for kind, _, size in exports if kind == "complete" and size < len(export.body)]
    checks.expect("whole-looking but short", len(short), not short)
    after = Client().request("GET", "/v1/campaigns/faults-dialog/proposals?limit=100")
    checks.expect("next list", after.status, after.status == 200)
    status, seconds = server.sigterm()
    checks.expect("sigterm exit", f"{status} in {seconds:.1f} s", status == 0 and seconds <= 10)
    return checks
