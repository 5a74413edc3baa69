package org.televisit.events;

/**
 * Ends a subscriber's stream whose client did not keep up: its buffer filled. The client
 * resumes from the last event id it received and loses nothing.
 */
public class StreamOverflowException extends RuntimeException {

    private final long lastDeliveredId;

    public StreamOverflowException(int capacity, long lastDeliveredId) {
        super("the subscriber fell " + capacity + " events behind; resume from event " + lastDeliveredId, null, false, false);
        this.lastDeliveredId = lastDeliveredId;
    }

    public long lastDeliveredId() {
        return lastDeliveredId;
    }
}
