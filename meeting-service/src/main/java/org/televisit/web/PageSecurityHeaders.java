package org.televisit.web;

import java.net.URI;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.televisit.jitsi.Jitsi;
import reactor.core.publisher.Mono;

/**
 * A Content-Security-Policy on Televisit's own pages. They keep the user's token in session
 * storage and load Jitsi's script, so only Televisit's scripts and that one Jitsi origin may run,
 * only the Jitsi host may be framed, the pages talk to Televisit alone, and no other site may
 * frame them. (The API's JSON and the library's modules need no policy: they are not documents.)
 */
@Component
@Order(StaticAssets.ORDER - 100) // before StaticAssets, which answers pages without going further
class PageSecurityHeaders implements WebFilter {

    private final String policy;

    PageSecurityHeaders(Jitsi jitsi) {
        URI script = URI.create(jitsi.externalApiUrl());
        String scriptOrigin = script.getScheme() + "://" + script.getRawAuthority();
        this.policy = "default-src 'self'; script-src 'self' " + scriptOrigin + "; frame-src https://" + jitsi.domain()
                + " " + scriptOrigin + "; connect-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; "
                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (exchange.getRequest().getMethod() == HttpMethod.GET && (path.equals("/") || path.endsWith(".html"))
                && !path.startsWith("/swagger-ui")) {
            exchange.getResponse().getHeaders().set("Content-Security-Policy", policy);
            exchange.getResponse().getHeaders().set("Referrer-Policy", "no-referrer");
        }
        return chain.filter(exchange);
    }
}
