package io.fleetml.simulator;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetRecordsTest {
    @Test
    void sameSeedAndIndexGiveTheSameRecordAsMapAndStruct() {
        FleetRecords fleet = new FleetRecords(3);
        Map<String, Object> map = fleet.paymentMap(17);
        assertEquals(map, new FleetRecords(3).paymentMap(17));
        assertNotEquals(map, fleet.paymentMap(18));
        Struct struct = fleet.paymentStruct(17);
        struct.validate();
        assertEquals(map.get("vin"), struct.getString("vin"));
        assertEquals(((Map<?, ?>) map.get("card")).get("number"), struct.getStruct("card").getString("number"));
        assertEquals(map.get("notes"), struct.getString("notes"));
    }

    @Test
    void everyPlantedPiiStringIsInTheRecord() {
        FleetRecords fleet = new FleetRecords(5);
        for (int i = 0; i < 50; i++) {
            String text = fleet.paymentMap(i).toString();
            for (String pii : fleet.plantedPii(i)) {
                assertTrue(text.contains(pii), pii + " not in record " + i);
            }
        }
    }
}
