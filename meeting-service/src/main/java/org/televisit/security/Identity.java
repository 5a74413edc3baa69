package org.televisit.security;

/**
 * Who a user is when access is decided: its {@code role} and its {@code sub} together. The same
 * sub under another role is another identity, so a token cannot take an appointment party's place
 * by naming the party's id with a different role.
 */
public record Identity(Role role, String id) {

    /** The identity as one string, as an event's audience names it: {@code ROLE:sub} (a role name holds no colon). */
    public String key() {
        return role.name() + ":" + id;
    }
}
