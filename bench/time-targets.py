#!/usr/bin/env python3
"""Times issue 17's target commands as whole processes: CPU time (user + sys) and wall time, best of N, cold (each run
in a fresh temporary folder, so no store or report is reused).

    bench/time-targets.py [-n N] [--before "COMMAND…"]

Runs each command through ./parley (the published build). With --before, a second launcher (for example
"dotnet /tmp/old/parley.dll", an older build) runs the same commands, alternating run by run with ./parley, so that
both see the same machine. Each command runs once per launcher unmeasured first (warm disk cache)."""
import argparse
import os
import resource
import shlex
import shutil
import subprocess
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ktab = os.path.join(root, "tests", "fixtures", "ktab", "inputs")
flagship = os.path.join(root, "scenarios", "ukraine-2025.yaml")
# (name, arguments, issue 17's target for the CPU time of the whole process in seconds, or None)
cases = [
    ("--help", ["--help"], 0.10),
    ("validate flagship", ["validate", flagship], 0.10),
    ("smp KTAB 7x3, --no-store", ["forecast", os.path.join(ktab, "dummyData_3Dim.csv"), "--model", "smp", "--no-store"], 0.10),
    ("smp KTAB 7x3, stored", ["forecast", os.path.join(ktab, "dummyData_3Dim.csv"), "--model", "smp"], None),
    ("smp KTAB 160 actors", ["forecast", os.path.join(ktab, "dummyData-a160.csv"), "--model", "smp", "--no-store"], 0.6),
    ("smp 320 actors", ["forecast", os.path.join(root, "bench", "inputs", "generated-a320.yaml"), "--model", "smp", "--no-store"], 4.0),
    ("main job (run flagship)", ["run", flagship], 4.0),
]


def one(cmd):
    folder = tempfile.mkdtemp()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    done = subprocess.run(cmd, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.time() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(folder)
    if done.returncode != 0:
        # a failing command would look fast: stop and say why
        raise SystemExit(f"{' '.join(cmd)}: exit code {done.returncode}\n{done.stderr.decode(errors='replace')[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=3)
    parser.add_argument("--before", default=None)
    args = parser.parse_args()
    launchers = [("now", [os.path.join(root, "parley")])]
    if args.before:
        launchers.insert(0, ("before", shlex.split(args.before)))
    print(f"load average before: {os.getloadavg()[0]:.2f} (the figures mean little on a busy machine)")
    missed = 0
    for name, argv, target in cases:
        for _, launcher in launchers:
            one(launcher + argv)
        best = {label: (float("inf"), float("inf")) for label, _ in launchers}
        for _ in range(args.n):
            for label, launcher in launchers:
                cpu, wall = one(launcher + argv)
                best[label] = (min(best[label][0], cpu), min(best[label][1], wall))
        cells = "  |  ".join(f"{label}: cpu {best[label][0]:.3f} s, wall {best[label][1]:.3f} s" for label, _ in launchers)
        verdict = "" if target is None else (f"  target <= {target} s: " + ("met" if best["now"][0] <= target else "MISSED"))
        missed += target is not None and best["now"][0] > target
        print(f"{name:26s} {cells}{verdict}", flush=True)
    print(f"{missed} target(s) missed; load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
