#!/usr/bin/env bash
# The main job: build the plugin bundle, then run real Connect workers on it: sample payments masked in flight, and
# vehicle telemetry from an MQTT broker through PiiMask into partitioned training files in (emulated) Cloud Storage.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests install
for demo in PiiMaskDemo PipelineDemo; do
  mvn -B -q -pl fleetml-testkit exec:exec \
    -Dexec.executable=java \
    -Dexec.args="-cp %classpath io.fleetml.testkit.demo.$demo $PWD/connect-bundle/target/plugin"
done
