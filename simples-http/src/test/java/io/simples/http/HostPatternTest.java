package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The names a virtual host's pattern stands for. */
class HostPatternTest {

    @ParameterizedTest
    @CsvSource({"example.com,example.com,true", "*.example.com,api.example.com,true",
            "*.example.com,a.b.example.com,true", "*.example.com,.example.com,false",
            "*.example.com,example.com,false", "api-*.test,api-1.test,true", "*,anything,true"})
    void host_wildcards_stand_for_one_or_more_characters(String pattern, String name, boolean matches) {
        assertEquals(matches, ServerApplication.matches(pattern, 0, name, 0));
    }
}
