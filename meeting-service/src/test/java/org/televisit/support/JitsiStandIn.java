package org.televisit.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Jitsi's host as the browser tests see it: the Jitsi video bridge cannot run on a test machine,
 * so this small HTTP server on a free loopback port serves a stand-in {@code external_api.js} that
 * records what the page gave it (room, token, name), and {@code host.html}, a clinic's own web app
 * on another origin. Both files are under {@code src/test/resources/jitsi-stand-in}. The stand-in
 * fires the IFrame API's {@code videoConferenceJoined} by itself soon after a call opens, unless a
 * test {@linkplain #holdEvents(Browser) holds} its events and {@linkplain #fire(Browser, int, String) fires} them itself.
 */
public final class JitsiStandIn implements AutoCloseable {

    private final HttpServer server;

    public JitsiStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            serve("/external_api.js", "text/javascript");
            serve("/host.html", "text/html");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * From now on, calls opened on the browser's page fire no IFrame API event by themselves (until the
     * page is loaded again): the test fires them with {@link #fire}.
     */
    public static void holdEvents(Browser browser) {
        browser.script("window.jitsiStandIn = Object.assign(window.jitsiStandIn || { calls: [] }, { autoJoin: false })");
    }

    /** Fires the IFrame API's event (e.g. {@code videoConferenceJoined}) on the page's {@code call}-th call. */
    public static void fire(Browser browser, int call, String event) {
        browser.script("window.jitsiStandIn.fire(" + call + ", '" + event + "')");
    }

    private void serve(String path, String contentType) throws IOException {
        try (InputStream resource = JitsiStandIn.class.getResourceAsStream("/jitsi-stand-in" + path)) {
            byte[] body = resource.readAllBytes();
            server.createContext(path, exchange -> {
                exchange.getResponseHeaders().add("Content-Type", contentType);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
