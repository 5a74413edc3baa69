package org.televisit.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.Set;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests refused before any controller sees them still get a problem+json answer with a reason.
 * Two places refuse them: Netty's HTTP decoder (a request line over {@code server.netty.max-initial-line-length},
 * headers over {@code server.max-http-request-header-size}, bytes that are not HTTP) and Spring
 * Security's firewall (an encoded {@code /}, {@code ..} or {@code ;} in the path, a control character
 * in a header, a method the API does not serve). Netty would answer with an empty body and Spring
 * Security with a bare 400; both are shaped here. What stays unshaped is documented in docs/operations.md.
 */
@Configuration(proxyBeanMethods = false)
class RefusedBeforeTheApplication {

    /** The methods the API and the pages serve; any other is refused by the firewall as 405. */
    static final Set<HttpMethod> SERVED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    NettyServerCustomizer problemForUndecodableRequests() {
        UndecodableRequests handler = new UndecodableRequests();
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "televisit.undecodableRequests", handler);
            }
        });
    }

    @Bean
    ServerExchangeRejectedHandler problemForFirewallRejections() {
        return (exchange, rejected) -> {
            HttpMethod method = exchange.getRequest().getMethod();
            if (!SERVED.contains(method)) {
                exchange.getResponse().getHeaders().setAllow(SERVED);
                return ProblemWriter.write(exchange, Problems.of(ProblemReason.METHOD_NOT_ALLOWED,
                        "the method " + FreeText.Rule.shown(method.name()) + " is not served here"));
            }
            return ProblemWriter.write(exchange, malformed());
        };
    }

    /** The one answer for a path or header the firewall refuses: which part, not the firewall's words. */
    static ProblemDetail malformed() {
        return Problems.of(ProblemReason.MALFORMED_REQUEST, "the request's path or a header holds characters or sequences "
                + "that are not accepted (an encoded /, \\, ; or %, a .. segment, a control character)");
    }

    /**
     * Answers a request Netty's decoder could not read with a problem, instead of Reactor Netty's empty
     * 400/414/431, and closes the connection (what followed on it cannot be trusted to be a request).
     */
    @ChannelHandler.Sharable
    static final class UndecodableRequests extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpRequest request) || !request.decoderResult().isFailure()) {
                ctx.fireChannelRead(msg);
                return;
            }
            Throwable cause = request.decoderResult().cause();
            ReferenceCountUtil.release(msg);
            ProblemDetail problem = cause instanceof TooLongHttpLineException
                    ? Problems.of(ProblemReason.URI_TOO_LONG, "the request line (method, path and query) is longer than this server reads")
                    : cause instanceof TooLongHttpHeaderException
                    ? Problems.of(ProblemReason.HEADERS_TOO_LARGE, "the request's headers are larger than this server reads")
                    : Problems.of(ProblemReason.MALFORMED_REQUEST, "the request is not well-formed HTTP "
                            + "(a control character in a header, a malformed request line or header)");
            ctx.writeAndFlush(response(problem)).addListener(ChannelFutureListener.CLOSE);
        }

        private static FullHttpResponse response(ProblemDetail problem) {
            // The request line could not be read, so there is no path to name as the instance.
            byte[] json = JSON.writeValueAsBytes(ProblemWriter.body(problem, null));
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(problem.getStatus()), Unpooled.wrappedBuffer(json));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .set(HttpHeaders.CACHE_CONTROL, "no-store")
                    .set("X-Content-Type-Options", "nosniff");
            return response;
        }
    }
}
