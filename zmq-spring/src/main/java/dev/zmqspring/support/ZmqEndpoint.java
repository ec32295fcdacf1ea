package dev.zmqspring.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.zeromq.SocketType;

/**
 * One ZeroMQ address plus the side the socket takes on it, in the CZMQ attach convention (Guide ch.2
 * "Plugging Sockets into the Topology"): {@code @tcp://*:5556} binds, {@code >tcp://host:5556}
 * connects, and no prefix means the socket type's natural side (PUB, XPUB, REP, ROUTER, PULL bind;
 * the others connect).
 *
 * <p>Parsing validates the transport and the address eagerly so that a malformed endpoint fails at
 * startup naming the value and its source. Supported transports are {@code tcp}, {@code inproc} and
 * {@code ipc}; JeroMQ 0.6.0 implements {@code ipc} as TCP on loopback, so it cannot talk to a libzmq
 * peer over a Unix socket.
 *
 * @param address the ZeroMQ address without prefix, e.g. {@code tcp://127.0.0.1:5555}
 * @param bind whether the socket binds ({@code true}) or connects ({@code false})
 */
public record ZmqEndpoint(String address, boolean bind) {

	private static final Set<SocketType> NATURALLY_BOUND = EnumSet.of(SocketType.PUB, SocketType.XPUB,
			SocketType.REP, SocketType.ROUTER, SocketType.PULL);

	public ZmqEndpoint {
		if (address == null || address.isBlank()) {
			throw new IllegalArgumentException("address must not be empty");
		}
	}

	/** Creates an endpoint that binds to {@code address}. */
	public static ZmqEndpoint bind(String address) {
		return parse("@" + address, SocketType.PAIR, null);
	}

	/** Creates an endpoint that connects to {@code address}. */
	public static ZmqEndpoint connect(String address) {
		return parse(">" + address, SocketType.PAIR, null);
	}

	/**
	 * Whether a socket of this type binds when its endpoint has no {@code @}/{@code >} prefix.
	 * @param type the socket type
	 * @return {@code true} for PUB, XPUB, REP, ROUTER and PULL
	 */
	public static boolean bindsByDefault(SocketType type) {
		return NATURALLY_BOUND.contains(type);
	}

	/**
	 * Separates the servers of a pair in one endpoint text, {@code tcp://a:5001|tcp://b:5002}: a client
	 * given such a text talks to one server at a time and fails over to the next after a timeout
	 * (Guide ch.4 "High-Availability Pair", bstarcli).
	 */
	public static final String SERVER_SEPARATOR = "|";

	/**
	 * The servers of an endpoint text: one for a plain text, several for {@code a|b}.
	 * @param spec the endpoint text
	 * @return each server's endpoint text, in order
	 */
	public static List<String> servers(String spec) {
		if (spec == null || !spec.contains(SERVER_SEPARATOR)) {
			return List.of(String.valueOf(spec));
		}
		List<String> servers = new ArrayList<>();
		for (String server : spec.split("\\" + SERVER_SEPARATOR)) {
			servers.add(server.trim());
		}
		return List.copyOf(servers);
	}

	/**
	 * Parses an endpoint text that may name a pair of servers ({@code a|b}), each a comma-separated
	 * list of endpoints.
	 * @param spec the endpoint text
	 * @param type the socket type, which decides the side of unprefixed endpoints
	 * @param source where the text came from, for error messages
	 * @return the endpoints of each server, in order
	 */
	public static List<List<ZmqEndpoint>> parseServers(String spec, SocketType type, String source) {
		List<List<ZmqEndpoint>> servers = new ArrayList<>();
		for (String server : servers(spec)) {
			servers.add(parseAll(server, type, source));
		}
		return List.copyOf(servers);
	}

	/**
	 * Parses a comma-separated list of endpoints.
	 * @param spec one or more endpoints separated by commas
	 * @param type the socket type, which decides the side of unprefixed endpoints
	 * @param source where the text came from, for error messages (may be {@code null})
	 * @return the endpoints, never empty
	 * @throws InvalidEndpointException if any endpoint is malformed or the list is empty
	 */
	public static List<ZmqEndpoint> parseAll(String spec, SocketType type, String source) {
		if (spec == null || spec.isBlank()) {
			throw new InvalidEndpointException(String.valueOf(spec), source, "no endpoint given");
		}
		if (spec.contains(SERVER_SEPARATOR)) {
			throw new InvalidEndpointException(spec, source, "'" + SERVER_SEPARATOR + "' separates the servers of a "
					+ "pair for clients that fail over (requests, Majordomo clients and workers), not endpoints of one socket");
		}
		List<ZmqEndpoint> endpoints = new ArrayList<>();
		for (String part : spec.split(",")) {
			endpoints.add(parse(part, type, source));
		}
		return Collections.unmodifiableList(endpoints);
	}

