package org.televisit.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.televisit.security.User;
import org.televisit.security.UserTokenKey;
import org.televisit.web.ApiException;
import org.televisit.web.FreeText;
import org.televisit.web.ProblemReason;

/**
 * Demo sign-in: hands out a user token for a seeded user, signed with the same key that
 * verifies tokens. This controller does not exist outside demo mode.
 */
@RestController
@Conditional(DemoMode.class)
class DemoLoginController {

    static final Duration TOKEN_LIFETIME = Duration.ofHours(8);

    private final MACSigner signer;
    private final String audience;
    private final Clock clock;

    DemoLoginController(UserTokenKey key, Clock clock) throws JOSEException {
        this.signer = new MACSigner(key.hmacKey());
        this.audience = key.audience();
        this.clock = clock;
    }

    record LoginRequest(@NotBlank @FreeText(max = User.MAX_ID_LENGTH, kind = FreeText.Kind.ID) String user) {
    }

    record LoginResponse(String token, String tokenType, Instant expiresAt, User user) {
    }

    @GetMapping(path = "/demo/users", produces = "application/json")
    List<User> users() {
        return DemoUsers.ALL;
    }

    @PostMapping(path = "/demo/login", consumes = "application/json", produces = "application/json")
    LoginResponse login(@Valid @RequestBody LoginRequest request) throws JOSEException {
        User user = DemoUsers.find(request.user()).orElseThrow(() -> ApiException.invalidField(
                ProblemReason.INVALID_VALUE, "user", "user: no demo user '" + request.user() + "'; see GET /demo/users"));
        Instant now = Instant.now(clock);
        Instant expiresAt = now.plus(TOKEN_LIFETIME);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(user.id())
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .claim("role", user.role().name())
                .claim("name", user.name());
        if (user.email() != null) {
            claims.claim("email", user.email());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(signer);
        return new LoginResponse(jwt.serialize(), "Bearer", expiresAt, user);
    }
}
