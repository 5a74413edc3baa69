package org.televisit.security;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.televisit.web.ProblemReason;
import org.televisit.web.ProblemWriter;
import org.televisit.web.Problems;
import reactor.core.publisher.Mono;

/**
 * Authenticates an event-stream GET by its {@code ?ticket=} ({@link StreamTickets}). Only the two
 * event-stream routes accept a ticket, and only when no Authorization header is sent; every other
 * route ignores the parameter. A ticket that is unknown, expired or already used is
 * {@code INVALID_TICKET} (401). A bearer token in the URL is never accepted.
 */
final class StreamTicketFilter {

    static final String PARAMETER = "ticket";
    static final List<String> STREAM_PATHS = List.of("/api/appointments/*/events", "/api/me/events");

    private StreamTicketFilter() {
    }

    static AuthenticationWebFilter create(StreamTickets tickets) {
        ReactiveAuthenticationManager redeem = authentication -> tickets.redeem((String) authentication.getCredentials())
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException("the stream ticket is unknown, expired or already used")))
                .map(redeemed -> new UserAuthentication(redeemed.user(), redeemed.tokenExpiresAt()));
        AuthenticationWebFilter filter = new AuthenticationWebFilter(redeem);
        ServerWebExchangeMatcher ticketRequest = new AndServerWebExchangeMatcher(
                ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, STREAM_PATHS.toArray(String[]::new)),
                exchange -> hasTicketAndNoHeader(exchange)
                        ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch());
        filter.setRequiresAuthenticationMatcher(ticketRequest);
        filter.setServerAuthenticationConverter(exchange -> Mono.justOrEmpty(
                exchange.getRequest().getQueryParams().getFirst(PARAMETER)).map(TicketCredentials::new));
        filter.setAuthenticationFailureHandler((webFilterExchange, failure) -> ProblemWriter.write(webFilterExchange.getExchange(),
                Problems.of(ProblemReason.INVALID_TICKET, failure.getMessage() + "; ask POST /api/stream-tickets for a new one")));
        return filter;
    }

    private static boolean hasTicketAndNoHeader(ServerWebExchange exchange) {
        return exchange.getRequest().getQueryParams().containsKey(PARAMETER)
                && !exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
    }

    /** The ticket as presented, before it is redeemed. */
    private static final class TicketCredentials extends AbstractAuthenticationToken {
        private final String ticket;

        TicketCredentials(String ticket) {
            super(List.of());
            this.ticket = ticket;
        }

        @Override
        public Object getCredentials() {
            return ticket;
        }

        @Override
        public Object getPrincipal() {
            return null;
        }
    }
}
