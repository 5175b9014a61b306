package io.fleetml.connect.pii;

import io.fleetml.connect.common.FieldPath;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Applies the configured actions to one key or value, and to the configured headers. */
final class RecordMasker {
    private static final int PLAN_CACHE_SIZE = 16;

    private final PathNode root;
    private final PiiMaskMetrics.Counter dropped;
    private final PiiMaskMetrics.Counter headersUnmasked;
    private final PiiMaskMetrics.Counter headersDropped;
    private final boolean dropUnlistedHeaders;
    private final InvalidFields invalid;
    private final MissingPaths missing;
    private final Set<String> headerNames;
    private final String keyId;
    private final String keyIdHeader;
    private final Cache<Schema, PlanEntry> plans = new SynchronizedCache<>(new LRUCache<>(PLAN_CACHE_SIZE));
    private volatile PlanEntry lastPlan;

    RecordMasker(PiiMaskConfig config, PiiMaskMetrics metrics) {
        Map<MaskAction, List<FieldPath>> rules = new LinkedHashMap<>();
        if (!config.hashPaths().isEmpty()) {
            rules.put(new HashAction(new Pseudonymizer(config.hashKey(), config.hashEncoding() == PiiMaskConfig.HashEncoding.BASE64URL), config.hashCacheSize(),
                    metrics.pseudonymized), config.hashPaths());
        }
        rules.put(new RedactAction(config.redactReplacement(), metrics.redacted), config.redactPaths());
        rules.put(new DropAction(), config.dropPaths());
        rules.put(new PartialAction(config.partialKeepLast(), config.partialMaskChar(), metrics.partiallyMasked), config.partialPaths());
        rules.put(new GeoAction(new GeoGeneralizer(config.geoDecimals(), config.geohashLength()), metrics.generalized), config.geoPaths());
        rules.put(new ScanAction(new FreeTextScanner(config.detectors(), metrics.freeTextMatches)), config.scanPaths());
        this.root = PathNode.tree(rules, config.caseInsensitive());
        this.dropped = metrics.dropped;
        this.headersUnmasked = metrics.headersUnmasked;
        this.headersDropped = metrics.headersDropped;
        this.dropUnlistedHeaders = config.unlistedHeaders() == PiiMaskConfig.UnlistedHeaders.DROP;
        this.invalid = new InvalidFields(config.onInvalidField(), metrics.droppedInvalid);
        this.missing = new MissingPaths(config.strict(), metrics.pathsMissing);
        this.headerNames = config.caseInsensitive() ? new TreeSet<>(String.CASE_INSENSITIVE_ORDER) : new HashSet<>();
        this.headerNames.addAll(config.headerNames());
        for (String header : headerNames) {
            if (!root.children.containsKey(header)) {
                throw new ConfigException(PiiMaskConfig.HEADERS_FIELDS_CONFIG, header,
                        "no configured field path starts with this header name, so nothing would be masked in it");
            }
        }
        this.keyId = config.hashPaths().isEmpty() ? null : config.hashKeyId();
        this.keyIdHeader = config.hashKeyIdHeader();
    }

    /** The fields of the record being masked that were dropped because they could not be masked. */
    InvalidFields invalid() {
        return invalid;
    }

    Object maskSchemaless(Object value) {
        try {
            return maskSchemaless(value, root);
        } catch (MaskException e) {
            if (!invalid.dropping()) {
                throw e;
            }
            invalid.dropped(e.getMessage());
            return null;
        }
    }

    /** How values of this schema are masked, or {@code null} when nothing in them is. */
    ValuePlan planFor(Schema schema) {
        // Converters hand out the same schema instance record after record; an identity check avoids hashing the schema.
        PlanEntry last = lastPlan;
        if (last != null && last.schema == schema) {
            return last.plan;
        }
        PlanEntry entry = plans.get(schema);
        if (entry == null) {
            entry = new PlanEntry(schema, SchemaPlanner.plan(schema, root, dropped, invalid, missing));
            plans.put(schema, entry);
        }
        lastPlan = entry;
        return entry.plan;
    }

