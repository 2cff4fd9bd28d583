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

    /**
     * The first value of field {@code name}, or null.
     *
     * @param name the field's name
     * @return the field's first value, or {@code null} when the form has no such field
     */
    public String field(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Every value of field {@code name}, in order; empty when there is none.
     *
     * @param name the field's name
     * @return the field's values
     */
    public List<String> fields(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /**
     * All fields.
     *
     * @return every field's values by name, in a map that cannot be changed (files left out)
     */
    public Map<String, List<String>> fields() {
        return fields;
    }

    /**
     * The files, in the order they came.
     *
     * @return the files of a multipart form; empty for an urlencoded one
     */
    public List<Upload> files() {
        return files;
    }

    /**
     * The first file of field {@code name}, or null.
     *
     * @param name the field's name
     * @return the field's first file, or {@code null} when the form has no file under that name
     */
    public Upload file(String name) {
        return files.stream().filter(file -> file.name().equals(name)).findFirst().orElse(null);
    }
}
