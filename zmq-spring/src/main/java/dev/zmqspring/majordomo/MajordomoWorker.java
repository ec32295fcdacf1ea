package dev.zmqspring.majordomo;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;

/**
 * One Majordomo worker (Guide ch.4 "mdwrkapi", spec 7/MDP worker side) as an actor behavior: a
 * {@link MajordomoWorkerConnection} on its own thread (the actor's timer is the connection's
 * heartbeat and reconnect timer, as for every heartbeating worker). {@link MajordomoWorkerProtocol} creates these
 * for {@code @ZmqWorker(service = ...)} methods; applications can also run one directly:
 *
 * <pre class="code">
 * ZmqActor actor = new ZmqActor("echo-worker", socketFactory,
 *         workerProtocol.createWorker(definition, (request) -&gt; request));
 * actor.start(Duration.ofSeconds(5));
 * </pre>
 */
public final class MajordomoWorker implements ZmqActorBehavior {

	private final MajordomoWorkerConnection connection;

	private final ZmqCounters counters;

	/**
	 * Creates the behavior.
	 * @param connection the worker connection it runs
	 * @param counters the counters the connection writes
	 */
	public MajordomoWorker(MajordomoWorkerConnection connection, ZmqCounters counters) {
		this.connection = connection;
		this.counters = counters;
	}

	/** The service this worker serves. */
	public String getService() {
		return this.connection.service();
	}

	/** Message and handler counters of this worker. */
	public ZmqCounters getCounters() {
		return this.counters;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.connection.heartbeating().open(loop);
	}

	@Override
	public long nextTimerMillis() {
		return this.connection.heartbeating().nextTimerMillis();
	}

	@Override
	public void onTimer(long now) {
		this.connection.heartbeating().onTimer(now);
	}

	@Override
	public void onStop() {
		this.connection.disconnect();
	}

}
