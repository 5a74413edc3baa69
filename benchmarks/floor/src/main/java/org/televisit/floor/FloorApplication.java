package org.televisit.floor;

import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The floor Televisit is measured against: what Spring Boot WebFlux, Netty and R2DBC PostgreSQL
 * cost by themselves at Televisit's versions, with no security, observation, audit or actuator.
 * Its routes mirror Televisit's shapes: a small JSON body, one appointment row read by primary
 * key (the same table and SQL style), and an SSE stream that opens with a comment. A benchmark
 * tool, never deployed.
 */
@SpringBootApplication
@RestController
public class FloorApplication {

    record Hello(String message) {
    }

    record AppointmentRow(UUID id, String doctorId, String patientId, String agencyId, Instant startsAt,
            int durationMinutes, String type, String status, long version) {
    }

    private final DatabaseClient db;

    FloorApplication(DatabaseClient db) {
        this.db = db;
    }

    public static void main(String[] args) {
        SpringApplication.run(FloorApplication.class, args);
    }

    @GetMapping(path = "/floor/hello", produces = "application/json")
    Mono<Hello> hello() {
        return Mono.just(new Hello("hello"));
    }

    @GetMapping(path = "/floor/appointments/{id}", produces = "application/json")
    Mono<AppointmentRow> appointment(@PathVariable UUID id) {
        return db.sql("SELECT * FROM appointment WHERE id = :id")
                .bind("id", id)
                .map(FloorApplication::row)
                .one()
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
    }

    /** Opens with a comment, as Televisit's streams do, then stays open with a heartbeat. */
    @GetMapping(path = "/floor/events", produces = "text/event-stream")
    Flux<ServerSentEvent<String>> events() {
        return Flux.concat(Mono.just(ServerSentEvent.<String>builder().comment("open").build()),
                Flux.interval(Duration.ofSeconds(15)).map(tick -> ServerSentEvent.<String>builder().comment("heartbeat").build()));
    }

    private static AppointmentRow row(Readable row) {
        return new AppointmentRow(row.get("id", UUID.class), row.get("doctor_id", String.class),
                row.get("patient_id", String.class), row.get("agency_id", String.class),
                row.get("starts_at", Instant.class), row.get("duration_minutes", Integer.class),
                row.get("type", String.class), row.get("status", String.class), row.get("version", Long.class));
    }
}
