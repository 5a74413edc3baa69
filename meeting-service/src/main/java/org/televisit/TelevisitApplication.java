package org.televisit;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Televisit: the meeting service behind a telehealth appointment's "Join" button. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TelevisitApplication {

    public static void main(String[] args) {
        SpringApplication.run(TelevisitApplication.class, args);
    }

    /** All "now" in Televisit comes from here, so tests can stand at any minute of a join window. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
