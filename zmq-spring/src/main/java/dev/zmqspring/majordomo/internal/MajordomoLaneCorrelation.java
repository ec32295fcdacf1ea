package dev.zmqspring.majordomo.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.core.ZmqFailoverPolicy;
import dev.zmqspring.core.internal.ZmqAsyncCorrelation;
import dev.zmqspring.core.internal.ZmqAsyncRequest;
import dev.zmqspring.majordomo.MdpProtocol;
import dev.zmqspring.support.ZmqEndpoint;

/**
 * Correlation by connection, for MDP/0.1 (Guide ch.4 "Asynchronous Majordomo Pattern", mdcliapi2):
 * MDP has no request id, a broker returns a reply to the client's routing id with only the service
 * name, and with several workers per service replies arrive in any order. So per service up to
 * {@code maxLanes} DEALER sockets ("lanes") to the broker each carry at most one request at a time,
 * and a reply on a lane belongs to that lane's one outstanding request. Requests beyond that wait here
 * (FIFO per service) for a free lane. This needs nothing from the broker or the workers beyond spec 7,
 * so it works with any MDP broker.
 *
 * <p>When an attempt expires its lane is closed and replaced by a fresh socket, so a late reply dies
 * with the old socket and can never be mistaken for the next request's. When a request fails for good
 * and its service has not answered anything for every attempt's worth of time, the broker or the
 * service is gone, and the requests still waiting for that service fail at once instead of each
 * waiting its own turn (as mdcliapi2 gives up).
 */
public final class MajordomoLaneCorrelation implements ZmqAsyncCorrelation {

	private static final int BATCH = 1024;

	private final String endpoint;

	private final ZmqFailoverPolicy brokers;

	private final Function<String, List<ZmqEndpoint>> endpoints;

	private final int maxLanes;

	private final long maxMessageSize;

	private final long silenceMillis;

	private final Map<String, Service> services = new HashMap<>();

	private final List<Lane> allLanes = new ArrayList<>();

	private ZmqActorLoop loop;

	private Completions completions;

	/**
	 * Creates the correlation.
	 * @param endpoint the broker endpoint text, for messages
	 * @param brokers which broker a lane connects to (one, or a Binary Star pair: after a timeout the
	 * lane's fresh socket connects to the other broker)
	 * @param endpoints the endpoints of each broker
	 * @param maxLanes how many requests per service may be in flight
	 * @param maxMessageSize the largest reply a lane accepts, -1 for unlimited
	 * @param silenceMillis how long a service may stay silent before its waiting requests fail with
	 * the next one that fails for good (every attempt's time together)
	 */
	public MajordomoLaneCorrelation(String endpoint, ZmqFailoverPolicy brokers,
			Function<String, List<ZmqEndpoint>> endpoints, int maxLanes, long maxMessageSize, long silenceMillis) {
		this.endpoint = endpoint;
		this.brokers = brokers;
		this.endpoints = endpoints;
		this.maxLanes = maxLanes;
		this.maxMessageSize = maxMessageSize;
		this.silenceMillis = silenceMillis;
	}

	@Override
	public void open(ZmqActorLoop loop, Completions completions) {
		this.loop = loop;
		this.completions = completions;
	}

	@Override
	public void send(ZmqAsyncRequest request, long now) {
		Service service = this.services.computeIfAbsent(request.target(), Service::new);
		service.waiting.add(request);
		service.pump(now);
	}

	@Override
	public void expired(ZmqAsyncRequest request, boolean retry, long now) {
		Lane lane = laneOf(request);
		if (lane == null) {
			return;
		}
		lane.pending = null;
		this.brokers.timedOut(lane.server);
		lane.reconnect(); // a late reply must never meet the next request on this lane
		if (retry) {
			lane.send(request, now);
			return;
		}
		lane.service.giveUpIfSilent(now);
		lane.service.release(lane, now);
	}

	private Lane laneOf(ZmqAsyncRequest request) {
		Service service = this.services.get(request.target());
		if (service == null) {
			return null;
		}
		for (Lane lane : service.lanes) {
			if (lane.pending == request) {
				return lane;
			}
		}
		return null;
	}

