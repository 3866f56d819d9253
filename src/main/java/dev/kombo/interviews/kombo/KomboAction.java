package dev.kombo.interviews.kombo;

/** What the bundle does when Kombo answers with an error; one action per code in the policy table. */
public enum KomboAction {
    /** Transient: try the same request again with back-off, honouring Retry-After / ratelimit-reset. */
    RETRY,
    /** The integration is not ready yet (e.g. initial sync pending): give up for now, try much later. */
    DEFER,
    /** Credentials, permissions or set-up are wrong: stop this integration until a person fixes it. */
    SUSPEND,
    /** The request itself is wrong: never retry it; keep it with the reason (dead letter). */
    DEAD_LETTER,
    /** The outcome is unknown (the task timed out): check whether it was applied before sending again. */
    VERIFY
}
