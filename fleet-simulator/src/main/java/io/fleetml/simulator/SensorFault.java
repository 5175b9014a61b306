package io.fleetml.simulator;

/**
 * The sensor faults {@link TelemetrySimulator} injects (the telemetry anomalies of docs/data.md). Each changes only the signals it
 * names and moves them far enough off the normal readings that a single reading shows it; identity, time, position and
 * every other signal stay those of the normal reading.
 */
public enum SensorFault {
    /**
     * A failing cooling system: {@code coolant_temp} 20 to 35 °C above the normal reading's, drifting up and down over
     * a ten-minute cycle, and {@code engine_vibration_amplitude} 2 to 3 times the normal reading's.
     */
    COOLING_FAILURE("cooling_failure"),
    /**
     * A slow tire leak: one tire, always the same for a vehicle, 50 to 90 kPa below the mean of its other three,
     * deepening over a fifteen-minute cycle.
     */
    TIRE_LEAK("tire_leak"),
    /**
     * A failing battery: {@code battery_voltage} 11.0 to 11.8 V although the vehicle drives (normally 13.2 to 14.1 V
     * with the alternator charging) and {@code current_draw} 55 to 90 A (normally 5 to 20 A).
     */
    BATTERY_FAULT("battery_fault"),
    /** A disconnected intake air temperature sensor: {@code intake_air_temp} stuck at -40.0 °C, the value it reports. */
    STUCK_SENSOR("stuck_sensor");

    private final String label;

    SensorFault(String label) {
        this.label = label;
    }

    /** The fault's name in snake_case, as ground truth records it. */
    public String label() {
        return label;
    }
}
