package io.fleetml.connect.common.payload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a source connector turns a message payload into a record value, shared by every source so that
 * {@code payload.format} means the same thing everywhere: {@code bytes} byte for byte, {@code string} strict UTF-8,
 * {@code json} a schemaless map (or list, or scalar) that SMTs such as PiiMask can work on field by field.
 */
public enum PayloadFormat {
    BYTES(Schema.BYTES_SCHEMA),
    STRING(Schema.STRING_SCHEMA),
    JSON(null);

    /** The values of a {@code payload.format} setting. */
    public static final List<String> NAMES = Arrays.stream(values()).map(PayloadFormat::configName).toList();
    public static final String DOC = "How the payload becomes the record value: bytes (byte for byte, BYTES schema), string "
            + "(strict UTF-8, STRING schema) or json (parsed into a schemaless map for SMTs such as PiiMask; integers "
            + "become longs). A payload that does not parse goes to errors.topic, or fails the task without it.";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Schema schema;

    PayloadFormat(Schema schema) {
        this.schema = schema;
    }

    public static PayloadFormat of(String configName) {
        return valueOf(configName.trim().toUpperCase(Locale.ROOT));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value schema of records in this format; null for json, whose values are schemaless. */
    public Schema schema() {
        return schema;
    }

    /** The record value; the rejection names the position of the fault, never the payload's content. */
    public Object parse(byte[] payload) throws RecordRejected {
        return switch (this) {
            case BYTES -> payload;
            case STRING -> utf8(payload);
            case JSON -> json(payload);
        };
    }

    private static String utf8(byte[] payload) throws RecordRejected {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            throw new RecordRejected(RecordRejected.INVALID_PAYLOAD, "payload is not valid UTF-8 (near byte " + in.position() + ")");
        }
    }

    private static Object json(byte[] payload) throws RecordRejected {
        try {
            return MAPPER.readValue(payload, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new RecordRejected(RecordRejected.INVALID_PAYLOAD, "payload is not valid JSON" + where);
        } catch (IOException e) {
            throw new RecordRejected(RecordRejected.INVALID_PAYLOAD, "payload is not valid JSON");
        }
    }
}
