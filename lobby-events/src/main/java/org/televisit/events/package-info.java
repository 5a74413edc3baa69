/**
 * The lobby event model and event bus (persisted {@code lobby_event} rows, Postgres
 * LISTEN/NOTIFY fan-out between instances, replay from an event id).
 *
 * <p>Reactor and R2DBC only: nothing in this module depends on Spring Web. The bus itself
 * arrives with the push-lobby issue; the module exists now so that the build layout is final.
 */
package org.televisit.events;
