package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generalizes coordinates: single numbers, {@code "lat,lon"} strings, or objects that hold a lat/lon pair, where every
 * coordinate field of the object (lat, latitude, lon, lng, long, longitude in any case) is generalized.
 */
final class GeoAction extends ElementwiseAction {
    /** Which coordinate a field holds, by its name in any case. */
    private enum Axis {
        LATITUDE, LONGITUDE;

        private static final List<String> LATITUDE_NAMES = List.of("lat", "latitude");
        private static final List<String> LONGITUDE_NAMES = List.of("lon", "lng", "long", "longitude");

        static Axis of(String name) {
            return matches(LATITUDE_NAMES, name) ? LATITUDE : matches(LONGITUDE_NAMES, name) ? LONGITUDE : null;
        }

        private static boolean matches(List<String> names, String name) {
            for (String candidate : names) {
                if (candidate.equalsIgnoreCase(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final GeoGeneralizer geo;
    private final PiiMaskMetrics.Counter generalized;

    GeoAction(GeoGeneralizer geo, PiiMaskMetrics.Counter generalized) {
        this.geo = geo;
        this.generalized = generalized;
    }

    @Override
    public String configKey() {
        return PiiMaskConfig.GEO_FIELDS_CONFIG;
    }

    @Override
    ValuePlan planValue(Schema schema, String path) {
        switch (schema.type()) {
            case FLOAT64:
                requireDecimals(path);
                return ValuePlan.of(schema, value -> coordinate((Double) value));
            case FLOAT32:
                requireDecimals(path);
                return ValuePlan.of(schema, value -> (float) coordinate((Float) value));
            case STRING:
                return ValuePlan.of(schema, value -> text((String) value, path));
            case STRUCT:
                return planPair(schema, path);
            default:
                throw unsupported(path, schema.type());
        }
    }

    /** Every coordinate field of the Struct is generalized: a second pair or a stray latitude is as telling as the first. */
    private ValuePlan planPair(Schema schema, String path) {
        List<Field> coordinates = new ArrayList<>();
        List<Axis> axes = new ArrayList<>();
        boolean lat = false;
        boolean lon = false;
        for (Field field : schema.fields()) {
            Axis axis = Axis.of(field.name());
            if (axis == null) {
                continue;
            }
            Schema.Type type = field.schema().type();
            if (type != Schema.Type.FLOAT64 && type != Schema.Type.FLOAT32) {
                throw new MaskException(path, configKey(), "coordinate field '" + field.name() + "' is " + type
                        + "; only FLOAT64 and FLOAT32 coordinates can be generalized");
            }
            lat |= axis == Axis.LATITUDE;
            lon |= axis == Axis.LONGITUDE;
            coordinates.add(field);
            axes.add(axis);
        }
        if (!lat || !lon) {
            throw new MaskException(path, configKey(), "a Struct needs FLOAT64 or FLOAT32 fields lat/latitude and lon/lng/long/longitude");
        }
        return ValuePlan.of(schema, value -> {
            Struct in = (Struct) value;
            Struct out = new Struct(schema);
            for (Field field : schema.fields()) {
                out.put(field, in.get(field));
            }
            generalized.add(1);
            for (int i = 0; i < coordinates.size(); i++) {
                Field field = coordinates.get(i);
                Number coordinate = (Number) in.get(field);
                if (coordinate != null) {
                    double cell = generalize(axes.get(i), coordinate.doubleValue());
                    out.put(field, field.schema().type() == Schema.Type.FLOAT32 ? (Object) (float) cell : cell);
                }
            }
            return out;
        });
    }

    @Override
    Object maskValue(Object value, String path) {
        if (value instanceof Double d) {
            requireDecimals(path);
            return coordinate(d);
        }
        if (value instanceof Float f) {
            requireDecimals(path);
            return (float) coordinate(f);
        }
        if (value instanceof String s) {
            return text(s, path);
        }
        if (value instanceof Map<?, ?> map) {
            return pair(map, path);
        }
        if (value instanceof Struct struct) {
            return planPair(struct.schema(), path).apply(struct);
        }
        throw unsupported(path, typeName(value));
    }

    private Map<Object, Object> pair(Map<?, ?> map, String path) {
        boolean lat = false;
        boolean lon = false;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Axis axis = entry.getKey() instanceof String name ? Axis.of(name) : null;
            if (axis == null || entry.getValue() == null) {
                continue;
            }
            if (!(entry.getValue() instanceof Number)) {
                throw new MaskException(path, configKey(), "coordinate entry '" + entry.getKey() + "' is "
                        + typeName(entry.getValue()) + "; only numbers can be generalized");
            }
            lat |= axis == Axis.LATITUDE;
            lon |= axis == Axis.LONGITUDE;
        }
        if (!lat || !lon) {
            throw new MaskException(path, configKey(), "an object needs numeric lat/latitude and lon/lng/long/longitude entries");
        }
        Map<Object, Object> out = new HashMap<>(map);
        generalized.add(1);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Axis axis = entry.getKey() instanceof String name ? Axis.of(name) : null;
            if (axis != null && entry.getValue() instanceof Number coordinate) {
                double cell = generalize(axis, coordinate.doubleValue());
                out.put(entry.getKey(), coordinate instanceof Float ? (Object) (float) cell : cell);
            }
        }
        return out;
    }

    private double generalize(Axis axis, double coordinate) {
        return axis == Axis.LATITUDE ? geo.latitude(coordinate) : geo.longitude(coordinate);
    }

    private double coordinate(double value) {
        generalized.add(1);
        return geo.coordinate(value);
    }

    private String text(String latLon, String path) {
        String cell = geo.text(latLon);
        if (cell == null) {
            throw new MaskException(path, configKey(), "a string must read \"lat,lon\" with two decimal numbers");
        }
        generalized.add(1);
        return cell;
    }

    private void requireDecimals(String path) {
        if (geo.usesGeohash()) {
            throw new MaskException(path, configKey(), "a lone coordinate cannot be geohashed; with "
                    + PiiMaskConfig.GEO_GEOHASH_LENGTH_CONFIG + " set, name the object that holds both lat and lon");
        }
    }
}
