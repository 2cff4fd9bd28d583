package io.simples.http;

import java.util.List;
import java.util.Map;

/**
 * The fields of an urlencoded or multipart form, repeated names kept in order, and the files of
 * a multipart one.
 */
public final class Form {

    private final Map<String, List<String>> fields;
    private final List<Upload> files;

    Form(Map<String, List<String>> fields, List<Upload> files) {
        this.fields = Map.copyOf(fields);
        this.files = List.copyOf(files);
    }

    /** The first value of field {@code name}, or null. */
    public String field(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of field {@code name}, in order; empty when there is none. */
    public List<String> fields(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /** All fields. */
    public Map<String, List<String>> fields() {
        return fields;
    }

    /** The files, in the order they came. */
    public List<Upload> files() {
        return files;
    }

    /** The first file of field {@code name}, or null. */
    public Upload file(String name) {
        return files.stream().filter(file -> file.name().equals(name)).findFirst().orElse(null);
    }
}
