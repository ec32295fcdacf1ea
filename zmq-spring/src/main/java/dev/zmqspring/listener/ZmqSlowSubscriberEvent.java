package dev.zmqspring.listener;

import java.time.Duration;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a subscriber with a {@link ZmqSlowSubscriberPolicy} receives a message older than its
 * maximum lag (Guide ch.5, Suicidal Snail), once per episode: a new event only after the lag has
 * fallen below half the maximum again. Published on the listener's own thread, before the action.
 */
public class ZmqSlowSubscriberEvent extends ApplicationEvent {

	private final String listenerId;

	private final Duration lag;

	private final ZmqSlowSubscriberPolicy policy;

	/**
	 * Creates an event.
	 * @param source the listener container
	 * @param listenerId the listener id
	 * @param lag how old the message was when it arrived
	 * @param policy the listener's policy
	 */
	public ZmqSlowSubscriberEvent(Object source, String listenerId, Duration lag, ZmqSlowSubscriberPolicy policy) {
		super(source);
		this.listenerId = listenerId;
		this.lag = lag;
		this.policy = policy;
	}

	/** The listener id. */
	public String getListenerId() {
		return this.listenerId;
	}

	/** How old the message was when it arrived. */
	public Duration getLag() {
		return this.lag;
	}

	/** The listener's policy (its maximum lag and action). */
	public ZmqSlowSubscriberPolicy getPolicy() {
		return this.policy;
	}

}
