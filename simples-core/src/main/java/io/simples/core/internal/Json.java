package io.simples.core.internal;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The one Jackson mapper of the server, its WebSockets and the client: {@code send(object)}, JSON bodies and envelopes. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }
}
