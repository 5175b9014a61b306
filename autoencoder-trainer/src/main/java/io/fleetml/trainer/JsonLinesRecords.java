package io.fleetml.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** The records of a JSON Lines file as the sink writes it: one JSON value per line, {@code null} for a tombstone. */
final class JsonLinesRecords {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private JsonLinesRecords() {
    }

    /** A line that is not JSON fails with its number: the file is then not what the sink wrote. */
    static void read(InputStream in, Consumer<Object> records) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Object value;
            try {
                value = JSON.readValue(line, Object.class);
            } catch (JsonProcessingException e) {
                throw new IOException("line " + number + ": not JSON: " + e.getOriginalMessage(), e);
            }
            records.accept(value);
        }
    }
}
