package org.televisit.jitsi;

import java.time.Instant;
import org.televisit.security.User;

/** One user's place in one room for one time span: what a Jitsi token grants. */
public record JitsiSeat(String roomName, User user, boolean moderator, Instant notBefore, Instant expiresAt) {
}
