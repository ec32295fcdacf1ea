package dev.zmqspring.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of peer addresses for the ZAP handler's allow and deny rules: exact IP addresses
 * ({@code 10.0.0.7}, {@code ::1}) or CIDR blocks ({@code 10.0.0.0/8}). Literal addresses only, no
 * host names: a rule must not depend on DNS at handshake time.
 */
public final class ZmqAddressList {

	private static final ZmqAddressList EMPTY = new ZmqAddressList(List.of(), List.of(), List.of());

	private final List<byte[]> networks;

	private final List<Integer> prefixes;

	private final List<String> text;

	private ZmqAddressList(List<byte[]> networks, List<Integer> prefixes, List<String> text) {
		this.networks = networks;
		this.prefixes = prefixes;
		this.text = text;
	}

	/** The empty list. */
	public static ZmqAddressList empty() {
		return EMPTY;
	}

	/**
	 * Parses addresses and CIDR blocks.
	 * @param entries the entries
	 * @param source the property key, for the message
	 * @return the list
	 * @throws ZmqSecurityException naming the source and the entry that is not a literal address
	 */
	public static ZmqAddressList of(List<String> entries, String source) {
		List<byte[]> networks = new ArrayList<>();
		List<Integer> prefixes = new ArrayList<>();
		List<String> text = new ArrayList<>();
		for (String raw : entries) {
			String entry = raw.trim();
			if (entry.isEmpty()) {
				continue;
			}
			int slash = entry.indexOf('/');
			String host = (slash >= 0) ? entry.substring(0, slash) : entry;
			byte[] address = literal(host, entry, source);
			int prefix = address.length * 8;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(entry.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					prefix = -1;
				}
				if (prefix < 0 || prefix > address.length * 8) {
					throw new ZmqSecurityException(source + ": '" + entry + "' has an invalid prefix length");
				}
			}
			networks.add(address);
			prefixes.add(prefix);
			text.add(entry);
		}
		return networks.isEmpty() ? EMPTY : new ZmqAddressList(networks, prefixes, List.copyOf(text));
	}

	private static byte[] literal(String host, String entry, String source) {
		boolean literal = !host.isEmpty() && (host.indexOf(':') >= 0 || host.chars().allMatch((c) -> c == '.' || Character.isDigit(c)));
		if (!literal) {
			throw new ZmqSecurityException(source + ": '" + entry + "' is not an IP address or CIDR block");
		}
		try {
			return InetAddress.getByName(host).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new ZmqSecurityException(source + ": '" + entry + "' is not an IP address or CIDR block", ex);
		}
	}

	/** Whether the list has no entry. */
	public boolean isEmpty() {
		return this.networks.isEmpty();
	}

	/**
	 * Whether an address is in the list.
	 * @param address the peer address from a ZAP request
	 * @return whether an entry covers it; {@code false} for text that is not an address
	 */
	public boolean contains(String address) {
		if (this.networks.isEmpty()) {
			return false;
		}
		byte[] peer;
		try {
			peer = InetAddress.getByName(strip(address)).getAddress();
		}
		catch (UnknownHostException | RuntimeException ex) {
			return false;
		}
		for (int i = 0; i < this.networks.size(); i++) {
			if (matches(this.networks.get(i), this.prefixes.get(i), peer)) {
				return true;
			}
		}
		return false;
	}

	private static String strip(String address) {
		String text = address.trim();
		if (text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1);
		}
		if (text.isEmpty() || !(text.indexOf(':') >= 0 || text.chars().allMatch((c) -> c == '.' || Character.isDigit(c)))) {
			throw new IllegalArgumentException("not a literal address");
		}
		return text;
	}

	private static boolean matches(byte[] network, int prefix, byte[] peer) {
		if (network.length != peer.length) {
			return false;
		}
		int full = prefix / 8;
		for (int i = 0; i < full; i++) {
			if (network[i] != peer[i]) {
				return false;
			}
		}
		int rest = prefix % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return (network[full] & mask) == (peer[full] & mask);
	}

	@Override
	public String toString() {
		return this.text.toString();
	}

}
