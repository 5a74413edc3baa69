/**
 * The lobby event model and the event bus: events persisted as {@code lobby_event} rows in the
 * transaction of the change they describe, fanned out to every instance by Postgres
 * LISTEN/NOTIFY, and replayable from any event id. Reactor and R2DBC only; no Spring Web.
 */
package org.televisit.events;
