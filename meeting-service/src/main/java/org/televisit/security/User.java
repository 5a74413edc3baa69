package org.televisit.security;

/**
 * Who is calling, as the verified user token says: {@code sub}, {@code role}, {@code name},
 * {@code email}, and {@code picture} (an https URL of the user's avatar), the last two optional.
 */
public record User(String id, Role role, String name, String email, String avatar) {

    /** The longest user id (a token's {@code sub}, an appointment's party id), in characters. */
    public static final int MAX_ID_LENGTH = 200;

    /** The longest display name a token or a booking may give, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    public User(String id, Role role, String name, String email) {
        this(id, role, name, email, null);
    }

    /** The user's role and id together: what an appointment's parties are checked against. */
    public Identity identity() {
        return new Identity(role, id);
    }
}
