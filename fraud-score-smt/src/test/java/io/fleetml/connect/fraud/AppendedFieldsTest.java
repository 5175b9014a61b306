package io.fleetml.connect.fraud;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.InsertField;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppendedFieldsTest {
    private final Map<String, Object> base = new LinkedHashMap<>(Map.of("amount", 12.5));
    private final Map<String, Object> view;

    AppendedFieldsTest() {
        base.put("vin", "pseudonym");
        base.put("note", null);
        view = new AppendedFields(base, new String[] {"fraud_score", "fraud_flag"}, new Object[] {0.25, Boolean.TRUE});
    }

    @Test
    void readsAsTheBaseFollowedByTheAppendedFieldsInOrder() {
        Map<String, Object> expected = new LinkedHashMap<>(base);
        expected.put("fraud_score", 0.25);
        expected.put("fraud_flag", true);
        assertEquals(expected, view);
        assertEquals(view, expected);
        assertEquals(expected.hashCode(), view.hashCode());
        assertEquals(List.copyOf(expected.keySet()), new ArrayList<>(view.keySet()));
        assertEquals(5, view.size());
        assertEquals(0.25, view.get("fraud_score"));
        assertEquals("pseudonym", view.get("vin"));
        assertTrue(view.containsKey("note"));
        assertNull(view.get("note"));
        assertTrue(view.containsKey("fraud_flag"));
        assertFalse(view.containsKey("absent"));
        assertEquals(expected.toString(), view.toString());
    }

    @Test
    void refusesEveryChangeSoNoneReachesTheOriginalRecord() {
        assertThrows(UnsupportedOperationException.class, () -> view.put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> view.remove("vin"));
        assertThrows(UnsupportedOperationException.class, view::clear);
        assertThrows(UnsupportedOperationException.class, () -> view.entrySet().iterator().next().setValue(1));
        Iterator<Map.Entry<String, Object>> entries = view.entrySet().iterator();
        entries.next();
        assertThrows(UnsupportedOperationException.class, entries::remove);
        assertThrows(UnsupportedOperationException.class, () -> view.entrySet().stream().toList().get(4).setValue(1));
        assertEquals(3, base.size(), "the record's own map is as it was");
    }

    @Test
    void kafkasOwnTransformsCopyItAndAddTheirFields() {
        try (InsertField.Value<SourceRecord> insert = new InsertField.Value<>()) {
            insert.configure(Map.of("static.field", "region", "static.value", "eu"));
            SourceRecord out = insert.apply(new SourceRecord(null, null, "payments", 0, null, view));
            Map<?, ?> value = (Map<?, ?>) out.value();
            assertEquals("eu", value.get("region"));
            assertEquals(0.25, value.get("fraud_score"));
            assertEquals(6, value.size());
        }
    }
}
