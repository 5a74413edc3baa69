package org.televisit.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.televisit.security.HostOrigins;
import reactor.core.publisher.Mono;

/**
 * Serves the web client's files (the pages, their modules, {@code televisit.js}) from memory,
 * read once at start-up, on the request's own thread and ahead of the security chain, which
 * has nothing to decide for a public file. Every file carries a strong {@code ETag} and
 * {@code Last-Modified}, so a revalidation is a 304 without a body. A file asked for with its
 * content version ({@code ?v=}, which the pages put on the files they load) is immutable and cached
 * for a year; any other is {@code no-cache}: the browser keeps it but asks again each time. Nothing
 * here is personal, so nothing is {@code no-store}. A host app on an allowed origin gets the same
 * CORS answer as from the security chain; anything not found here (API docs, a mistyped name)
 * goes on down the chain as before.
 */
@Component
class StaticAssets implements WebFilter, Ordered {

    /** Before Spring Security's filter chain (order -100), after {@link RequestIds} and {@link PageSecurityHeaders}. */
    static final int ORDER = -200;
    static final String ROOT = "META-INF/resources/";
    static final CacheControl VERSIONED = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    private static final Pattern LOADED_FILE = Pattern.compile("(src|href)=\"([A-Za-z0-9_./-]+\\.(?:js|css))\"");

    private final Map<String, Asset> assets;
    private final CorsConfigurationSource hostOrigins;
    private final CorsProcessor cors = new DefaultCorsProcessor();

    StaticAssets(HostOrigins hostOrigins) {
        this.hostOrigins = hostOrigins.corsSource();
        this.assets = load(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** One file: its bytes, its headers' values, and the version that makes its URL immutable. */
    record Asset(byte[] content, MediaType type, String version, Instant lastModified) {

        String etag() {
            return "\"" + version + "\"";
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return chain.filter(exchange);
        }
        String path = request.getPath().pathWithinApplication().value();
        boolean root = path.equals("/");
        Asset asset = assets.get(root ? "index.html" : path.substring(1));
        if (asset == null) {
            return chain.filter(exchange);
        }
        DefaultHeaders.protect(exchange);
        // These answers are public and may be kept by shared caches, while a host app's copy carries
        // its CORS grant: caches must keep them apart. A refused cross-origin request is a 403.
        exchange.getResponse().getHeaders().set(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        if (!cors.process(hostOrigins.getCorsConfiguration(exchange), exchange)) {
            return exchange.getResponse().setComplete();
        }
        return serve(exchange, asset, root ? "/" : "/**");
    }

    /** Answers one file: 304 when the browser's copy is current, else the bytes (none for HEAD). */
    Mono<Void> serve(ServerWebExchange exchange, Asset asset, String pattern) {
        // http_server_requests keeps the uri tags the resource handler gave: "/" and "/**".
        ServerRequestObservationContext.findCurrent(exchange.getAttributes()).ifPresent(context -> context.setPathPattern(pattern));
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        boolean versioned = asset.version().equals(exchange.getRequest().getQueryParams().getFirst("v"));
        headers.setCacheControl(versioned ? VERSIONED : CacheControl.noCache());
        headers.setETag(asset.etag());
        headers.setLastModified(asset.lastModified());
        if (exchange.checkNotModified(asset.etag(), asset.lastModified())) {
            return response.setComplete();
        }
        headers.setContentType(asset.type());
        headers.setContentLength(asset.content().length);
        if (exchange.getRequest().getMethod() == HttpMethod.HEAD) {
            return response.setComplete();
        }
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(asset.content())));
    }

    /** Every file of the web client, found beside its {@code televisit.js} (whatever jar or folder holds it). */
    private static Map<String, Asset> load(Instant started) {
        try {
            String anchor = new ClassPathResource(ROOT + "televisit.js").getURL().toString();
            String base = anchor.substring(0, anchor.length() - "televisit.js".length());
            Map<String, Resource> found = new HashMap<>();
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(base + "**")) {
                String url = resource.getURL().toString();
                if (resource.isReadable() && url.startsWith(base) && !url.endsWith("/")) {
                    found.put(url.substring(base.length()), resource);
                }
            }
            Map<String, Asset> assets = new HashMap<>();
            found.forEach((path, resource) -> {
                if (!path.endsWith(".html")) {
                    assets.put(path, asset(path, read(resource), lastModified(resource, started)));
                }
            });
            // Pages load their own scripts and styles by version, so those are cached for good.
            found.forEach((path, resource) -> {
                if (path.endsWith(".html")) {
                    assets.put(path, asset(path, versionLinks(read(resource), assets), lastModified(resource, started)));
                }
            });
            return Map.copyOf(assets);
        } catch (IOException e) {
            throw new UncheckedIOException("the web client's files cannot be read", e);
        }
    }

    private static byte[] versionLinks(byte[] html, Map<String, Asset> assets) {
        Matcher links = LOADED_FILE.matcher(new String(html, StandardCharsets.UTF_8));
        StringBuilder page = new StringBuilder();
        while (links.find()) {
            Asset linked = assets.get(links.group(2));
            String link = linked == null ? links.group() : links.group(1) + "=\"" + links.group(2) + "?v=" + linked.version() + "\"";
            links.appendReplacement(page, Matcher.quoteReplacement(link));
        }
        links.appendTail(page);
        return page.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Asset asset(String path, byte[] content, Instant lastModified) {
        MediaType type = MediaTypeFactory.getMediaType(path).orElse(MediaType.APPLICATION_OCTET_STREAM);
        if (List.of("text", "application").contains(type.getType()) && !type.equals(MediaType.APPLICATION_OCTET_STREAM)) {
            type = new MediaType(type, StandardCharsets.UTF_8);
        }
        return new Asset(content, type, version(content), lastModified);
    }

    private static String version(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When the file was built into its jar; the start-up time where that is unknown. */
    private static Instant lastModified(Resource resource, Instant started) {
        try {
            long modified = resource.lastModified();
            return modified > 0 ? Instant.ofEpochMilli(modified).truncatedTo(ChronoUnit.SECONDS) : started;
        } catch (IOException unknown) {
            return started;
        }
    }

    private static byte[] read(Resource resource) {
        try (var in = resource.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
