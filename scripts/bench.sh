#!/usr/bin/env bash
# Runs JMH benchmarks that live in a module's src/test/java (classes named *Benchmark).
# usage: scripts/bench.sh MODULE [JMH options and benchmark regexp]
#   e.g. scripts/bench.sh guard-plugin DecisionEngineBenchmark -prof gc
set -euo pipefail
cd "$(dirname "$0")/.."
module=${1:?usage: scripts/bench.sh MODULE [JMH args...]}; shift
mvn -q -B -ntp -pl "$module" -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath -Denforcer.skip
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")"
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
