package org.televisit.startup;

/**
 * Configuration that makes it unsafe or impossible to start. The message names the
 * environment variable to fix and never contains a secret's value.
 */
public class StartupFailure extends RuntimeException {

    private final String action;

    public StartupFailure(String message, String action) {
        super(message);
        this.action = action;
    }

    public StartupFailure(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
