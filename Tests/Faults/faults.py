"""Runs the fault scenarios (all, or those named on the command line) and prints one line of
figures per scenario. Exit status 1 when an invariant broke. Started by Tests/Faults/run.sh,
which provides PostgreSQL, the database and the binary."""
import sys
import time

from harness import Postgres, Server
from scenarios_database import kill_postgres, kill_server, pool_exhaustion, sigterm_under_load
from scenarios_http import malformed, restart_streams

SCENARIOS = {
    "kill-postgres": kill_postgres,
    "kill-server": kill_server,
    "sigterm": sigterm_under_load,
    "malformed": malformed,
    "pool": pool_exhaustion,
    "restart-streams": restart_streams,
}


def main(names):
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        print(f"unknown scenario {', '.join(unknown)}; known: {', '.join(SCENARIOS)}", file=sys.stderr)
        return 64
    pg = Postgres()
    broken = []
    started = time.monotonic()
    for name in names or SCENARIOS:
        scenario_started = time.monotonic()
        try:
            pg.start()  # up again whatever the scenario before did
            checks = SCENARIOS[name](pg)
        except Exception as error:  # a scenario that cannot run is a failure, never a skip
            print(f"fault {name}: could not run: {type(error).__name__}: {error} — BROKEN", flush=True)
            broken.append(name)
            continue
        finally:
            Server.stop_all()
        print(checks.line() + f" [{time.monotonic() - scenario_started:.0f} s]", flush=True)
        if checks.broken:
            broken.append(name)
    print(f"faults: {len(names or SCENARIOS) - len(broken)} of {len(names or SCENARIOS)} held"
          f" in {time.monotonic() - started:.0f} s" + (f"; broken: {', '.join(broken)}" if broken else ""), flush=True)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
