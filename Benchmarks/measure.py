"""Runs a command and records its wall time and peak resident memory (for run.sh)."""
import resource
import subprocess
import sys
import time

out = sys.argv[1]
start = time.monotonic()
status = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL).returncode
seconds = time.monotonic() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(out, "w") as f:
    f.write(f"status {status}\nseconds {seconds:.3f}\npeak_rss_kib {peak_kib}\n")
sys.exit(status)
