package dev.zmqspring.freelance;

import java.util.function.Function;

import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.internal.ZmqRequestExchange;

/**
 * The two blocking Freelance exchanges of the request-reply engine (Guide ch.4 "Brokerless
 * Reliability"): model 1's plain REQ request (flclient1) and model 2's numbered shotgun request on a
 * DEALER (flclient2). Replies that are not the request's (a wrong sequence number, garbage) are
 * drained, counted as dropped and ignored.
 */
final class FreelanceExchanges {

	private static final byte[] EMPTY = new byte[0];

	private FreelanceExchanges() {
	}

	static Object decode(String server, ZMsg body, Function<ZMsg, Object> decoder) {
		if (ZmqErrorReply.isErrorReply(body)) {
			throw new ZmqRemoteException(server, ZmqErrorReply.description(body));
		}
		return decoder.apply(body);
	}

	static ZMsg rest(ZMQ.Socket socket, byte[] first) {
		ZMsg msg = new ZMsg();
		msg.add(first);
		while (socket.hasReceiveMore()) {
			msg.add(socket.recv(0));
		}
		return msg;
	}

	static void sendFrames(ZMQ.Socket socket, byte[][] frames) {
		for (int i = 0; i < frames.length; i++) {
			socket.send(frames[i], (i < frames.length - 1) ? ZMQ.SNDMORE : 0);
		}
	}

	/** Model 1: the request body on a REQ; the REQ socket matches its reply. */
	static final class Sequential implements ZmqRequestExchange {

		private final byte[][] frames;

		private final Function<ZMsg, Object> decoder;

		Sequential(byte[][] frames, Function<ZMsg, Object> decoder) {
			this.frames = frames;
			this.decoder = decoder;
		}

		@Override
		public void send(ZMQ.Socket socket) {
			sendFrames(socket, this.frames);
		}

		@Override
		public Object receive(String server, ZMQ.Socket socket, byte[] first) {
			return decode(server, rest(socket, first), this.decoder);
		}

	}

	/**
	 * Model 2: {@code [""][sequence][body]} sent once per server on one DEALER connected to all of
	 * them (the DEALER deals the copies out one per connection); the reply is
	 * {@code [""][sequence][reply]} and only the request's own sequence number counts.
	 */
	static final class Shotgun implements ZmqRequestExchange {

		private final byte[] sequence;

		private final byte[][] frames;

		private final int copies;

		private final Function<ZMsg, Object> decoder;

		private final ZmqCounters counters;

		private final java.util.function.Supplier<String> servers;

		Shotgun(long sequence, byte[][] frames, int copies, Function<ZMsg, Object> decoder, ZmqCounters counters,
				java.util.function.Supplier<String> servers) {
			this.sequence = SequenceFrames.encode(sequence);
			this.frames = frames;
			this.copies = copies;
			this.decoder = decoder;
			this.counters = counters;
			this.servers = servers;
		}

		@Override
		public void send(ZMQ.Socket socket) {
			for (int copy = 0; copy < this.copies; copy++) {
				socket.send(EMPTY, ZMQ.SNDMORE);
				socket.send(this.sequence, ZMQ.SNDMORE);
				sendFrames(socket, this.frames);
				this.counters.sent(this.frames.length);
			}
		}

		@Override
		public Object receive(String server, ZMQ.Socket socket, byte[] first) {
			ZMsg msg = rest(socket, first);
			int size = msg.size();
			msg.pop();
			byte[] sequence = (size >= 3) ? msg.pop().getData() : null;
			if (first.length != 0 || sequence == null || !java.util.Arrays.equals(sequence, this.sequence)) {
				this.counters.dropped(); // a late reply to an earlier request, or garbage
				return NOT_A_REPLY;
			}
			this.counters.received(msg.contentSize());
			return decode(describe(server), msg, this.decoder);
		}

		@Override
		public String describe(String server) {
			return this.servers.get();
		}

	}

}
