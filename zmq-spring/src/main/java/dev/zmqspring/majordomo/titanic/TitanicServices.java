package dev.zmqspring.majordomo.titanic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.ZFrame;
import org.zeromq.ZMsg;

/**
 * The three Titanic services (Guide ch.4 "Disconnected Reliability (Titanic Pattern)", spec 9/TSP),
 * each served by a Majordomo worker on Titanic's actor, so the {@link TitanicStore} needs no locking:
 *
 * <ul>
 * <li>{@code titanic.request} {@code [service][body...]}: stores the request (forced to disk) and only
 * then replies {@code ["200"][uuid]}; {@code ["500"]} if it has no service frame or cannot be stored.</li>
 * <li>{@code titanic.reply} {@code [uuid]}: {@code ["200"][reply body...]}, {@code ["300"]} while
 * pending, {@code ["400"]} if unknown, closed or expired.</li>
 * <li>{@code titanic.close} {@code [uuid]}: deletes request and reply, {@code ["200"]}.</li>
 * </ul>
 */
final class TitanicServices {

	private static final Log logger = LogFactory.getLog(TitanicServices.class);

	static final byte[] OK = "200".getBytes(StandardCharsets.US_ASCII);

	static final byte[] PENDING = "300".getBytes(StandardCharsets.US_ASCII);

	static final byte[] UNKNOWN = "400".getBytes(StandardCharsets.US_ASCII);

	static final byte[] FAILED = "500".getBytes(StandardCharsets.US_ASCII);

	private final TitanicStore store;

	private final TitanicDispatcher dispatcher;

	private volatile long refused;

	TitanicServices(TitanicStore store, TitanicDispatcher dispatcher) {
		this.store = store;
		this.dispatcher = dispatcher;
	}

	/** {@code titanic.request}. */
	ZMsg request(ZMsg request) {
		if (request.size() < 1 || request.peekFirst().size() == 0) {
			return status(FAILED);
		}
		List<byte[]> frames = new ArrayList<>(request.size());
		for (ZFrame frame : request) {
			frames.add(frame.getData());
		}
		String id;
		try {
			id = this.store.storeRequest(frames);
		}
		catch (RuntimeException ex) {
			this.refused++;
			logger.error("Titanic could not store a request; it refuses it", ex);
			return status(FAILED);
		}
		this.dispatcher.enqueue(id, new String(frames.get(0), StandardCharsets.UTF_8), System.currentTimeMillis());
		ZMsg reply = status(OK);
		reply.add(id);
		return reply;
	}

	/** Requests refused because they could not be stored (a full disk), never acknowledged. */
	long refused() {
		return this.refused;
	}

	/** {@code titanic.reply}. */
	ZMsg reply(ZMsg request) {
		String id = (request.size() > 0) ? request.peekFirst().getString(StandardCharsets.US_ASCII) : "";
		List<byte[]> reply = this.store.readReply(id);
		if (reply != null) {
			ZMsg answer = status(OK);
			reply.forEach(answer::add);
			return answer;
		}
		return status(this.store.hasRequest(id) ? PENDING : UNKNOWN);
	}

	/** {@code titanic.close}. */
	ZMsg close(ZMsg request) {
		String id = (request.size() > 0) ? request.peekFirst().getString(StandardCharsets.US_ASCII) : "";
		this.store.close(id);
		return status(OK);
	}

	/** Reads a stored request; a corrupt file is logged and skipped, never fatal for the actor. */
	static List<byte[]> readable(TitanicStore store, String id) {
		try {
			return store.readRequest(id);
		}
		catch (RuntimeException ex) {
			logger.error("Titanic skips unreadable request " + id, ex);
			return null;
		}
	}

	private static ZMsg status(byte[] code) {
		ZMsg msg = new ZMsg();
		msg.add(code);
		return msg;
	}

}
