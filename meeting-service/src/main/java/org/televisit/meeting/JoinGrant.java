package org.televisit.meeting;

import java.time.Instant;
import java.util.Map;

/**
 * Everything a browser needs to enter the call: the External API script and host, the room as
 * that API names it, the token (none on the public server), and the {@code options} object to
 * pass to {@code new JitsiMeetExternalAPI(domain, options)}.
 */
record JoinGrant(
        String provider,
        String domain,
        String roomName,
        String jwt,
        String externalApiUrl,
        String displayName,
        boolean moderator,
        Instant expiresAt,
        Map<String, Object> options) {
}
