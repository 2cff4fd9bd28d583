package io.simples.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/** Media types by file extension, from {@code mime.properties} beside this class. */
public final class MimeTypes {

    private static final String BINARY = "application/octet-stream";
    /** Extension to the full type, charset included: computed once, not per response. */
    private static final Map<String, String> BY_EXTENSION = load();

    private MimeTypes() {
    }

    /**
     * The media type for {@code type}: an extension ("json", ".json") or file name
     * ("app.js") is looked up, a value with a slash is taken as it is; text types get
     * {@code ;charset=utf-8}. Unknown extensions give {@code application/octet-stream}.
     */
    public static String of(String type) {
        if (type.indexOf('/') >= 0) {
            return type;
        }
        int dot = type.lastIndexOf('.');
        String extension = (dot >= 0 ? type.substring(dot + 1) : type).toLowerCase(Locale.ROOT);
        return BY_EXTENSION.getOrDefault(extension, BINARY);
    }

    private static boolean isText(String media) {
        return media.startsWith("text/") || media.equals("application/json") || media.equals("application/xml")
                || media.endsWith("+xml") || media.endsWith("+json");
    }

    private static Map<String, String> load() {
        Properties properties = new Properties();
        try (InputStream in = MimeTypes.class.getResourceAsStream("mime.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("mime.properties is missing from the jar", e));
        }
        return properties.stringPropertyNames().stream()
                .collect(Collectors.toUnmodifiableMap(name -> name, name -> withCharset(properties.getProperty(name))));
    }

    private static String withCharset(String media) {
        return isText(media) ? media + ";charset=utf-8" : media;
    }
}
