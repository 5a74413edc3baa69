package org.televisit.security;

/** Who is calling, as the verified user token says: {@code sub}, {@code role}, {@code name}, {@code email}. */
public record User(String id, Role role, String name, String email) {
}
