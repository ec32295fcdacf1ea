package dev.zmqspring.broker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.broker.kit.RegisteredWorker;

/**
 * The load-balancing broker of Guide ch.3 ("A Load Balancing Message Broker", lbbroker): clients
 * (REQ or DEALER with an empty delimiter) on the ROUTER frontend, workers on the ROUTER backend.
 *
 * <p>Worker protocol, as a REQ worker sees it:
 * <ol>
 * <li>the worker connects and sends one frame {@link #READY} ({@code 0x01}, as in lbbroker2/3;
 * the text {@code "READY"} of the first lbbroker is accepted too);</li>
 * <li>it receives {@code [client address...][""][request...]};</li>
 * <li>it answers {@code [client address...][""][reply...]}, which also says it is ready again.</li>
 * </ol>
 * A DEALER worker sends and receives the REQ envelope itself: {@code [""][0x01]}, then
 * {@code [""][client...][""][request...]} in and {@code [""][client...][""][reply...]} out.
 * There are no heartbeats: a worker that dies while idle is noticed when a request to it fails
 * (EHOSTUNREACH), one that dies while busy loses its request (the client's Lazy Pirate retry
 * recovers). Use the Paranoid Pirate queue when that is not good enough.
 */
final class LoadBalancingBroker extends AbstractWorkerBroker {

	/** The READY frame of lbbroker2/3. */
	static final byte[] READY = { 0x01 };

	/** The READY frame of the first lbbroker. */
	static final byte[] READY_TEXT = "READY".getBytes(StandardCharsets.US_ASCII);

	LoadBalancingBroker(ZmqBrokerDefinition definition, ZmqCounters counters) {
		super(definition, counters);
	}

	static boolean isReady(byte[] frame) {
		return Arrays.equals(frame, READY) || Arrays.equals(frame, READY_TEXT);
	}

	@Override
	protected boolean delimitRequests() {
		return true;
	}

	@Override
	protected void onWorkerMessage(int count) {
		byte[][] frames = this.frames;
		byte[] identity = frames[0];
		if (count >= 3 && frames[1].length == 0) {
			if (count == 3 && isReady(frames[2])) {
				ready(workerOrRegister(identity));
				return;
			}
			if (isEnvelope(frames, 2, count)) {
				replyToClient(2, count);
				ready(workerOrRegister(identity));
				return;
			}
		}
		drop("worker", identity, "neither [\"\"][READY] nor [\"\"][client...][\"\"][reply...] (" + count + " frames)");
		RegisteredWorker known = worker(identity);
		if (known != null) {
			ready(known); // a REQ worker that sent anything waits for the next request
		}
	}

}
