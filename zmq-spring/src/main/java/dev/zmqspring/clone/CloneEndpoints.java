package dev.zmqspring.clone;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one Clone server is, as a client sees it (Guide ch.5, clonecli6): its snapshot ROUTER,
 * update publisher and update collector.
 *
 * @param snapshot the snapshot endpoint (a DEALER connects)
 * @param publisher the publisher endpoint (a SUB connects)
 * @param collector the collector endpoint (the client's publisher connects)
 */
public record CloneEndpoints(String snapshot, String publisher, String collector) {

	private static final Pattern TCP = Pattern.compile("(tcp://[^/]+):(\\d{1,5})");

	/**
	 * The Guide's port convention: publisher on the snapshot port + 1, collector on + 2.
	 * @param snapshot a {@code tcp://host:port} snapshot endpoint
	 * @return the three endpoints
	 * @throws IllegalArgumentException if the endpoint has no numeric port
	 */
	public static CloneEndpoints byPortConvention(String snapshot) {
		Matcher matcher = TCP.matcher(snapshot.trim());
		if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65533 || Integer.parseInt(matcher.group(2)) < 1) {
			throw new IllegalArgumentException("expected tcp://host:port but was '" + snapshot + "'");
		}
		String base = matcher.group(1) + ":";
		int port = Integer.parseInt(matcher.group(2));
		return new CloneEndpoints(base + port, base + (port + 1), base + (port + 2));
	}

}
