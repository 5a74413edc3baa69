package org.televisit.events;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the bus's listener, for metrics: reconnects, events delivered, overflowed subscribers, id gaps read over. */
public final class EventBusListener {

    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong overflows = new AtomicLong();
    final AtomicLong gapIds = new AtomicLong();

    public long reconnects() {
        return reconnects.get();
    }

    public long delivered() {
        return delivered.get();
    }

    public long overflows() {
        return overflows.get();
    }

    /** Ids skipped between consecutive deliveries: sequence values of rolled-back writes. */
    public long gapIds() {
        return gapIds.get();
    }
}
