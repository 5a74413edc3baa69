package org.televisit.lobby;

public enum LobbyStatus {
    PENDING, APPROVED, REJECTED, CANCELLED, EXPIRED
}
