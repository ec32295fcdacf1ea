package dev.zmqspring.majordomo;

import java.nio.charset.StandardCharsets;

import org.zeromq.ZMQ;

import org.zeromq.ZMsg;

import zmq.Msg;

/**
 * The Majordomo Protocol MDP/0.1 (spec 7/MDP, Guide ch.4 "Service-Oriented Reliable Queuing") in one
 * place: the protocol headers, the worker command codes, and the allocation-free frame comparisons
 * the broker, client and worker use on their hot paths.
 *
 * <pre>
 * client  -&gt; broker  [""]["MDPC01"][service][body...]
 * broker  -&gt; client  [""]["MDPC01"][service][body...]
 * worker  -&gt; broker  [""]["MDPW01"][0x01 READY][service]
 * broker  -&gt; worker  [""]["MDPW01"][0x02 REQUEST][client][""][body...]
 * worker  -&gt; broker  [""]["MDPW01"][0x03 REPLY][client][""][body...]
 * both ways          [""]["MDPW01"][0x04 HEARTBEAT]
 * both ways          [""]["MDPW01"][0x05 DISCONNECT]
 * </pre>
 *
 * (The leading empty frame is added by a REQ socket and written explicitly by DEALER peers; the
 * broker's ROUTER puts the peer's routing id in front.) The frame arrays below are shared and must
 * never be modified.
 */
public final class MdpProtocol {

	/** Header of client messages. */
	public static final String CLIENT = "MDPC01";

	/** Header of worker messages. */
	public static final String WORKER = "MDPW01";

	/** Worker command: the worker announces the service it serves. */
	public static final byte READY = 0x01;

	/** Worker command: a request from the broker to the worker. */
	public static final byte REQUEST = 0x02;

	/** Worker command: a reply from the worker, routed to the client. */
	public static final byte REPLY = 0x03;

	/** Worker command: liveness, both ways. */
	public static final byte HEARTBEAT = 0x04;

	/** Worker command: the peer is going away (or, from the broker, the worker must reconnect). */
	public static final byte DISCONNECT = 0x05;

	/** Prefix of the service names the broker answers itself (spec 8/MMI). */
	public static final String MMI_PREFIX = "mmi.";

	static final byte[] EMPTY = new byte[0];

	static final byte[] CLIENT_HEADER = CLIENT.getBytes(StandardCharsets.US_ASCII);

	static final byte[] WORKER_HEADER = WORKER.getBytes(StandardCharsets.US_ASCII);

	static final byte[] MMI_PREFIX_BYTES = MMI_PREFIX.getBytes(StandardCharsets.US_ASCII);

	private static final byte[][] COMMANDS = { EMPTY, { READY }, { REQUEST }, { REPLY }, { HEARTBEAT },
			{ DISCONNECT } };

	private static final String[] COMMAND_NAMES = { "?", "READY", "REQUEST", "REPLY", "HEARTBEAT", "DISCONNECT" };

	private MdpProtocol() {
	}

	/**
	 * The one-byte frame of a worker command (shared, never modify it).
	 * @param command one of {@link #READY} .. {@link #DISCONNECT}
	 * @return the frame
	 */
	static byte[] commandFrame(byte command) {
		return COMMANDS[command];
	}

	/**
	 * The command code of a one-byte command frame.
	 * @param frame the frame
	 * @return the code ({@link #READY} .. {@link #DISCONNECT}), or {@code -1} if it is no command
	 */
	static int command(Msg frame) {
		if (frame.size() != 1) {
			return -1;
		}
		int code = frame.get(0);
		return (code >= READY && code <= DISCONNECT) ? code : -1;
	}

	/**
	 * A command's name for log messages.
	 * @param command the code
	 * @return its name
	 */
	public static String commandName(int command) {
		return (command >= READY && command <= DISCONNECT) ? COMMAND_NAMES[command] : "0x" + Integer.toHexString(command);
	}

