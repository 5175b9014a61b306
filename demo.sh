#!/usr/bin/env bash
# The main job, on loopback with no cloud account: builds the plugin archives and the trainer, starts Kafka, 2 Connect
# workers, HiveMQ, the Pub/Sub emulator (where installed) and the GCS emulator, POSTs config-examples/local/*.json,
# and runs a simulated fleet through PiiMask -> FraudScore -> GCS; trains a fraud and a sensor-anomaly model from that
# data and scores live fraud and sensor faults.
#   ./demo.sh [--duration 100s] [--vehicles 200] [--fraud-rate 0.02]
# Ctrl-C stops everything. Nothing is installed into ~/.m2: the demo runs from the reactor's build output.
set -euo pipefail
cd "$(dirname "$0")"
# One reactor run: each module writes its own classpath (a relative outputFile is resolved per module), so the
# demo's names the other modules' jars in their target/ directories rather than anything in ~/.m2. It is skipped
# while the build output is newer than every source and pom of the modules it builds and every connector file:
# repackaging the plugin archives alone takes a minute.
stamp=fleet-demo/target/classpath.txt
built="plugin-metrics-shim fleetml-common fleet-model pii-mask-smt fraud-score-smt gcs-sink-connector
  mqtt-source-connector pubsub-source-connector autoencoder-trainer connect-bundle fleet-simulator fleetml-testkit
  fleet-demo"
if [ ! -f "$stamp" ] || [ -n "$(find pom.xml config-examples archives/pom.xml archives/*/pom.xml $(for m in $built; do echo "$m/pom.xml $m/src"; done) \
    -newer "$stamp" -type f -print -quit 2>/dev/null)" ]; then
  mvn -B -q -DskipTests -pl connect-bundle,autoencoder-trainer,fleet-demo -am \
    package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
  # The plugin leaves an unchanged classpath file alone; the stamp must say when the build last ran.
  touch "$stamp"
fi
exec java -cp "fleet-demo/target/classes:$(cat fleet-demo/target/classpath.txt)" \
  io.fleetml.demo.FleetDemo "$@"
