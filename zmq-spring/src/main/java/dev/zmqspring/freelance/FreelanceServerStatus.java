package dev.zmqspring.freelance;

/**
 * What a {@link FreelanceClient} knows of one of its servers (Guide ch.4 "Brokerless Reliability"),
 * for health and the actuator.
 *
 * @param endpoint the server's endpoint, which is also its routing identity in model 3
 * @param alive whether the server counts as alive: for the router strategy, heard from within the
 * server TTL; for the other strategies, not timed out on its last attempt
 * @param lastHeard when the server was last heard from ({@link System#currentTimeMillis()}), 0 if never
 */
public record FreelanceServerStatus(String endpoint, boolean alive, long lastHeard) {
}
