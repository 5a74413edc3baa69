package org.televisit.jitsi;

/** Which Jitsi deployment hosts the calls ({@code TELEVISIT_JITSI_PROVIDER}: public, self-hosted, jaas). */
public enum JitsiProvider {
    PUBLIC, SELF_HOSTED, JAAS
}
