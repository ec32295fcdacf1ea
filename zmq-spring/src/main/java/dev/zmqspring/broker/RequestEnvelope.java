package dev.zmqspring.broker;

import java.util.ArrayList;
import java.util.List;

import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.listener.ZmqRequestHandler;

/**
 * The worker side of a routed request (Guide ch.3 "The Extended Reply Envelope"): reads
 * {@code [address...][""][body...]}, hands the body to the {@link ZmqRequestHandler}, and sends
 * {@code [address...][""][reply...]} back. Shared by the load-balancing and Paranoid Pirate
 * workers; one instance per worker actor, reused for every request.
 */
final class RequestEnvelope {

	private final List<byte[]> frames = new ArrayList<>();

	private final ZmqCounters counters;

	RequestEnvelope(ZmqCounters counters) {
		this.counters = counters;
	}

	/**
	 * Reads one message.
	 * @param socket the worker's socket
	 * @param flags {@link ZMQ#DONTWAIT}, or {@code 0} for the first read after a wake-up of a receiver
	 * socket (input is queued then; it would wait at most the socket's short receive timeout,
	 * {@code ZmqActorLoop.registerReceiver})
	 * @return the number of frames, 0 if none was waiting
	 */
	int read(ZMQ.Socket socket, int flags) {
		this.frames.clear();
		byte[] frame = socket.recv(flags);
		if (frame == null) {
			return 0;
		}
		long bytes = frame.length;
		this.frames.add(frame);
		while (socket.hasReceiveMore()) {
			frame = socket.recv(0);
			bytes += frame.length;
			this.frames.add(frame);
		}
		this.counters.received(bytes);
		return this.frames.size();
	}

	/** The frame at {@code index} of the message read last. */
	byte[] frame(int index) {
		return this.frames.get(index);
	}

	/** The index of the empty delimiter ending the address stack, or -1 if the message has none or no body. */
	int delimiter() {
		for (int i = 0; i < this.frames.size() - 1; i++) {
			if (this.frames.get(i).length == 0) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Calls the handler with the body after {@code delimiter} and sends the reply with the address
	 * stack. A handler exception becomes a {@link ZmqErrorReply} so the client is not left waiting.
	 * @return whether a reply was sent ({@code false} if the handler returned {@code null})
	 */
	boolean handle(int delimiter, ZmqRequestHandler handler, ZMQ.Socket socket) {
		ZMsg request = new ZMsg();
		for (int i = delimiter + 1; i < this.frames.size(); i++) {
			request.add(this.frames.get(i));
		}
		long start = System.nanoTime();
		ZMsg reply;
		try {
			reply = handler.handle(request);
		}
		catch (RuntimeException ex) {
			this.counters.error();
			reply = ZmqErrorReply.of(ex);
		}
		this.counters.handled(System.nanoTime() - start);
		if (reply == null) {
			return false;
		}
		int flags = ZMQ.SNDMORE | ZMQ.DONTWAIT;
		long bytes = 0;
		for (int i = 0; i <= delimiter; i++) {
			byte[] frame = this.frames.get(i);
			if (!socket.send(frame, flags) && i == 0) {
				this.counters.dropped(); // no route to the broker right now: the client will retry
				handler.dropped();
				return true;
			}
			bytes += frame.length;
		}
		int size = reply.size();
		for (int i = 0; i < size; i++) {
			byte[] frame = reply.pop().getData();
			socket.send(frame, (i < size - 1) ? flags : ZMQ.DONTWAIT);
			bytes += frame.length;
		}
		this.counters.sent(bytes);
		return true;
	}

}
