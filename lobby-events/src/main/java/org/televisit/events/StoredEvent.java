package org.televisit.events;

import java.time.Instant;
import java.util.Set;

/**
 * An event as committed: its {@code id} (the SSE event id; ids are assigned in commit order),
 * the users it concerns ({@code audience}: the appointment's parties, each named as the writer names
 * them; meeting-service names a party by role and sub, {@code DOCTOR:dr-alice}), and when it was written.
 */
public record StoredEvent(long id, LobbyEvent event, Set<String> audience, Instant createdAt) {
}
