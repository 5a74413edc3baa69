package org.televisit.lobby;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.televisit.security.Actor;
import reactor.core.publisher.Mono;

/** The lobby routes of DESIGN.md: knock, see the requests, decide, withdraw. */
@RestController
@RequestMapping(path = "/api/appointments/{id}/lobby/requests", produces = "application/json")
class LobbyController {

    private final LobbyService lobby;

    LobbyController(LobbyService lobby) {
        this.lobby = lobby;
    }

    /** The doctor's optional words to the requester when rejecting (checked by {@link LobbyService#reject}). */
    record Rejection(String reason) {
    }

    @PostMapping
    Mono<ResponseEntity<LobbyRequest>> knock(Actor actor, @PathVariable UUID id) {
        return lobby.knock(actor, id).map(knock -> ResponseEntity
                .status(knock.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/appointments/" + id + "/lobby/requests/" + knock.request().id()))
                .body(knock.request()));
    }

    @GetMapping
    Mono<List<LobbyRequest>> list(Actor actor, @PathVariable UUID id, @RequestParam(required = false) LobbyStatus status) {
        return lobby.list(actor, id, status);
    }

    @PostMapping("/{requestId}/approve")
    Mono<LobbyRequest> approve(Actor actor, @PathVariable UUID id, @PathVariable UUID requestId) {
        return lobby.approve(actor, id, requestId);
    }

    @PostMapping(path = "/{requestId}/reject", consumes = "application/json")
    Mono<LobbyRequest> reject(Actor actor, @PathVariable UUID id, @PathVariable UUID requestId,
            @RequestBody(required = false) Rejection rejection) {
        return lobby.reject(actor, id, requestId, rejection == null ? null : rejection.reason());
    }

    @DeleteMapping("/{requestId}")
    Mono<LobbyRequest> withdraw(Actor actor, @PathVariable UUID id, @PathVariable UUID requestId) {
        return lobby.withdraw(actor, id, requestId);
    }
}
