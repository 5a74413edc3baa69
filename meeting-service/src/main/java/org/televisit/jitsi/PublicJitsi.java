package org.televisit.jitsi;

import java.util.Optional;

/**
 * The public meet.jit.si service: no token at all. Whoever knows a room name can enter it,
 * which is why room names are unguessable and never shown to a party that must knock.
 */
record PublicJitsi(String domain, String externalApiUrl) implements Jitsi {

    @Override
    public JitsiProvider provider() {
        return JitsiProvider.PUBLIC;
    }

    @Override
    public String roomPath(String roomName) {
        return roomName;
    }

    @Override
    public Optional<String> token(JitsiSeat seat) {
        return Optional.empty();
    }
}
