package org.televisit.attendance;

/**
 * What the audit log records about the call, beside the parties' own requests: a webhook's decision
 * ({@code CALL_WEBHOOK}, its reason the event or the refusal), a party's real change of presence
 * ({@code JOINED_CALL}, {@code LEFT_CALL}, its reason the party's role), and a no-show ({@code MARK_NO_SHOW}).
 */
enum CallAction {
    CALL_WEBHOOK, JOINED_CALL, LEFT_CALL, MARK_NO_SHOW
}
