package org.televisit.meeting;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Room naming: the HMAC key ({@code TELEVISIT_ROOM_SECRET}) and a fixed prefix. */
@ConfigurationProperties("televisit.room")
public record RoomProperties(String secret, @DefaultValue("tv") String prefix) {
}
