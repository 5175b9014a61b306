#!/usr/bin/env bash
# The main job: build the plugin bundle, then run a real Connect worker on it that masks sample vehicle payments.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests install
exec mvn -B -q -pl fleetml-testkit exec:exec \
  -Dexec.executable=java \
  -Dexec.args="-cp %classpath io.fleetml.testkit.demo.PiiMaskDemo $PWD/connect-bundle/target/plugin"
