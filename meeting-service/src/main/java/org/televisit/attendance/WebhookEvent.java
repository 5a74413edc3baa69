package org.televisit.attendance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.televisit.web.ApiException;
import org.televisit.web.FreeText;
import org.televisit.web.ProblemReason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Televisit reads from a video service's webhook call, and nothing more: the sender, its
 * delivery key, the kind of event, the room, the participant's user id (the {@code context.user.id}
 * Televisit put in its Jitsi token) and display name, and the event's own time. E-mail addresses,
 * Jitsi ids and the rest of the payload are never kept.
 */
record WebhookEvent(String sender, String key, Kind kind, String type, String room, String userId, String name, Instant at,
        String connection) {

    static final String JAAS = "jaas";
    static final String PROSODY = "prosody";

    enum Kind {
        ROOM_CREATED, JOINED, LEFT, ROOM_DESTROYED, OTHER
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * An 8x8 JaaS webhook (developer.8x8.com/jaas/docs/webhooks-payload): {@code idempotencyKey},
     * {@code eventType}, {@code timestamp} (Unix milliseconds), {@code fqn} ({@code <appId>/<room>}),
     * and for participants {@code data.id} and {@code data.name}. {@code appId} is the tenant the room
     * must be under when one is configured ({@code null}: any).
     */
    static WebhookEvent jaas(byte[] body, String tenant) {
        JsonNode root = parse(body);
        String key = text(root, "idempotencyKey", true);
        if (key.length() > 200) {
            throw invalid("idempotencyKey", "idempotencyKey: at most 200 characters");
        }
        String type = text(root, "eventType", true);
        Kind kind = switch (type) {
            case "ROOM_CREATED" -> Kind.ROOM_CREATED;
            case "PARTICIPANT_JOINED" -> Kind.JOINED;
            case "PARTICIPANT_LEFT" -> Kind.LEFT;
            case "ROOM_DESTROYED" -> Kind.ROOM_DESTROYED;
            default -> Kind.OTHER;
        };
        Instant at = instant(root.path("timestamp"), "timestamp", true);
        String fqn = text(root, "fqn", true);
        int slash = fqn.lastIndexOf('/');
        String appId = slash < 0 ? "" : fqn.substring(0, slash);
        String room = tenant == null || tenant.isBlank() || tenant.equals(appId) ? fqn.substring(slash + 1) : null;
        JsonNode data = root.path("data");
        return new WebhookEvent(JAAS, key, kind, type, room, text(data, "id", false), name(text(data, "name", false)), at,
                connection(data.path("participantJid").asString(data.path("participantId").asString(""))));
    }

    /**
     * jitsi-contrib's Prosody event-sync component (prosody-plugins/event_sync): {@code event_name}
     * ({@code muc-occupant-joined}, {@code muc-occupant-left}, {@code muc-room-created},
     * {@code muc-room-destroyed}), {@code room_name}, and for occupants {@code occupant.id},
     * {@code occupant.name}, {@code occupant.joined_at} / {@code occupant.left_at} (Unix seconds);
     * {@code created_at} / {@code destroyed_at} for rooms. It sends no delivery key: the key is a
     * digest of what identifies the event, so a retried call is a duplicate.
     */
    static WebhookEvent prosody(byte[] body) {
        JsonNode root = parse(body);
        String type = text(root, "event_name", true);
        String room = text(root, "room_name", true);
        JsonNode occupant = root.path("occupant");
        Kind kind;
        Instant at;
        switch (type) {
            case "muc-occupant-joined" -> {
                kind = Kind.JOINED;
                at = seconds(occupant.path("joined_at"), "occupant.joined_at");
            }
            case "muc-occupant-left" -> {
                kind = Kind.LEFT;
                at = seconds(occupant.path("left_at"), "occupant.left_at");
            }
            case "muc-room-created" -> {
                kind = Kind.ROOM_CREATED;
                at = seconds(root.path("created_at"), "created_at");
            }
            case "muc-room-destroyed" -> {
                kind = Kind.ROOM_DESTROYED;
                at = seconds(root.path("destroyed_at"), "destroyed_at");
            }
            default -> {
                kind = Kind.OTHER;
                at = null;
            }
        }
        String key = digest(type, room, root.path("room_jid").asString(""), root.path("breakout_room_id").asString(""),
                occupant.path("occupant_jid").asString(""), String.valueOf(at == null ? "" : at.getEpochSecond()));
        return new WebhookEvent(PROSODY, key, kind, type, room, text(occupant, "id", false), name(text(occupant, "name", false)), at,
                connection(occupant.path("occupant_jid").asString("")));
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(ProblemReason.MALFORMED_JSON, "the body must be a JSON object");
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new ApiException(ProblemReason.MALFORMED_JSON, "the body must be a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new ApiException(ProblemReason.MALFORMED_JSON, "the body is not well-formed JSON");
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.path(field);
        if (value.isString() && !value.stringValue().isEmpty()) {
            return value.stringValue();
        }
        if (required || !(value.isMissingNode() || value.isNull() || value.isString())) {
            throw invalid(field, field + ": must be a non-empty string");
        }
        return null;
    }

    private static Instant instant(JsonNode value, String field, boolean millis) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(field, field + ": must be a whole number (Unix " + (millis ? "milliseconds" : "seconds") + ")");
        }
        long number = value.longValue();
        Instant at;
        try {
            at = millis ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
        } catch (java.time.DateTimeException e) {
            at = null;
        }
        if (at == null || at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw invalid(field, field + ": not a time this server accepts");
        }
        return at;
    }

    private static Instant seconds(JsonNode value, String field) {
        return instant(value, field, false);
    }

    /** A display name as the token gave it, if it keeps the free-text rule; else none (it is only shown, never trusted). */
    private static String name(String name) {
        return name == null || FreeText.Rule.problem(name, 200, FreeText.Kind.LINE).isPresent() ? "" : name;
    }

    private static ApiException invalid(String field, String detail) {
        return new ApiException(ProblemReason.INVALID_VALUE, detail, Map.of("field", field));
    }

    /** A connection's key: a digest of the video service's id for it (never the id), or '' when it sent none. */
    private static String connection(String jitsiId) {
        return jitsiId.isEmpty() ? "" : digest(jitsiId).substring(0, 32);
    }

    private static String digest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
