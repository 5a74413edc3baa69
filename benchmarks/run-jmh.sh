#!/usr/bin/env bash
# Runs the JMH benchmarks (room names, token minting per provider). Extra arguments go to JMH,
# e.g. `benchmarks/run-jmh.sh -t 2` for two threads. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl benchmarks -am package -DskipTests
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main "$@"
