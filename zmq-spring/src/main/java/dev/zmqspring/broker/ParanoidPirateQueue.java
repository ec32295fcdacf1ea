package dev.zmqspring.broker;

import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.broker.internal.RegisteredWorker;
import dev.zmqspring.broker.internal.WorkerRegistry;

/**
 * The Paranoid Pirate queue of Guide ch.4 ("Robust Reliable Queuing", ppqueue) speaking spec
 * 6/PPP, so a libzmq worker written to the spec works unchanged.
 *
 * <p>Wire format on the backend (worker identity prepended by the ROUTER):
 * <ul>
 * <li>worker to queue: {@code [0x01]} READY, {@code [0x02]} HEARTBEAT, or a reply
 * {@code [client address...][""][reply...]};</li>
 * <li>queue to worker: {@code [0x02]} HEARTBEAT, or a request
 * {@code [client address...][""][request...]}.</li>
 * </ul>
 * The queue sends HEARTBEAT to every known worker each {@code heartbeat-interval}; any message from
 * a worker proves it alive; a worker silent for {@code heartbeat-liveness} intervals is dead and
 * purged. READY or a reply makes a worker idle; a HEARTBEAT only refreshes it (a worker may heartbeat
 * while busy), except that a heartbeat from an unknown worker registers it as idle, as ppqueue does,
 * so workers that outlived a restart of the queue are used again at once.
 */
final class ParanoidPirateQueue extends AbstractWorkerBroker {

	/** READY command (spec 6). */
	static final byte READY = 0x01;

	/** HEARTBEAT command (spec 6). */
	static final byte HEARTBEAT = 0x02;

	private static final byte[] HEARTBEAT_FRAME = { HEARTBEAT };

	private final long interval;

	private final Heartbeats heartbeats = new Heartbeats();

	private long heartbeatAt;

	ParanoidPirateQueue(ZmqBrokerDefinition definition, ZmqCounters counters) {
		super(definition, counters);
		this.interval = definition.heartbeatInterval().toMillis();
		this.heartbeatAt = System.currentTimeMillis() + this.interval;
	}

	@Override
	protected boolean delimitRequests() {
		return false;
	}

	@Override
	protected void onWorkerMessage(int count) {
		byte[][] frames = this.frames;
		byte[] identity = frames[0];
		if (count == 2 && frames[1].length == 1) {
			byte command = frames[1][0];
			if (command == READY) {
				RegisteredWorker worker = workerOrRegister(identity);
				alive(worker);
				ready(worker);
				return;
			}
			if (command == HEARTBEAT) {
				RegisteredWorker worker = worker(identity);
				if (worker == null) {
					worker = workerOrRegister(identity);
					ready(worker);
				}
				alive(worker);
				return;
			}
		}
		else if (isEnvelope(frames, 1, count)) {
			RegisteredWorker worker = workerOrRegister(identity);
			alive(worker);
			replyToClient(1, count);
			ready(worker);
			return;
		}
		drop("worker", identity, "neither READY, HEARTBEAT nor [client...][\"\"][reply...] (" + count + " frames)");
	}

	private void alive(RegisteredWorker worker) {
		this.workers.alive(worker, System.currentTimeMillis());
	}

	@Override
	public long nextTimerMillis() {
		return this.heartbeatAt;
	}

	@Override
	public void onTimer(long now) {
		this.heartbeats.due = now >= this.heartbeatAt;
		this.workers.sweep(now, this.heartbeats); // purges the silent, heartbeats the others when due
		if (this.heartbeats.due) {
			this.heartbeatAt = now + this.interval;
		}
		publishStats();
	}

	/** The queue's side of the sweep: HEARTBEAT to every live worker once per interval. */
	private final class Heartbeats implements WorkerRegistry.Sweep<RegisteredWorker> {

		boolean due;

		@Override
		public void expired(RegisteredWorker worker) {
			// dead: forgotten; a late message registers it again
		}

		@Override
		public boolean heartbeat(RegisteredWorker worker, long now) {
			return !this.due || sendCommand(worker, HEARTBEAT_FRAME);
		}

	}

}