	/**
	 * Parses every element of {@code specs}, each of which may itself be a comma-separated list.
	 * @param specs the endpoint texts
	 * @param type the socket type
	 * @param source where the texts came from
	 * @return all endpoints in order
	 */
	public static List<ZmqEndpoint> parseAll(String[] specs, SocketType type, String source) {
		if (specs == null || specs.length == 0) {
			throw new InvalidEndpointException("", source, "no endpoint given");
		}
		List<ZmqEndpoint> endpoints = new ArrayList<>();
		for (String spec : specs) {
			endpoints.addAll(parseAll(spec, type, source));
		}
		return Collections.unmodifiableList(endpoints);
	}

	/**
	 * Parses one endpoint.
	 * @param text the endpoint, optionally prefixed with {@code @} or {@code >}
	 * @param type the socket type, which decides the side when there is no prefix
	 * @param source where the text came from, for error messages (may be {@code null})
	 * @return the endpoint
	 * @throws InvalidEndpointException if the text is malformed
	 */
	public static ZmqEndpoint parse(String text, SocketType type, String source) {
		if (text == null) {
			throw new InvalidEndpointException("null", source, "no endpoint given");
		}
		String trimmed = text.trim();
		boolean bind = bindsByDefault(type);
		String address = trimmed;
		if (trimmed.startsWith("@")) {
			bind = true;
			address = trimmed.substring(1).trim();
		}
		else if (trimmed.startsWith(">")) {
			bind = false;
			address = trimmed.substring(1).trim();
		}
		validate(text, address, bind, source);
		return new ZmqEndpoint(address, bind);
	}

	private static void validate(String original, String address, boolean bind, String source) {
		int sep = address.indexOf("://");
		if (sep <= 0) {
			throw new InvalidEndpointException(original, source,
					"expected <transport>://<address> with transport tcp, inproc or ipc");
		}
		String transport = address.substring(0, sep);
		String rest = address.substring(sep + 3);
		switch (transport) {
			case "tcp" -> validateTcp(original, rest, bind, source);
			case "inproc", "ipc" -> {
				if (rest.isEmpty()) {
					throw new InvalidEndpointException(original, source, "missing " + transport + " name");
				}
			}
			case "pgm", "epgm", "udp", "norm", "vmci", "tipc" -> throw new InvalidEndpointException(original, source,
					"transport '" + transport + "' is not supported by JeroMQ; use tcp, inproc or ipc");
			default -> throw new InvalidEndpointException(original, source,
					"unknown transport '" + transport + "'; use tcp, inproc or ipc");
		}
	}

	private static void validateTcp(String original, String rest, boolean bind, String source) {
		int colon = rest.lastIndexOf(':');
		if (colon < 0 || colon == rest.length() - 1) {
			throw new InvalidEndpointException(original, source, "missing port (tcp://<host>:<port>)");
		}
		String host = rest.substring(0, colon);
		String port = rest.substring(colon + 1);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (host.isEmpty()) {
			throw new InvalidEndpointException(original, source, "missing host");
		}
		if (!bind && "*".equals(host)) {
			throw new InvalidEndpointException(original, source, "cannot connect to host '*'; did you mean to bind ('@')?");
		}
		if (!isValidHost(host)) {
			throw new InvalidEndpointException(original, source, "bad host '" + host + "'");
		}
		if ("*".equals(port)) {
			if (!bind) {
				throw new InvalidEndpointException(original, source, "an ephemeral port ('*') can only be bound");
			}
			return;
		}
		int value;
		try {
			value = Integer.parseInt(port);
		}
		catch (NumberFormatException ex) {
			throw new InvalidEndpointException(original, source, "bad port '" + port + "'");
		}
		if (value < 0 || value > 65535 || (value == 0 && !bind)) {
			throw new InvalidEndpointException(original, source, "port " + value + " out of range");
		}
	}

	private static boolean isValidHost(String host) {
		if ("*".equals(host)) {
			return true;
		}
		// a connect address may carry a source address: tcp://src;host:port
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':' || c == '_' || c == ';' || c == '%')) {
				return false;
			}
		}
		return true;
	}

	/** Whether the address names an ephemeral TCP port ({@code *} or {@code 0}) to be chosen at bind. */
	public boolean isEphemeral() {
		return this.address.startsWith("tcp://") && (this.address.endsWith(":*") || this.address.endsWith(":0"));
	}

	/** The transport, e.g. {@code tcp}. */
	public String transport() {
		return this.address.substring(0, this.address.indexOf("://"));
	}

	@Override
	public String toString() {
		return (this.bind ? "@" : ">") + this.address;
	}

}
