package org.televisit.events;

import java.time.Instant;
import java.util.Set;

/**
 * An event as committed: its {@code id} (the SSE event id; ids are assigned in commit order),
 * the users it concerns ({@code audience}: the appointment's parties), and when it was written.
 */
public record StoredEvent(long id, LobbyEvent event, Set<String> audience, Instant createdAt) {
}
