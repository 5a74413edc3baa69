#!/usr/bin/env python3
"""Top frames of an async-profiler collapsed-stacks file (request-cost.sh COST_PROFILE=...).

    benchmarks/top-frames.py PROFILE.txt [--self] [--match REGEX] [-n 25]

Prints each frame's share of all samples: inclusive (the frame anywhere on the stack, counted
once per stack) by default, or self time with --self. --match keeps frames whose name matches,
e.g. --match 'observation|Observation' for everything Micrometer observation costs."""
import argparse
import collections
import re

parser = argparse.ArgumentParser()
parser.add_argument("profile")
parser.add_argument("--self", action="store_true", dest="self_time")
parser.add_argument("--match")
parser.add_argument("-n", type=int, default=25)
args = parser.parse_args()

totals = collections.Counter()
samples = 0
with open(args.profile) as lines:
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        count = int(count)
        samples += count
        frames = stack.split(";")
        if args.self_time:
            totals[frames[-1]] += count
        else:
            for frame in set(frames):
                totals[frame] += count

pattern = re.compile(args.match) if args.match else None
shown = 0
print(f"{samples} samples, {'self' if args.self_time else 'inclusive'}")
for frame, count in totals.most_common():
    if pattern and not pattern.search(frame):
        continue
    print(f"{100.0 * count / samples:6.1f}%  {frame[:160]}")
    shown += 1
    if shown >= args.n:
        break
