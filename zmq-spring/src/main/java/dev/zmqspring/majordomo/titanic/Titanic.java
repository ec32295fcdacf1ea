package dev.zmqspring.majordomo.titanic;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actor.internal.ZmqCompositeBehavior;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.majordomo.MajordomoBrokerCompanion;
import dev.zmqspring.majordomo.MajordomoWorker;
import dev.zmqspring.majordomo.MajordomoWorkerConnection;

/**
 * Titanic (Guide ch.4 "Disconnected Reliability (Titanic Pattern)", spec 9/TSP) next to a Majordomo
 * broker, on its own actor composed of five parts ({@link ZmqCompositeBehavior}): a Majordomo worker for
 * each of the three {@link TitanicServices}, the {@link TitanicExpiry} and the {@link TitanicDispatcher},
 * all sharing one {@link TitanicStore} on one thread.
 * Started and stopped by {@link dev.zmqspring.majordomo.MajordomoBroker} when
 * {@code zmq.brokers.<name>.titanic.enabled} is set.
 */
public final class Titanic implements MajordomoBrokerCompanion {

	private final ZmqActor actor;

	private final TitanicStore store;

	private final TitanicDispatcher dispatcher;

	private final TitanicServices services;

	private final TitanicExpiry expiry;

	private final Duration requestExpiry;

	private final ZmqCounters counters = new ZmqCounters();

	/**
	 * How long a request nobody closes is kept by default: a day, long enough for a client that is
	 * away overnight to come back for its reply, short enough that a day's orphans bound the store.
	 */
	public static final Duration DEFAULT_REQUEST_EXPIRY = Duration.ofHours(24);

	/**
	 * Creates Titanic for a broker, keeping requests nobody closes for {@link #DEFAULT_REQUEST_EXPIRY}.
	 * @param brokerName the broker's name (for the thread name)
	 * @param factory the socket factory
	 * @param directory where requests and replies are stored
	 * @param broker where the broker is reachable (its inproc endpoint)
	 * @param heartbeat the broker's heartbeat interval
	 * @param liveness the broker's heartbeat liveness
	 */
	public Titanic(String brokerName, ZmqSocketFactory factory, Path directory, List<ZmqEndpoint> broker,
			Duration heartbeat, int liveness) {
		this(brokerName, factory, directory, broker, heartbeat, liveness, DEFAULT_REQUEST_EXPIRY);
	}

	/**
	 * Creates Titanic for a broker.
	 * @param brokerName the broker's name (for the thread name)
	 * @param factory the socket factory
	 * @param directory where requests and replies are stored
	 * @param broker where the broker is reachable (its inproc endpoint)
	 * @param heartbeat the broker's heartbeat interval
	 * @param liveness the broker's heartbeat liveness
	 * @param requestExpiry how long a request is kept after it was stored, answered or not, unless its
	 * client closes it first; positive
	 */
	public Titanic(String brokerName, ZmqSocketFactory factory, Path directory, List<ZmqEndpoint> broker,
			Duration heartbeat, int liveness, Duration requestExpiry) {
		this.store = new TitanicStore(directory);
		this.requestExpiry = requestExpiry;
		Duration interval = Duration.ofMillis(Math.max(1, heartbeat.toMillis()));
		// an answer may take a worker's whole liveness window twice over before Titanic asks again
		Duration dispatchTimeout = interval.multipliedBy(2L * Math.max(1, liveness));
		this.dispatcher = new TitanicDispatcher(this.store, broker, dispatchTimeout, interval);
		this.expiry = new TitanicExpiry(this.store, this.dispatcher, requestExpiry);
		this.services = new TitanicServices(this.store, this.dispatcher);
		// the expiry opens before the dispatcher, so requests that expired while Titanic was down are not resumed
		this.actor = new ZmqActor("titanic-" + brokerName, factory, new ZmqCompositeBehavior(List.of(
				worker("titanic.request", this.services::request, broker, interval, liveness),
				worker("titanic.reply", this.services::reply, broker, interval, liveness),
				worker("titanic.close", this.services::close, broker, interval, liveness), this.expiry,
				this.dispatcher)));
	}

	private MajordomoWorker worker(String service, ZmqRequestHandler handler, List<ZmqEndpoint> broker,
			Duration heartbeat, int liveness) {
		return new MajordomoWorker(new MajordomoWorkerConnection(service, broker, heartbeat, liveness, heartbeat, -1,
				handler, this.counters), this.counters);
	}

	@Override
	public String getName() {
		return "titanic";
	}

	/**
	 * Starts the actor: registers the three services and resumes stored requests.
	 * @param timeout how long opening may take
	 */
	@Override
	public void start(Duration timeout) {
		this.actor.start(timeout);
	}

	/**
	 * Stops the actor.
	 * @param timeout how long stopping may take
	 */
	@Override
	public void stop(Duration timeout) {
		this.actor.stop(timeout);
	}

	/** The state of the Titanic actor. */
	@Override
	public ZmqActorState getState() {
		return this.actor.getState();
	}

	/** Why the Titanic actor failed, or {@code null}. */
	@Override
	public Throwable getFailure() {
		return this.actor.getFailure();
	}

	/**
	 * Directory, request expiry, pending requests, and since start the requests dispatched, refused
	 * (could not be stored), expired, and the temporary files of a crash deleted at start, for the
	 * broker's health details.
	 */
	@Override
	public Map<String, Object> getDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("directory", this.store.directory().toAbsolutePath().toString());
		details.put("requestExpiry", this.requestExpiry.toString());
		details.put("pendingRequests", this.dispatcher.pendingCount());
		details.put("dispatched", this.dispatcher.dispatched());
		details.put("refused", this.services.refused());
		details.put("expired", this.expiry.expired());
		details.put("temporaryFilesRemoved", this.expiry.temporaryFilesRemoved());
		details.put("state", this.actor.getState().name());
		return details;
	}

	/** Counters of the three Titanic services. */
	public ZmqCounters getCounters() {
		return this.counters;
	}

}
