package io.simples.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which file names carry a content hash, and so may be cached for a year. */
class FingerprintTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "app.3f9a2c1b.js, true",
        "index-D2x1fQ8K.js, true",
        "chunk.a1b2c3d4e5f6.min.css, false",
        "vendor.0123456789abcdef.css, true",
        "app.js, false",
        "index-component.js, false",
        "app.3f9a2c1.js, false",
        "3f9a2c1b3f9a.js, false",
        "app.3f9a2c1b, false",
        "app.3f9a-2c1b.js, false",
        "app.ünïcode1.js, false",
    })
    void names(String name, boolean fingerprinted) {
        assertEquals(fingerprinted, StaticFiles.fingerprinted(name));
    }
}
