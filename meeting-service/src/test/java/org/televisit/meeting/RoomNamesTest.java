package org.televisit.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.televisit.startup.StartupFailure;

class RoomNamesTest {

    private final RoomNames rooms = new RoomNames("a-room-secret-of-at-least-32-bytes-long!".getBytes(StandardCharsets.UTF_8), "tv");

    @Test
    void aRoomNameIsThePrefixAndOneHundredSixtyBitsOfLowercaseBase32() {
        assertThat(rooms.next(UUID.randomUUID())).matches("tv[a-z2-7]{32}");
    }

    @Test
    void everyMeetingGetsANewNameEvenForTheSameAppointment() {
        UUID appointment = UUID.randomUUID();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(rooms.next(i % 2 == 0 ? appointment : UUID.randomUUID()));
        }
        assertThat(names).hasSize(1000);
    }

    @Test
    void theNameIsAKeyedHashOfTheAppointmentAndTheNonce() {
        byte[] secret = "a-room-secret-of-at-least-32-bytes-long!".getBytes(StandardCharsets.UTF_8);
        UUID appointment = UUID.randomUUID();
        String name = new RoomNames(secret, "tv", new Random(42)).next(appointment);

        assertThat(new RoomNames(secret, "tv", new Random(42)).next(appointment)).isEqualTo(name);
        assertThat(new RoomNames(secret, "tv", new Random(42)).next(UUID.randomUUID())).isNotEqualTo(name);
        assertThat(new RoomNames(secret, "tv", new Random(43)).next(appointment)).isNotEqualTo(name);
        assertThat(new RoomNames("another-room-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8), "tv", new Random(42))
                .next(appointment)).isNotEqualTo(name);
    }

    @Test
    void base32FollowsRfc4648() {
        assertThat(RoomNames.base32("foobar".getBytes(StandardCharsets.US_ASCII), 6)).isEqualTo("mzxw6ytboi");
        assertThat(RoomNames.base32("fooba".getBytes(StandardCharsets.US_ASCII), 5)).isEqualTo("mzxw6ytb");
        assertThat(RoomNames.base32("f".getBytes(StandardCharsets.US_ASCII), 1)).isEqualTo("my");
    }

    @Test
    void outsideDemoModeAMissingOrShortSecretStopsStartUp() {
        MockEnvironment production = new MockEnvironment().withProperty("televisit.demo", "false");
        assertThatThrownBy(() -> new RoomNames(new RoomProperties(null, "tv"), production))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("TELEVISIT_ROOM_SECRET is not set");
        assertThatThrownBy(() -> new RoomNames(new RoomProperties("too-short", "tv"), production))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("TELEVISIT_ROOM_SECRET is 9 bytes");
    }
}
