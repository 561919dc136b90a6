"""Reads what run.sh measured and prints the table; writes results-<mode>.json."""
import glob
import json
import os
import re
import sys

work, mode, connections = sys.argv[1], sys.argv[2], int(sys.argv[3])


def millis(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(name):
    path = os.path.join(work, f"{name}.wrk")
    if not os.path.exists(path):
        return None
    text = open(path).read()
    result = {"scenario": name, "raw_errors": None}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    result["requests_per_second"] = float(m.group(1)) if m else 0.0
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M)
        result[f"p{pct}_ms"] = millis(m.group(1)) if m else None
    m = re.search(r"BENCH_NON2XX (\d+)", text)
    result["non_2xx"] = int(m.group(1)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m and result["non_2xx"] is None:
        result["non_2xx"] = int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    result["socket_errors"] = sum(int(x) for x in m.groups()) if m else 0
    m = re.search(r"server_peak_rss_kib (\d+)", text)
    result["server_peak_rss_mib"] = round(int(m.group(1)) / 1024, 1) if m else None
    m = re.search(r"(\d+) requests in", text)
    result["requests"] = int(m.group(1)) if m else 0
    if result["requests"] == 0:
        result["raw_errors"] = text[-500:]
    return result


def pgbench(name):
    path = os.path.join(work, f"{name}.pgbench")
    if not os.path.exists(path):
        return None
    text = open(path).read()
    m = re.search(r"tps = ([\d.]+)", text)
    latencies = []
    for log in glob.glob(os.path.join(work, f"pgbench_log.{name}.*")):
        for line in open(log):
            fields = line.split()
            if len(fields) >= 3 and fields[2].isdigit():
                latencies.append(int(fields[2]) / 1000)
    latencies.sort()

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 2) if latencies else None

    failed = re.search(r"number of failed transactions: (\d+)", text)
    return {"script": name, "tps": float(m.group(1)) if m else 0.0, "p50_ms": pct(0.5), "p99_ms": pct(0.99),
            "failed": int(failed.group(1)) if failed else 0, "output": None if m else text[-500:]}


def measure(name):
    path = os.path.join(work, f"{name}.measure")
    if not os.path.exists(path):
        return None
    return open(path).read().strip()


# (a) the least SQL for the same effect: the machine's limit, which the ratio is taken to.
limits = {"support": "support", "support-hot": "support-hot", "top-first": "top", "top-304": "top", "top-deep": "top"}
# (b) the service's own statements, where pgbench replays them.
service_sql = {"support": "support-service", "support-hot": "support-hot-service", "plan-submit": "plan-submit-service"}
# For top-304 the non-2xx column counts answers that were not 304 (the ETag no longer matched).
scenarios = [wrk(n) for n in ("support", "support-hot", "top-first", "top-304", "top-deep", "search", "proposal", "ballot", "comment",
                              "plan-submit", "results")]
scenarios = [s for s in scenarios if s]
bare = {n: pgbench(n) for n in ("support", "support-hot", "support-service", "support-hot-service", "top", "plan-submit-service")}

print()
print(f"Mitreden benchmark ({mode}, {connections} connections)")
header = (f"{'scenario':<13}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'sock err':>9}{'RSS MiB':>9}"
          f"{'limit tps':>11}{'ratio':>7}{'svc SQL tps':>13}{'ratio':>7}")
print(header)
print("-" * len(header))
for s in scenarios:
    limit = bare.get(limits.get(s["scenario"], ""), None)
    ratio = round(s["requests_per_second"] / limit["tps"], 2) if limit and limit["tps"] else None
    s["pgbench_tps"] = limit["tps"] if limit else None
    s["ratio_to_pgbench"] = ratio
    own = bare.get(service_sql.get(s["scenario"], ""), None)
    own_ratio = round(s["requests_per_second"] / own["tps"], 2) if own and own["tps"] else None
    s["service_sql_tps"] = own["tps"] if own else None
    s["ratio_to_service_sql"] = own_ratio

    def fmt(value, width, digits=1):
        return f"{'–' if value is None else (f'{value:.{digits}f}' if isinstance(value, float) else value):>{width}}"

    print(f"{s['scenario']:<13}{fmt(s['requests_per_second'], 10)}{fmt(s['p50_ms'], 9, 2)}{fmt(s['p99_ms'], 9, 2)}"
          f"{fmt(s['non_2xx'], 9)}{fmt(s['socket_errors'], 9)}{fmt(s['server_peak_rss_mib'], 9)}"
          f"{fmt(limit['tps'] if limit else None, 11)}{fmt(ratio, 7, 2)}{fmt(own['tps'] if own else None, 13)}{fmt(own_ratio, 7, 2)}")
print("limit: pgbench on the least SQL with the same effect; svc SQL: pgbench on the service's own statements")
print()
for name, b in bare.items():
    if b:
        print(f"pgbench {name:<12} tps {b['tps']:.1f}, p50 {b['p50_ms']} ms, p99 {b['p99_ms']} ms, failed {b['failed']}")
for name in ("seed", "results", "rules", "export", "outbox", "planner-summary", "plans-export"):
    value = measure(name)
    if value:
        print(f"\n{name}:\n{value}")

# The same scenarios through HAProxy: two instances, PgBouncer, a streaming replica.
cluster = []
for name in ("support", "top-first", "proposal", "comment"):
    through = wrk(f"cluster-{name}")
    if not through:
        continue
    one = next((s for s in scenarios if s["scenario"] == name), None)
    through["scenario"] = name
    through["one_instance_requests_per_second"] = one["requests_per_second"] if one else None
    cluster.append(through)
if cluster:
    print()
    print("through HAProxy: two instances, PgBouncer (transaction mode), anonymous reads from the replica")
    header = f"{'scenario':<13}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'sock err':>9}{'one inst.':>11}{'ratio':>7}"
    print(header)
    print("-" * len(header))
    for c in cluster:
        one = c["one_instance_requests_per_second"]
        ratio = round(c["requests_per_second"] / one, 2) if one else None
        c["ratio_to_one_instance"] = ratio
        p50 = "–" if c["p50_ms"] is None else f"{c['p50_ms']:.2f}"
        p99 = "–" if c["p99_ms"] is None else f"{c['p99_ms']:.2f}"
        print(f"{c['scenario']:<13}{c['requests_per_second']:>10.1f}{p50:>9}{p99:>9}{c['non_2xx'] or 0:>9}{c['socket_errors']:>9}"
              f"{'–' if one is None else f'{one:.1f}':>11}{'–' if ratio is None else f'{ratio:.2f}':>7}")
    pools = measure("cluster-pools")
    if pools:
        print("anonymous reads by pool: " + ", ".join(pools.split("\n")))
    print("one machine: the proxy, both instances, PgBouncer and both PostgreSQL share its cores")

result = {"mode": mode, "cluster": cluster, "connections": connections, "scenarios": scenarios, "pgbench": bare,
          "seed": measure("seed"), "results": measure("results"), "rules": measure("rules"), "export": measure("export"),
          "outbox": measure("outbox"), "planner_summary": measure("planner-summary"), "plans_export": measure("plans-export")}
path = os.path.join(work, f"results-{mode}.json")
with open(path, "w") as f:
    json.dump(result, f, indent=2)
print(f"\nwritten to {path}")
broken = [s["scenario"] for s in scenarios if s["requests"] == 0] + [f"cluster {c['scenario']}" for c in cluster if c["requests"] == 0]
if broken:
    print(f"no successful measurement for: {', '.join(broken)}", file=sys.stderr)
    sys.exit(1)
