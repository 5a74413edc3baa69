package org.televisit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.televisit.support.ApiTest;

/**
 * The web client's files as a browser sees them: served with validators, so a second visit costs
 * a 304 and no body; the files a page loads by version are kept for a year, anything else is
 * revalidated, and nothing public is marked no-store. Pages keep their Content-Security-Policy.
 */
class StaticAssetsTest extends ApiTest {

    private static final Pattern STYLESHEET = Pattern.compile("href=\"televisit\\.css\\?v=([0-9a-f]+)\"");
    private static final Pattern PAGE_SCRIPT = Pattern.compile("src=\"js/pages/home\\.js\\?v=([0-9a-f]+)\"");

    @Test
    void aPageLoadsItsStyleAndScriptByVersionAndThoseAreKeptForAYear() {
        String page = get("/").getResponseBody();
        String cssVersion = versionIn(page, STYLESHEET);
        String scriptVersion = versionIn(page, PAGE_SCRIPT);

        http.get().uri("/televisit.css?v=" + cssVersion).exchange().expectStatus().isOk()
                .expectHeader().cacheControl(StaticAssets.VERSIONED)
                .expectHeader().valueEquals("ETag", "\"" + cssVersion + "\"")
                .expectHeader().contentType("text/css;charset=UTF-8");
        http.get().uri("/js/pages/home.js?v=" + scriptVersion).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "max-age=31536000, public, immutable")
                .expectBody(String.class).value(script -> assertThat(script).contains("import"));
    }

    @Test
    void aFileAskedForWithoutItsCurrentVersionIsRevalidatedEachTime() {
        for (String uri : new String[] {"/televisit.css", "/televisit.css?v=0123456789abcdef", "/js/api.js", "/", "/index.html"}) {
            http.get().uri(uri).exchange().expectStatus().isOk().expectHeader().valueEquals("Cache-Control", "no-cache");
        }
    }

    @Test
    void aBrowserThatHasTheFileGetsA304WithoutABody() {
        var first = get("/js/api.js");
        String etag = first.getResponseHeaders().getETag();
        assertThat(etag).matches("\"[0-9a-f]{16}\"");
        assertThat(first.getResponseBody()).contains("export");

        http.get().uri("/js/api.js").header("If-None-Match", etag).exchange()
                .expectStatus().isNotModified()
                .expectHeader().valueEquals("ETag", etag)
                .expectBody().isEmpty();
        http.get().uri("/js/api.js").header("If-None-Match", "\"an-older-version\"").exchange()
                .expectStatus().isOk();

        String lastModified = first.getResponseHeaders().getFirst("Last-Modified");
        assertThat(lastModified).isNotNull();
        http.get().uri("/js/api.js").header("If-Modified-Since", lastModified).exchange().expectStatus().isNotModified();
        String before = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME).minusDays(1));
        http.get().uri("/js/api.js").header("If-Modified-Since", before).exchange().expectStatus().isOk();
    }

    @Test
    void pagesKeepTheirSecurityHeadersAndNothingPublicIsNoStore() {
        for (String uri : new String[] {"/", "/appointment.html"}) {
            http.get().uri(uri).exchange().expectStatus().isOk()
                    .expectHeader().contentType("text/html;charset=UTF-8")
                    .expectHeader().value("Content-Security-Policy", policy -> assertThat(policy).contains("script-src 'self'"))
                    .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                    .expectHeader().value("Cache-Control", cache -> assertThat(cache).doesNotContain("no-store"));
        }
        http.get().uri("/televisit.js").exchange().expectStatus().isOk()
                .expectHeader().doesNotExist("Content-Security-Policy")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
    }

    @Test
    void publicFilesSayTheyVaryByOriginSoThatSharedCachesKeepHostAppsApart() {
        http.get().uri("/televisit.js").exchange().expectStatus().isOk()
                .expectHeader().value("Vary", vary -> assertThat(vary).contains("Origin"))
                .expectHeader().doesNotExist("Access-Control-Allow-Origin");
        // No host app is allowed in this context: another origin gets no CORS grant.
        http.get().uri("/televisit.js").header("Origin", "https://elsewhere.example").exchange()
                .expectHeader().doesNotExist("Access-Control-Allow-Origin");
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() {
        long length = get("/televisit.js").getResponseBody().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        http.head().uri("/televisit.js").exchange().expectStatus().isOk()
                .expectHeader().contentLength(length)
                .expectBody().isEmpty();
    }

    @Test
    void whatIsNotAWebClientFileIsServedAsBefore() {
        http.get().uri("/no-such-file.js").exchange().expectStatus().isNotFound();
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
        http.post().uri("/televisit.js").exchange().expectStatus().isUnauthorized(); // as before: the chain decides
    }

    private EntityExchangeResult<String> get(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult();
    }

    private static String versionIn(String page, Pattern link) {
        Matcher found = link.matcher(page);
        assertThat(found.find()).as("the page links %s", link).isTrue();
        return found.group(1);
    }
}
