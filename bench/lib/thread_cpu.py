#!/usr/bin/env python3
"""CPU seconds per component of a running JVM, by thread, until it exits.

Usage: thread_cpu.py PID ROWS [POSTMASTER_PID]

Samples /proc/PID/task/*/stat twice a second (a thread's last sample is what it used; threads that end keep their
last one) and maps thread ids to their full Java names with `jcmd PID Thread.print` three times in the first 15 s
and once a minute after (the kernel's names are cut at 15 characters, which makes Connect's source and sink task
threads look alike). With a postmaster
pid, also PostgreSQL's CPU over the same time: the postmaster's reaped children (backends, parallel workers) plus
its auxiliary processes. Prints one line per component with CPU seconds and microseconds per row.
"""
import os
import re
import subprocess
import sys
import time

COMPONENTS = [  # first match wins
    ("source task", r"^task-thread-.*source"),
    ("sink tasks", r"^task-thread-.*sink"),
    ("source producer", r"^kafka-producer-network-thread \| connector-producer"),
    ("Kafka broker", r"^(data-plane-kafka|kafka-|quorum-controller|group-coordinator|broker-|controller-|"
                     r"ExpirationReaper|LogDirFailureHandler|raft-|share-coordinator|transaction-)"),
    ("JIT compiler", r"Compiler ?Thre"),
    ("GC", r"^(GC Thread|G1 |VM Thread)"),
    ("verify", r"^verify-"),
    ("main (start-up, progress)", r"^main$"),
    ("Connect plugin scanning", r"^ClassGraph"),
    ("connector tasks (source and sink, not told apart)", r"^task-thread-bro$"),  # a kernel name jcmd did not resolve
]
HZ = os.sysconf("SC_CLK_TCK")


def cpu_of(stat_text):
    fields = stat_text[stat_text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def children_cpu(pid):
    """A process's own CPU plus that of its reaped children."""
    fields = open(f"/proc/{pid}/stat").read()
    fields = fields[fields.rindex(")") + 2:].split()
    return sum(int(f) for f in fields[11:15]) / HZ


def postgres_cpu(postmaster):
    total = children_cpu(postmaster)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if open(f"/proc/{entry}/stat").read().split(") ")[1].split()[1] == str(postmaster):
                    total += cpu_of(open(f"/proc/{entry}/stat").read())
            except (OSError, IndexError):
                pass
    return total


def main():
    pid, rows = sys.argv[1], int(sys.argv[2])
    postmaster = sys.argv[3] if len(sys.argv) > 3 else None
    pg_start = postgres_cpu(postmaster) if postmaster else 0
    cpu, names, last_jcmd, jcmd_calls = {}, {}, time.time(), 0
    last_pg, pg_end = 0.0, None
    while os.path.exists(f"/proc/{pid}"):
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                try:
                    stat = open(f"/proc/{pid}/task/{tid}/stat").read()
                    cpu[tid] = cpu_of(stat)
                    names.setdefault(tid, stat[stat.index("(") + 1:stat.rindex(")")])
                except OSError:
                    pass
        except OSError:
            break
        # jcmd is a JVM of its own (about half a CPU-second a call): called after start-up and then rarely, so that
        # the measurement does not slow what it measures; thread names hardly change once the tasks run.
        if time.time() - last_jcmd > (5 if jcmd_calls < 3 else 60):
            last_jcmd = time.time()
            jcmd_calls += 1
            try:
                dump = subprocess.run(["jcmd", pid, "Thread.print"], capture_output=True, text=True, timeout=10).stdout
                for name, nid in re.findall(r'^"([^"]+)".*? nid=(0x[0-9a-f]+|\d+)', dump, re.M):
                    names[str(int(nid, 16) if nid.startswith("0x") else int(nid))] = name
            except (OSError, subprocess.SubprocessError):
                pass
        if postmaster and time.time() - last_pg >= 5 and os.path.exists(f"/proc/{postmaster}"):
            last_pg = time.time()  # a scan of /proc: every 5 s is enough, PostgreSQL's work ends before the JVM's
            pg_end = postgres_cpu(postmaster)
        time.sleep(0.5)
    if postmaster and os.path.exists(f"/proc/{postmaster}"):
        pg_end = postgres_cpu(postmaster)
    totals = {}
    for tid, seconds in cpu.items():
        name = names.get(tid, "?")
        component = next((c for c, pattern in COMPONENTS if re.search(pattern, name)), "other Java threads")
        totals[component] = totals.get(component, 0) + seconds
    java = sum(totals.values())
    print(f"CPU Java total: {java:.1f} s ({java / rows * 1e6:.1f} us per row)")
    for component, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"CPU   {component}: {seconds:.1f} s ({seconds / rows * 1e6:.1f} us per row)")
    if postmaster and pg_end is not None:
        pg = pg_end - pg_start
        print(f"CPU PostgreSQL: {pg:.1f} s ({pg / rows * 1e6:.1f} us per row)")


if __name__ == "__main__":
    main()
