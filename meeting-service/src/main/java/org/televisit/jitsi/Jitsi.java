package org.televisit.jitsi;

import java.util.Optional;

/**
 * The Jitsi deployment Televisit sends people to: where its External API script is, how a
 * room is addressed there, and the token (if any) that lets a user into one room.
 */
public sealed interface Jitsi permits PublicJitsi, SelfHostedJitsi, JaasJitsi {

    JitsiProvider provider();

    /** The host {@code JitsiMeetExternalAPI} is given. */
    String domain();

    String externalApiUrl();

    /** The room as the External API names it (JaaS prefixes the tenant). */
    String roomPath(String roomName);

    /** A token that admits exactly this seat, or empty where the deployment takes none. */
    Optional<String> token(JitsiSeat seat);
}
