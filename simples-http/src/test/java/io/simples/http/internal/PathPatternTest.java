package io.simples.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource(delimiter = '|', value = {
            "/users/:id | /users/42 | {id=42}",
            "/users/:id/posts/:post | /users/7/posts/hello | {id=7, post=hello}",
            "/files/* | /files/a/b/c.txt | {*=a/b/c.txt}",
            "/files/* | /files/ | {*=}",
            "/files/*.js | /files/app/main.js | {*=app/main}",
            "/:name.:ext | /report.final.pdf | {name=report.final, ext=pdf}",
            "/a/*/z | /a/b/c/z | {*=b/c}",
            "/users/:id | /users/%20x | {id=%20x}"})
    void locations_match_paths_and_capture_parameters(String location, String path, String params) {
        assertEquals(params, String.valueOf(PathPattern.compile(location).match(path)));
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @CsvSource(delimiter = '|', value = {
            "/users/:id | /users",
            "/users/:id | /users/",
            "/users/:id | /users/1/2",
            "/users/:id/posts | /users/1/post",
            "/files/* | /file",
            "/a/*/z | /a/b/c"})
    void locations_refuse_other_paths(String location, String path) {
        assertNull(PathPattern.compile(location).match(path));
    }

    @ParameterizedTest
    @CsvSource({"/users/admin,false", "/users/:id,true", "/files/*,true", "/time/12:30,false"})
    void fixed_and_dynamic_locations_are_told_apart(String location, boolean dynamic) {
        assertEquals(dynamic, PathPattern.isDynamic(location));
    }

    @ParameterizedTest
    @CsvSource({"'',admin,/admin", "/api,/v1/,/api/v1", "'',//a//b//,/a/b", "'',/,/", "/x,'',/x"})
    void locations_are_joined_and_normalized(String prefix, String location, String joined) {
        assertEquals(joined, PathPattern.join(prefix, location));
    }

    @org.junit.jupiter.api.Test
    void a_fixed_route_is_not_compiled_into_params() {
        assertEquals(Map.of(), PathPattern.compile("/users/admin").match("/users/admin"));
    }
}
