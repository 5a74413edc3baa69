package org.televisit.attendance;

import org.springframework.http.HttpStatus;
import org.televisit.web.ApiException;
import org.televisit.web.Reason;

/**
 * Why a webhook call was refused. Each refusal changes nothing and is audited. An unknown room is
 * 404; every failure to prove the sender is 401, with no hint of which check failed beyond the reason.
 */
enum WebhookRefusal implements Reason {
    WEBHOOK_NOT_CONFIGURED(HttpStatus.NOT_FOUND, "this webhook is not configured on this server"),
    WEBHOOK_UNSIGNED(HttpStatus.UNAUTHORIZED, "the call carries no usable signature"),
    WEBHOOK_SIGNATURE_INVALID(HttpStatus.UNAUTHORIZED, "the call's signature does not match"),
    WEBHOOK_TIMESTAMP_STALE(HttpStatus.UNAUTHORIZED, "the call's signature timestamp is outside the accepted tolerance"),
    WEBHOOK_SECRET_INVALID(HttpStatus.UNAUTHORIZED, "the call does not carry this webhook's shared secret"),
    UNKNOWN_ROOM(HttpStatus.NOT_FOUND, "no appointment has this room");

    private final HttpStatus status;
    private final String detail;

    WebhookRefusal(HttpStatus status, String detail) {
        this.status = status;
        this.detail = detail;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    ApiException exception() {
        return new ApiException(this, detail);
    }
}
