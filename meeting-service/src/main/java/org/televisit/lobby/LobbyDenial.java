package org.televisit.lobby;

import org.springframework.http.HttpStatus;
import org.televisit.web.Reason;

/** Why a knock, a decision or a cancellation was refused. */
public enum LobbyDenial implements Reason {
    KNOCK_NOT_REQUIRED(HttpStatus.FORBIDDEN),
    KNOCK_LIMIT_REACHED(HttpStatus.CONFLICT),
    REQUEST_NOT_FOUND(HttpStatus.NOT_FOUND),
    ALREADY_DECIDED(HttpStatus.CONFLICT),
    REQUEST_EXPIRED(HttpStatus.CONFLICT),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS);

    private final HttpStatus status;

    LobbyDenial(HttpStatus status) {
        this.status = status;
    }

    @Override
    public HttpStatus status() {
        return status;
    }
}
