package io.fleetml.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a demo run found, stage by stage, as the summary prints it and the integration test checks it.
 *
 * @param telemetrySent          readings the vehicles published over MQTT and the broker confirmed
 * @param telemetryInKafka       records the MQTT source wrote to Kafka
 * @param telemetryInGcs         distinct readings (pseudonymized VIN and timestamp) in the training files
 * @param telemetryScored        readings in Kafka carrying an anomaly model version
 * @param telemetrySkipped       readings in Kafka that passed unscored with the skipped header
 * @param telemetryModelVersion  the anomaly model version of the last scored reading, null if none was scored
 * @param paymentsSent           payments published and confirmed
 * @param paymentsInKafka        records the payments source wrote to Kafka
 * @param paymentsInGcs          distinct payment ids in the training files
 * @param paymentsScored         payments in Kafka carrying a model version
 * @param paymentsSkipped        payments in Kafka that passed unscored with the skipped header
 * @param modelVersion           the fraud model version of the last scored payment, null if none was scored
 * @param fraud                  precision and recall of fraud_flag in phase 3
 * @param sensorFaults           precision and recall of anomaly_flag in phase 3
 * @param partitions             objects and bytes per partition path
 * @param plantedPii             how many distinct planted strings were searched for
 * @param kafkaRecords           how many Kafka records were searched
 * @param gcsObjects             how many GCS objects were searched
 * @param leaks                  planted strings found, by kind and place ("vin in Kafka"), each string counted once per place
 * @param histogram              the payments trainer's score histogram
 * @param telemetryHistogram     the telemetry trainer's score histogram
 */
public record DemoSummary(long telemetrySent, long telemetryInKafka, long telemetryInGcs,
                          long telemetryScored, long telemetrySkipped, String telemetryModelVersion,
                          long paymentsSent, long paymentsInKafka, long paymentsInGcs,
                          long paymentsScored, long paymentsSkipped, String modelVersion,
                          FlagEvaluation fraud, FlagEvaluation sensorFaults, Map<String, PartitionUsage> partitions,
                          int plantedPii, long kafkaRecords, int gcsObjects, Map<String, Integer> leaks,
                          Path histogram, Path telemetryHistogram, Duration wallTime) {

    /** Everything sent reached GCS, nothing personal leaked, and both trained models scored live records. */
    public boolean ok() {
        return telemetryInGcs == telemetrySent && paymentsInGcs == paymentsSent && leaks.isEmpty()
                && modelVersion != null && fraud.scored() > 0 && telemetryModelVersion != null && sensorFaults.scored() > 0;
    }
}
