package org.televisit.database;

import io.r2dbc.spi.ConnectionFactory;

/** Connections to the application's database that bypass the pool (for LISTEN). */
public record UnpooledConnections(ConnectionFactory factory) {
}