    private Object maskSchemaless(Object value, PathNode node) {
        if (node.action != null) {
            return node.action.mask(value, node.path);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = null;
            for (Map.Entry<String, PathNode> child : node.children.entrySet()) {
                List<Object> keys = node.keysFor(child.getKey(), map);
                if (keys.isEmpty()) {
                    missing.absent(child.getValue());
                }
                for (Object key : keys) {
                    Object v = map.get(key);
                    if (copy == null) {
                        copy = new HashMap<>(map);
                    }
                    if (child.getValue().drops()) {
                        copy.remove(key);
                        dropped.add(1);
                    } else if (v != null) {
                        maskChild(copy, key, v, child.getValue());
                    }
                }
            }
            return copy == null ? value : copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object e : list) {
                copy.add(e == null ? null : maskSchemaless(e, node));
            }
            return copy;
        }
        if (value instanceof Struct struct) {
            ValuePlan plan = SchemaPlanner.plan(struct.schema(), node, dropped, invalid, missing);
            return plan == null ? struct : plan.apply(struct);
        }
        // A number or a string has none of the fields configured below this point.
        missing.allAbsent(node);
        return value;
    }

    /** Masks a schemaless header; one that cannot be masked is left out, or fails the record. */
    private void maskHeader(Headers out, Header header, PathNode node) {
        try {
            out.add(header.key(), maskSchemaless(header.value(), node), null);
        } catch (MaskException e) {
            if (!invalid.dropping()) {
                throw e;
            }
            invalid.dropped(e.getMessage());
        }
    }

    /** Masks one entry of a copied map; one that cannot be masked is dropped from it, or fails the record. */
    private void maskChild(Map<Object, Object> copy, Object key, Object value, PathNode node) {
        try {
            copy.put(key, maskSchemaless(value, node));
        } catch (MaskException e) {
            if (!invalid.dropping()) {
                throw e;
            }
            copy.remove(key);
            invalid.dropped(e.getMessage());
        }
    }

    /**
     * The headers to send on: the same instance when nothing in them changes. Headers that {@code headers.fields} does
     * not name (MQTT user properties, Pub/Sub attributes may hold anything) pass as they are and count as unmasked, or
     * are dropped with {@code headers.unlisted=drop}.
     */
    Headers maskHeaders(Headers headers) {
        if (keyId == null && !dropUnlistedHeaders && !touchesAny(headers)) {
            for (Header header : headers) {
                countUnmasked(header);
            }
            return headers;
        }
        ConnectHeaders out = new ConnectHeaders();
        for (Header header : headers) {
            PathNode node = headerNames.contains(header.key()) ? root.children.get(header.key()) : null;
            if (node == null && dropUnlistedHeaders && !isOwn(header)) {
                headersDropped.add(1);
            } else if (node == null) {
                countUnmasked(header);
                out.add(header);
            } else if (header.value() == null) {
                out.add(header);
            } else if (node.drops()) {
                dropped.add(1);
            } else {
                if (header.schema() == null) {
                    maskHeader(out, header, node);
                } else {
                    ValuePlan plan = SchemaPlanner.plan(header.schema(), node, dropped, invalid, missing);
                    out.add(header.key(), plan == null ? header.value() : plan.apply(header.value()),
                            plan == null ? header.schema() : plan.schema());
                }
            }
        }
        if (keyId != null) {
            out.remove(keyIdHeader);
            out.addString(keyIdHeader, keyId);
        }
        return out;
    }

    private void countUnmasked(Header header) {
        if (header.value() != null && !isOwn(header)) {
            headersUnmasked.add(1);
        }
    }

    /** PiiMask's own headers hold no personal data: they are neither counted nor dropped. */
    private boolean isOwn(Header header) {
        return header.key().equals(keyIdHeader) || header.key().equals(PiiMask.DROPPED_HEADER);
    }

    private boolean touchesAny(Headers headers) {
        if (headerNames.isEmpty()) {
            return false;
        }
        for (Header header : headers) {
            if (headerNames.contains(header.key())) {
                return true;
            }
        }
        return false;
    }

    private record PlanEntry(Schema schema, ValuePlan plan) {
    }
}
