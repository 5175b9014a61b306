package io.fleetml.it;

import io.fleetml.simulator.FleetVehicle;
import io.fleetml.simulator.PaymentSimulator;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The log check every integration test runs under finds what it must, and says where without quoting it. */
class NoPersonalDataInLogsIT {
    private static final Logger log = LoggerFactory.getLogger("io.fleetml.it.leaky");

    @Test
    void aLoggedVinOrCardIsFoundAndNamedByKindNotValue() {
        FleetVehicle vehicle = new PaymentSimulator(11, 3).vehicles().get(2);
        log.warn("rejected a message of vehicle {} paid with {}", vehicle.vin(), vehicle.cardNumber());
        log.warn("nothing personal here: vehicles/{vin}/telemetry#9f2c41d07a3be815");
        Set<String> found = NoPersonalDataInLogs.takeFindings();
        assertEquals(Set.of("card_number in a line of io.fleetml.it.leaky at WARN", "vin in a line of io.fleetml.it.leaky at WARN"),
                found);
    }
}