	/**
	 * Whether a frame holds exactly the given bytes, without copying it.
	 * @param frame the frame
	 * @param expected the bytes
	 * @return whether they are equal
	 */
	static boolean frameEquals(Msg frame, byte[] expected) {
		int size = frame.size();
		if (size != expected.length) {
			return false;
		}
		for (int i = 0; i < size; i++) {
			if (frame.get(i) != expected[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a frame starts with the given bytes.
	 * @param frame the frame
	 * @param prefix the bytes
	 * @return whether the frame starts with them
	 */
	static boolean frameStartsWith(Msg frame, byte[] prefix) {
		if (frame.size() < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (frame.get(i) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a service name is reserved for the broker (spec 8/MMI).
	 * @param service the service name
	 * @return whether it starts with {@code mmi.}
	 */
	public static boolean isMmi(String service) {
		return service.startsWith(MMI_PREFIX);
	}

	/**
	 * Reads and discards the remaining frames of a multipart message.
	 * @param socket the socket
	 */
	public static void drain(ZMQ.Socket socket) {
		while (socket.hasReceiveMore()) {
			if (socket.recvMsg(ZMQ.DONTWAIT) == null) {
				return;
			}
		}
	}

	/**
	 * Sends a worker command without a body: {@code [""]["MDPW01"][command]} (+ an optional frame).
	 * @param socket a DEALER connected to the broker
	 * @param command the command
	 * @param argument an optional last frame (the service of READY), or {@code null}
	 * @return whether the message was queued
	 */
	static boolean sendWorkerCommand(ZMQ.Socket socket, byte command, byte[] argument) {
		socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT);
		socket.send(WORKER_HEADER, ZMQ.SNDMORE | ZMQ.DONTWAIT);
		if (argument == null) {
			return socket.send(commandFrame(command), ZMQ.DONTWAIT);
		}
		socket.send(commandFrame(command), ZMQ.SNDMORE | ZMQ.DONTWAIT);
		return socket.send(argument, ZMQ.DONTWAIT);
	}

	/**
	 * Sends a client request {@code [""]["MDPC01"][service][body...]} on a DEALER.
	 * @param socket a DEALER connected to the broker
	 * @param service the service name frame
	 * @param body the body frames (at least one)
	 */
	public static void sendClientRequest(ZMQ.Socket socket, byte[] service, byte[][] body) {
		socket.send(EMPTY, ZMQ.SNDMORE);
		socket.send(CLIENT_HEADER, ZMQ.SNDMORE);
		socket.send(service, (body.length > 0) ? ZMQ.SNDMORE : 0);
		for (int i = 0; i < body.length; i++) {
			socket.send(body[i], (i < body.length - 1) ? ZMQ.SNDMORE : 0);
		}
	}

	/**
	 * Reads the rest of a client reply {@code [""]["MDPC01"][service][body...]} after its first frame.
	 * @param socket the DEALER
	 * @param empty the first frame, already read
	 * @param service the expected service frame
	 * @return the body, or {@code null} if the reply is malformed or for another service
	 */
	public static ZMsg readClientReply(ZMQ.Socket socket, byte[] empty, byte[] service) {
		if (empty.length != 0 || !socket.hasReceiveMore()) {
			MdpProtocol.drain(socket);
			return null;
		}
		byte[] header = socket.recv(ZMQ.DONTWAIT);
		if (!java.util.Arrays.equals(header, CLIENT_HEADER) || !socket.hasReceiveMore()) {
			MdpProtocol.drain(socket);
			return null;
		}
		byte[] name = socket.recv(ZMQ.DONTWAIT);
		if (!java.util.Arrays.equals(name, service)) {
			MdpProtocol.drain(socket);
			return null;
		}
		ZMsg body = new ZMsg();
		while (socket.hasReceiveMore()) {
			body.add(socket.recv(ZMQ.DONTWAIT));
		}
		return body;
	}

}
