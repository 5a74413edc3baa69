package org.televisit.jitsi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.televisit.security.Role;
import org.televisit.security.User;

/**
 * Jitsi token minting per provider, through the same {@link JitsiConfiguration} the service
 * uses: self-hosted (HS256 with the app secret) and JaaS (RS256 with a 2048-bit key).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenMintingBenchmark {

    @Param({"self-hosted", "jaas"})
    public String provider;

    private Jitsi jitsi;
    private JitsiSeat seat;

    @Setup
    public void setUp() throws Exception {
        JitsiProperties properties = provider.equals("jaas")
                ? new JitsiProperties(JitsiProvider.JAAS, null, null, null, "jitsi",
                        "vpaas-magic-cookie-0123456789abcdef0123456789abcdef", "bench", rsaKey(), null)
                : new JitsiProperties(JitsiProvider.SELF_HOSTED, "meet.clinic.example", "televisit",
                        "a-benchmark-app-secret-of-enough-length-0123", "jitsi", null, null, null, null);
        jitsi = new JitsiConfiguration().jitsi(properties);
        Instant now = Instant.now();
        seat = new JitsiSeat("tvabcdefghijklmnopqrstuvwxyz234567",
                new User("pat-123", Role.PATIENT, "Pat Example", "pat@example.org"), false, now, now.plus(Duration.ofHours(2)));
    }

    @Benchmark
    public String mint() {
        return jitsi.token(seat).orElseThrow();
    }

    private static Path rsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        Path file = Files.createTempFile("jaas-bench", ".pem");
        file.toFile().deleteOnExit();
        return Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n");
    }
}
