package dev.zmqspring.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suite's private network: one namespace per host, each with one address in 10.231.0.0/24 on a
 * veth pair plugged into a bridge that lives in a namespace of its own (the root namespace is never
 * touched). Names start with {@code zfi<pid>-}; namespaces of a suite whose JVM is gone are removed at
 * start, and {@link #close()} (also a shutdown hook) removes processes, namespaces (and with them
 * their nftables tables) and tmpfs mounts. Partitions are nftables drop rules in a host's namespace.
 */
final class Network implements AutoCloseable {

	static final String PREFIX = "zfi";

	private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)-\\S+");

	private final String prefix = PREFIX + ProcessHandle.current().pid() + "-";

	private final String bridge = this.prefix + "br";

	private final Map<String, String> addresses = new LinkedHashMap<>();

	private final List<Path> mounts = new ArrayList<>();

	private final List<Runnable> closers = new ArrayList<>();

	private final Thread hook = new Thread(this::close, "fault-network-cleanup");

	private boolean closed;

	/**
	 * Whether this machine lets the suite build namespaces: root, iproute2 and nft. Returns why not, or
	 * {@code null} when it can.
	 */
	static String unavailableReason() {
		if (!"root".equals(System.getProperty("user.name"))) {
			return "not root (user " + System.getProperty("user.name") + "): network namespaces need CAP_NET_ADMIN";
		}
		if (Shell.tryRun("ip", "netns", "list").exit() != 0) {
			return "ip netns is not available";
		}
		if (Shell.tryRun("nft", "--version").exit() != 0) {
			return "nft (nftables) is not installed";
		}
		return null;
	}

	Network() {
		removeLeftovers();
		Runtime.getRuntime().addShutdownHook(this.hook);
		Shell.run("ip", "netns", "add", this.bridge);
		Shell.run("ip", "-n", this.bridge, "link", "set", "lo", "up");
		Shell.run("ip", "-n", this.bridge, "link", "add", "br0", "type", "bridge");
		Shell.run("ip", "-n", this.bridge, "link", "set", "br0", "up");
	}

	/** Namespaces of suites whose JVM is gone: their processes are killed, then the namespaces removed. */
	static void removeLeftovers() {
		for (String line : Shell.tryRun("ip", "netns", "list").output().split("\n")) {
			Matcher matcher = OURS.matcher(line.trim());
			if (matcher.find() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
				String namespace = matcher.group().trim();
				killAll(namespace);
				Shell.tryRun("ip", "netns", "del", namespace);
			}
		}
	}

	private static void killAll(String namespace) {
		for (String pid : Shell.tryRun("ip", "netns", "pids", namespace).output().split("\\s+")) {
			if (!pid.isBlank()) {
				Shell.tryRun("kill", "-KILL", pid.trim());
			}
		}
	}

	/**
	 * Adds a host: a namespace with loopback and {@code eth0} at 10.231.0.{@code octet}/24 on the bridge.
	 * @return the namespace's name
	 */
	synchronized String addHost(String name, int octet) {
		if (octet < 2 || octet > 254) {
			throw new IllegalArgumentException("octet " + octet);
		}
		String namespace = this.prefix + name;
		String veth = "v" + octet;
		Shell.run("ip", "netns", "add", namespace);
		Shell.run("ip", "-n", namespace, "link", "set", "lo", "up");
		Shell.run("ip", "-n", this.bridge, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns",
				namespace);
		Shell.run("ip", "-n", this.bridge, "link", "set", veth, "master", "br0", "up");
		Shell.run("ip", "-n", namespace, "addr", "add", "10.231.0." + octet + "/24", "dev", "eth0");
		Shell.run("ip", "-n", namespace, "link", "set", "eth0", "up");
		this.addresses.put(name, "10.231.0." + octet);
		return namespace;
	}

	String namespace(String host) {
		return this.prefix + host;
	}

	synchronized String address(String host) {
		String address = this.addresses.get(host);
		if (address == null) {
			throw new IllegalArgumentException("no host " + host);
		}
		return address;
	}

	/** Registers something to undo at close, before the namespaces go (processes first). */
	void onClose(Runnable closer) {
		synchronized (this.closers) {
			this.closers.add(closer);
		}
	}

	/**
	 * Drops packets at {@code host} from {@code peer} ({@code inbound}) and/or to it ({@code outbound}).
	 * Both directions on one side cut the link both ways; one direction is a one-way partition.
	 */
	synchronized void drop(String host, String peer, boolean inbound, boolean outbound) {
		String namespace = namespace(host);
		ensureTable(namespace);
		if (inbound) {
			Shell.run("ip", "netns", "exec", namespace, "nft", "add", "rule", "inet", "zfi", "in", "ip", "saddr",
					address(peer), "drop");
		}
		if (outbound) {
			Shell.run("ip", "netns", "exec", namespace, "nft", "add", "rule", "inet", "zfi", "out", "ip", "daddr",
					address(peer), "drop");
		}
	}

	/** Removes every drop rule of a host. */
	synchronized void heal(String host) {
		Shell.tryRun("ip", "netns", "exec", namespace(host), "nft", "delete", "table", "inet", "zfi");
	}

	private void ensureTable(String namespace) {
		if (Shell.tryRun("ip", "netns", "exec", namespace, "nft", "list", "table", "inet", "zfi").exit() == 0) {
			return;
		}
		Shell.run("ip", "netns", "exec", namespace, "nft", "add", "table", "inet", "zfi");
		Shell.run("ip", "netns", "exec", namespace, "nft",
				"add chain inet zfi in { type filter hook input priority 0 ; policy accept ; }");
		Shell.run("ip", "netns", "exec", namespace, "nft",
				"add chain inet zfi out { type filter hook output priority 0 ; policy accept ; }");
	}

	/** A small tmpfs at {@code directory} (for a file store that must fill up), unmounted at close. */
	synchronized Path tmpfs(Path directory, String size) throws java.io.IOException {
		Files.createDirectories(directory);
		Shell.run("mount", "-t", "tmpfs", "-o", "size=" + size, PREFIX + "-tmpfs", directory.toString());
		synchronized (this.mounts) {
			this.mounts.add(directory);
		}
		return directory;
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		List<Runnable> toRun;
		synchronized (this.closers) {
			toRun = new ArrayList<>(this.closers);
		}
		java.util.Collections.reverse(toRun);
		for (Runnable closer : toRun) {
			try {
				closer.run();
			}
			catch (RuntimeException ex) {
				System.err.println("fault-injection cleanup: " + ex);
			}
		}
		for (String host : this.addresses.keySet()) {
			killAll(namespace(host));
			Shell.tryRun("ip", "netns", "del", namespace(host));
		}
		killAll(this.bridge);
		Shell.tryRun("ip", "netns", "del", this.bridge);
		synchronized (this.mounts) {
			for (Path mount : this.mounts) {
				Shell.tryRun("umount", "-l", mount.toString());
			}
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.hook);
		}
		catch (IllegalStateException ex) {
			// closing from the hook itself
		}
	}

}
