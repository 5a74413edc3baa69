package org.televisit.security;

/**
 * The authenticated user of one request together with the client address it came from:
 * what every access decision is made about and audited with. Controllers receive it as a
 * method argument.
 */
public record Actor(User user, String clientAddress) {

    public String id() {
        return user.id();
    }

    public Role role() {
        return user.role();
    }

    public boolean is(Role role) {
        return user.role() == role;
    }
}
