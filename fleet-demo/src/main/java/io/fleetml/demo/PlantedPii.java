package io.fleetml.demo;

import io.fleetml.simulator.FleetVehicle;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw personal data the fleet sent (VINs, driver ids, names, e-mail addresses, phone and card numbers, exact
 * positions), and a search for any of it in stored text. Lookups go by each string's first {@link #WINDOW} characters,
 * so one pass over the text finds every planted string, however many there are.
 */
public final class PlantedPii {
    /** Shorter than every planted string: the shortest are driver names such as "Mia Bauer". */
    private static final int WINDOW = 8;
    private static final String POSITION = "position";
    /** Masking keeps two decimals of a coordinate, so only more precise ones are the raw position. */
    private static final int MASKED_DECIMALS = 2;

    private final Map<String, List<String>> byPrefix = new HashMap<>();
    /** Each planted string and what it is (vin, driver_name, position, ...), to say what leaked without showing it. */
    private final Map<String, String> kinds = new HashMap<>();

    public void addVehicle(FleetVehicle vehicle) {
        add("vin", vehicle.vin());
        add("driver_id", vehicle.driverId());
        add("driver_name", vehicle.driverName());
        add("driver_email", vehicle.driverEmail());
        add("driver_phone", vehicle.driverPhone());
        add("card_number", vehicle.cardNumber());
    }

    /** The exact positions of a payment, besides the vehicle's data already planted. */
    @SuppressWarnings("unchecked")
    void addPayment(Map<String, Object> payment) {
        addLocation(((Map<String, Object>) payment.get("vehicle")).get("location"));
        addLocation(((Map<String, Object>) payment.get("merchant")).get("location"));
    }

    void addLocation(Object location) {
        if (location instanceof Map<?, ?> latLon) {
            for (Object coordinate : latLon.values()) {
                String text = coordinate.toString();
                if (BigDecimal.valueOf(((Number) coordinate).doubleValue()).stripTrailingZeros().scale() > MASKED_DECIMALS + 1
                        && text.length() >= WINDOW) {
                    add(POSITION, text);
                }
            }
        }
    }

    int size() {
        return kinds.size();
    }

    /** What kind of personal data a planted string is. */
    public String kindOf(String planted) {
        return kinds.get(planted);
    }

    /**
     * The planted strings that occur in {@code text}. A position counts only as a number of its own: its eight or nine
     * characters also turn up by chance inside longer numbers such as full-precision scores ("211.5801234…" holds
     * "11.580123"), which carry no position.
     */
    public Set<String> foundIn(CharSequence text) {
        Set<String> found = new HashSet<>();
        String s = text.toString();
        for (int i = 0; i + WINDOW <= s.length(); i++) {
            List<String> candidates = byPrefix.get(s.substring(i, i + WINDOW));
            if (candidates != null) {
                for (String candidate : candidates) {
                    boolean whole = !POSITION.equals(kinds.get(candidate)) || standsAlone(s, i, candidate.length());
                    if (whole && s.startsWith(candidate, i)) {
                        found.add(candidate);
                    }
                }
            }
        }
        return found;
    }

    private static boolean standsAlone(String s, int start, int length) {
        int end = start + length;
        return (start == 0 || !isNumberChar(s.charAt(start - 1))) && (end == s.length() || !Character.isDigit(s.charAt(end)));
    }

    private static boolean isNumberChar(char c) {
        return Character.isDigit(c) || c == '.';
    }

    private synchronized void add(String kind, String pii) {
        if (pii.length() >= WINDOW && kinds.putIfAbsent(pii, kind) == null) {
            byPrefix.computeIfAbsent(pii.substring(0, WINDOW), k -> new ArrayList<>(1)).add(pii);
        }
    }
}
