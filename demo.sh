#!/usr/bin/env bash
# The main job, on loopback with no cloud account: builds the plugin bundle and the trainer, starts Kafka, 2 Connect
# workers, HiveMQ, the Pub/Sub emulator (where installed) and the GCS emulator, POSTs config-examples/local/*.json,
# and runs a simulated fleet through PiiMask -> FraudScore -> GCS; trains a model from that data and scores live fraud.
#   ./demo.sh [--duration 100s] [--vehicles 200] [--fraud-rate 0.02]
# Ctrl-C stops everything. Nothing is installed into ~/.m2: the demo runs from the reactor's build output.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests package -pl connect-bundle,autoencoder-trainer,fleetml-testkit -am
mkdir -p target
mvn -B -q -pl fleetml-testkit dependency:build-classpath -Dmdep.outputFile="$PWD/target/fleet-demo-classpath.txt"
exec java -cp "fleetml-testkit/target/classes:$(cat target/fleet-demo-classpath.txt)" \
  io.fleetml.testkit.demo.FleetDemo "$@"
