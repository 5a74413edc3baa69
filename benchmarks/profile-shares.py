#!/usr/bin/env python3
"""Where a request's CPU goes, by library, from async-profiler collapsed stacks.

    benchmarks/profile-shares.py PROFILE.txt [PROFILE.txt ...]

Reactive code runs in callbacks, so "inclusive" time says little (the rest of a request runs
under the database driver's frames once its answer arrives). Instead each sample is charged to
the library of the innermost Java frame on its stack (a JDK frame goes to its caller's library;
JIT, GC and kernel time on their own), as a share of all samples of that profile."""
import re
import sys

LIBRARIES = [
    ("Televisit (org/televisit)", r"^org/televisit/(?!floor/)"),
    ("benchmark floor (org/televisit/floor)", r"^org/televisit/floor/"),
    ("Reactor core", r"^reactor/(core|util)/"),
    ("Reactor Netty", r"^reactor/netty/"),
    ("Netty", r"^io/netty/"),
    ("R2DBC driver and pool", r"^(io/r2dbc|reactor/pool)/"),
    ("Spring Security", r"^org/springframework/security/"),
    ("Spring WebFlux and web", r"^org/springframework/(web|http)/"),
    ("Spring R2DBC (DatabaseClient)", r"^org/springframework/r2dbc/"),
    ("Spring other", r"^org/springframework/"),
    ("Nimbus JOSE/JWT", r"^com/nimbusds/"),
    ("Jackson", r"^(tools|com/fasterxml)/jackson/"),
    ("Micrometer (observation, meters, context)", r"^io/micrometer/"),
    ("SLF4J/Logback", r"^(org/slf4j|ch/qos)/"),
]
OTHER = "other Java"
SPECIAL = [("JIT compiler", r"^CompileBroker::"), ("garbage collector", r"^(G1|GCTaskThread|WorkerThread::run|ConcurrentGCThread)")]


def charge(frames):
    for name, pattern in SPECIAL:
        if any(re.search(pattern, frame) for frame in frames):
            return name
    for frame in reversed(frames):
        if "/" not in frame or frame.startswith(("java/", "jdk/", "sun/")) or frame.endswith("_[k]"):
            continue
        for name, pattern in LIBRARIES:
            if re.search(pattern, frame):
                return name
        return OTHER
    return "JDK, VM and kernel outside any library"


def shares(path):
    totals, samples = {}, 0
    with open(path) as lines:
        for line in lines:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if stack:
                name = charge(stack.split(";"))
                totals[name] = totals.get(name, 0) + int(count)
                samples += int(count)
    return samples, totals


paths = sys.argv[1:]
results = [shares(path) for path in paths]
names = [name for name, _ in SPECIAL] + [name for name, _ in LIBRARIES] + [OTHER, "JDK, VM and kernel outside any library"]
print(f"{'charged to':44}" + "".join(f"{path.rsplit('/', 1)[-1][:24]:>26}" for path in paths))
print(f"{'samples':44}" + "".join(f"{samples:>26}" for samples, _ in results))
for name in names:
    if any(totals.get(name) for _, totals in results):
        print(f"{name:44}" + "".join(f"{100.0 * totals.get(name, 0) / max(samples, 1):>25.1f}%" for samples, totals in results))
