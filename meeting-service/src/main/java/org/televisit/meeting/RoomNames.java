package org.televisit.meeting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.televisit.demo.DemoMode;
import org.televisit.startup.StartupFailure;

/**
 * Names Jitsi rooms: the prefix plus lowercase base32 of HMAC-SHA256(room secret, appointment id
 * and a fresh random nonce), truncated to 160 bits. A name carries no personal data, cannot be
 * derived without the secret, and is new each time a meeting is created. Outside demo mode the
 * secret must be set (at least 32 bytes); demo mode generates one and keeps it in
 * {@code ~/.televisit/room-secret}.
 */
@Component
public class RoomNames {

    static final int MIN_SECRET_BYTES = 32;
    static final int NAME_BYTES = 20;

    private static final Logger log = LoggerFactory.getLogger(RoomNames.class);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final SecretKeySpec key;
    private final String prefix;
    private final Random random;
    private final ThreadLocal<Mac> macs;

    @Autowired
    RoomNames(RoomProperties properties, Environment environment) {
        this(secret(properties, DemoMode.enabled(environment)), properties.prefix());
    }

    RoomNames(byte[] secret, String prefix) {
        this(secret, prefix, new SecureRandom());
    }

    /** With a given nonce source: tests use a seeded one to show that the name is a function of secret, id and nonce. */
    RoomNames(byte[] secret, String prefix, Random random) {
        this.random = random;
        if (prefix == null || !prefix.matches("[a-z0-9-]{0,16}")) {
            throw new StartupFailure("The room prefix must be at most 16 of a-z, 0-9 and '-'", "Fix televisit.room.prefix");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.prefix = prefix;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A fresh, unguessable room name for a meeting of this appointment. */
    public String next(UUID appointmentId) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        Mac mac = macs.get();
        mac.update(appointmentId.toString().getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) ':');
        byte[] digest = mac.doFinal(nonce);
        return prefix + base32(digest, NAME_BYTES);
    }

    static String base32(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder((length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < length; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] secret(RoomProperties properties, boolean demo) {
        String configured = properties.secret();
        if (configured != null && !configured.isBlank()) {
            byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new StartupFailure("TELEVISIT_ROOM_SECRET is " + bytes.length + " bytes long; it must be at least "
                        + MIN_SECRET_BYTES, "Set TELEVISIT_ROOM_SECRET to at least " + MIN_SECRET_BYTES + " random bytes");
            }
            return bytes;
        }
        if (!demo) {
            throw new StartupFailure("TELEVISIT_ROOM_SECRET is not set, so room names could be guessed",
                    "Set TELEVISIT_ROOM_SECRET to at least " + MIN_SECRET_BYTES + " random bytes (e.g. openssl rand -base64 48)");
        }
        return keptDemoSecret(Path.of(System.getProperty("user.home"), ".televisit", "room-secret"));
    }

    private static byte[] keptDemoSecret(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            byte[] generated = new byte[MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(generated);
            Files.createDirectories(file.getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(generated));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a non-POSIX file system keeps its default permissions
            }
            log.info("Demo mode: generated a room secret and kept it in {}", file);
            return generated;
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupFailure("Demo mode could not keep its room secret in " + file + ": " + e,
                    "Set TELEVISIT_ROOM_SECRET, or make " + file.getParent() + " writable", e);
        }
    }
}
