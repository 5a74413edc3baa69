package org.televisit.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stable JSON form of {@link LobbyEvent}s: what is stored, streamed and parsed by clients. */
public final class EventJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<Class<?>, String> TYPES = Arrays.stream(LobbyEvent.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    private EventJson() {
    }

    public static String write(LobbyEvent event) {
        return JSON.writerFor(LobbyEvent.class).writeValueAsString(event);
    }

    /** The same JSON as a tree, for transports that encode it themselves (JSON or CBOR). */
    public static JsonNode tree(LobbyEvent event) {
        return JSON.readTree(write(event));
    }

    public static LobbyEvent read(String json) {
        return JSON.readValue(json, LobbyEvent.class);
    }

    static String typeOf(LobbyEvent event) {
        return TYPES.get(event.getClass());
    }
}
