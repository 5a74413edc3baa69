package org.televisit.web;

import org.springframework.http.HttpStatus;

/**
 * A machine-readable reason for a refusal: the {@code reason} member of every problem+json
 * body and the {@code reason} column of the audit log. Each feature keeps its own enum.
 */
public interface Reason {

    String name();

    HttpStatus status();
}
