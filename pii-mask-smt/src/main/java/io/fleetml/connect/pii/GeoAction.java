package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Generalizes coordinates: single numbers, {@code "lat,lon"} strings, or objects that hold a lat/lon pair. */
final class GeoAction extends ElementwiseAction {
    private static final List<String> LAT_NAMES = List.of("lat", "latitude");
    private static final List<String> LON_NAMES = List.of("lon", "lng", "longitude");

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

    private ValuePlan planPair(Schema schema, String path) {
        Field lat = coordinateField(schema, LAT_NAMES);
        Field lon = coordinateField(schema, LON_NAMES);
        if (lat == null || lon == null) {
            throw new MaskException(path, configKey(), "a Struct needs FLOAT64 or FLOAT32 fields lat/latitude and lon/lng/longitude");
        }
        return ValuePlan.of(schema, value -> {
            Struct in = (Struct) value;
            Struct out = new Struct(schema);
            for (Field field : schema.fields()) {
                out.put(field, in.get(field));
            }
            generalized.add(1);
            Number latValue = (Number) in.get(lat);
            Number lonValue = (Number) in.get(lon);
            if (latValue != null && lonValue != null) {
                double[] cell = geo.pair(latValue.doubleValue(), lonValue.doubleValue());
                out.put(lat, lat.schema().type() == Schema.Type.FLOAT32 ? (Object) (float) cell[0] : cell[0]);
                out.put(lon, lon.schema().type() == Schema.Type.FLOAT32 ? (Object) (float) cell[1] : cell[1]);
            } else {
                out.put(lat, null);
                out.put(lon, null);
            }
            return out;
        });
    }

    private static Field coordinateField(Schema schema, List<String> names) {
        for (String name : names) {
            Field field = schema.field(name);
            if (field != null && (field.schema().type() == Schema.Type.FLOAT64 || field.schema().type() == Schema.Type.FLOAT32)) {
                return field;
            }
        }
        return null;
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
        Object latKey = firstKey(map, LAT_NAMES);
        Object lonKey = firstKey(map, LON_NAMES);
        if (latKey == null || lonKey == null) {
            throw new MaskException(path, configKey(), "an object needs numeric lat/latitude and lon/lng/longitude entries");
        }
        Map<Object, Object> out = new HashMap<>(map);
        generalized.add(1);
        double[] cell = geo.pair(((Number) map.get(latKey)).doubleValue(), ((Number) map.get(lonKey)).doubleValue());
        out.put(latKey, cell[0]);
        out.put(lonKey, cell[1]);
        return out;
    }

    private static Object firstKey(Map<?, ?> map, List<String> names) {
        for (String name : names) {
            if (map.get(name) instanceof Number) {
                return name;
            }
        }
        return null;
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