	@Override
	public String describe(String target) {
		return this.endpoint + " (service '" + target + "')";
	}

	@Override
	public void close(Consumer<ZmqAsyncRequest> failure) {
		for (Lane lane : this.allLanes) {
			if (lane.pending != null) {
				failure.accept(lane.pending);
			}
		}
		for (Service service : this.services.values()) {
			service.waiting.forEach(failure);
		}
		this.services.clear();
		this.allLanes.clear();
	}

	/** The lanes and the waiting requests of one service. */
	private final class Service {

		final String name;

		final byte[] frame;

		final ArrayDeque<ZmqAsyncRequest> waiting = new ArrayDeque<>();

		final ArrayDeque<Lane> idle = new ArrayDeque<>();

		final List<Lane> lanes = new ArrayList<>();

		long lastProgress;

		Service(String name) {
			this.name = name;
			this.frame = name.getBytes(StandardCharsets.UTF_8);
		}

		/** Sends waiting requests while lanes are free (or may be opened). */
		void pump(long now) {
			while (!this.waiting.isEmpty()) {
				if (busyLanes() == 0) {
					this.lastProgress = now; // the clock of "no reply at all" starts with the first request
				}
				Lane lane = this.idle.poll();
				if (lane == null) {
					if (this.lanes.size() >= MajordomoLaneCorrelation.this.maxLanes) {
						return;
					}
					lane = new Lane(this);
					this.lanes.add(lane);
				}
				ZmqAsyncRequest request = this.waiting.poll();
				if (request.isDone()) {
					this.idle.push(lane);
				}
				else {
					lane.send(request, now);
				}
			}
		}

		int busyLanes() {
			return this.lanes.size() - this.idle.size();
		}

		void giveUpIfSilent(long now) {
			if (now - this.lastProgress < MajordomoLaneCorrelation.this.silenceMillis) {
				return;
			}
			ZmqAsyncRequest request;
			while ((request = this.waiting.poll()) != null) {
				MajordomoLaneCorrelation.this.completions.timedOut(request);
			}
		}

		void release(Lane lane, long now) {
			this.idle.push(lane);
			pump(now);
		}

	}

	/** One DEALER to the broker carrying at most one request of one service at a time. */
	private final class Lane {

		final Service service;

		ZMQ.Socket socket;

		String server;

		ZmqAsyncRequest pending;

		Lane(Service service) {
			this.service = service;
			open();
			MajordomoLaneCorrelation.this.allLanes.add(this);
		}

		private void open() {
			ZmqActorLoop loop = MajordomoLaneCorrelation.this.loop;
			this.server = MajordomoLaneCorrelation.this.brokers.server(0);
			this.socket = loop.socket(SocketType.DEALER,
					loop.factory().getOptions().withMaxMessageSize(MajordomoLaneCorrelation.this.maxMessageSize),
					MajordomoLaneCorrelation.this.endpoints.apply(this.server));
			ZMQ.Socket mine = this.socket;
			loop.register(mine, (s) -> onReply(mine));
		}

		void reconnect() {
			MajordomoLaneCorrelation.this.loop.close(this.socket, 0);
			open();
		}

		void send(ZmqAsyncRequest request, long now) {
			this.pending = request;
			MajordomoLaneCorrelation.this.completions.sent(request, now);
			MdpProtocol.sendClientRequest(this.socket, this.service.frame, request.frames());
		}

		private void onReply(ZMQ.Socket from) {
			for (int i = 0; i < BATCH && from == this.socket; i++) {
				byte[] empty = from.recv(ZMQ.DONTWAIT);
				if (empty == null) {
					return;
				}
				ZMsg body = MdpProtocol.readClientReply(from, empty, this.service.frame);
				ZmqAsyncRequest request = this.pending;
				if (body == null || request == null) {
					MajordomoLaneCorrelation.this.completions.dropped();
					continue;
				}
				this.pending = null;
				MajordomoLaneCorrelation.this.brokers.answered(this.server);
				long now = System.currentTimeMillis();
				this.service.lastProgress = now;
				MajordomoLaneCorrelation.this.completions.replied(request, body);
				this.service.release(this, now);
			}
		}

	}

}
