package dev.zmqspring.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The raw JeroMQ side of {@link CloneBenchmark}: a Clone server (Guide ch.5, clonesrv5 without TTLs)
 * on one thread with a poller, no library code: snapshot ROUTER, update PUB, collector SUB, the
 * same high-water marks as the library's Clone sockets (none). Also the raw side of the Clone
 * snapshot scaling series ({@code scaling.CloneScaling}).
 */
public final class RawCloneServer implements AutoCloseable {

	private final ZContext context;

	private final Thread thread;

	private volatile boolean running = true;

	/** The snapshot ROUTER's endpoint. */
	public final String snapshot;

	/** The update PUB's endpoint. */
	public final String publisher;

	/** The collector SUB's endpoint. */
	public final String collector;

	private final Object ready = new Object();

	private String[] bound;

	public RawCloneServer(ZContext context) throws InterruptedException {
		this.context = context;
		this.thread = new Thread(this::run, "raw-clone-server");
		this.thread.start();
		synchronized (this.ready) {
			while (this.bound == null) {
				this.ready.wait();
			}
		}
		this.snapshot = this.bound[0];
		this.publisher = this.bound[1];
		this.collector = this.bound[2];
	}

	/**
	 * A raw socket as the Clone benchmarks open them: no high-water mark, no linger.
	 * @param context the context
	 * @param type the socket type
	 * @return the socket
	 */
	public static ZMQ.Socket socket(ZContext context, SocketType type) {
		ZMQ.Socket socket = context.createSocket(type);
		socket.setSndHWM(0);
		socket.setRcvHWM(0);
		socket.setLinger(0);
		return socket;
	}

	/**
	 * A raw client's snapshot, started as the Guide's clonecli5 starts: subscriber and publisher
	 * connected first, then {@code ICANHAZ?} on a DEALER, every kvmsg's value put in a
	 * {@code HashMap} by key until {@code KTHXBAI}.
	 * @param context the client's context
	 * @return the keys received, and the nanoseconds from the first socket to {@code KTHXBAI} (the
	 * sockets' close not counted)
	 */
	public Snapshot clientSnapshot(ZContext context) {
		long start = System.nanoTime();
		ZMQ.Socket subscriber = socket(context, SocketType.SUB);
		subscriber.subscribe(ZMQ.SUBSCRIPTION_ALL);
		subscriber.connect(this.publisher);
		ZMQ.Socket publisher = socket(context, SocketType.PUB);
		publisher.connect(this.collector);
		ZMQ.Socket dealer = socket(context, SocketType.DEALER);
		dealer.connect(this.snapshot);
		dealer.sendMore("ICANHAZ?");
		dealer.send(new byte[0], 0);
		Map<String, String> copy = new HashMap<>();
		while (true) {
			String key = new String(dealer.recv(0), StandardCharsets.UTF_8);
			dealer.recv(0);
			dealer.recv(0);
			dealer.recv(0);
			byte[] body = dealer.recv(0);
			if (key.equals("KTHXBAI")) {
				break;
			}
			copy.put(key, new String(body, StandardCharsets.UTF_8));
		}
		long nanos = System.nanoTime() - start;
		dealer.close();
		subscriber.close();
		publisher.close();
		return new Snapshot(copy.size(), nanos);
	}

	/**
	 * What a raw client's snapshot got.
	 * @param keys the keys received
	 * @param nanos the time from the client's first socket to {@code KTHXBAI}
	 */
	public record Snapshot(int keys, long nanos) {
	}

	private void run() {
		ZMQ.Socket router = socket(this.context, SocketType.ROUTER);
		ZMQ.Socket pub = socket(this.context, SocketType.PUB);
		ZMQ.Socket sub = socket(this.context, SocketType.SUB);
		router.bind("tcp://127.0.0.1:*");
		pub.bind("tcp://127.0.0.1:*");
		sub.bind("tcp://127.0.0.1:*");
		sub.subscribe(ZMQ.SUBSCRIPTION_ALL);
		synchronized (this.ready) {
			this.bound = new String[] { router.getLastEndpoint(), pub.getLastEndpoint(), sub.getLastEndpoint() };
			this.ready.notifyAll();
		}
		Map<String, byte[][]> map = new TreeMap<>();
		long sequence = 0;
		ZMQ.Poller poller = this.context.createPoller(2);
		poller.register(router, ZMQ.Poller.POLLIN);
		poller.register(sub, ZMQ.Poller.POLLIN);
		while (this.running) {
			if (poller.poll(100) <= 0) {
				continue;
			}
			byte[] identity;
			while ((identity = router.recv(ZMQ.DONTWAIT)) != null) {
				router.recv(0);
				byte[] subtree = router.recv(0);
				String prefix = new String(subtree);
				for (Map.Entry<String, byte[][]> entry : map.entrySet()) {
					if (entry.getKey().startsWith(prefix)) {
						router.sendMore(identity);
						send(router, entry.getValue());
					}
				}
				router.sendMore(identity);
				send(router, new byte[][] { "KTHXBAI".getBytes(), ByteBuffer.allocate(8).putLong(sequence).array(),
						new byte[0], new byte[0], subtree });
			}
			byte[] key;
			while ((key = sub.recv(ZMQ.DONTWAIT)) != null) {
				byte[][] frames = new byte[5][];
				frames[0] = key;
				int n = 1;
				while (sub.hasReceiveMore()) {
					byte[] frame = sub.recv(0);
					if (n < 5) {
						frames[n] = frame;
					}
					n++;
				}
				if (n != 5 || frames[1].length != 8) {
					continue;
				}
				frames[1] = ByteBuffer.allocate(8).putLong(++sequence).array();
				send(pub, frames);
				if (frames[4].length == 0) {
					map.remove(new String(key));
				}
				else {
					map.put(new String(key), Arrays.copyOf(frames, 5));
				}
			}
		}
		poller.close();
		router.close();
		pub.close();
		sub.close();
	}

	public static void send(ZMQ.Socket socket, byte[][] frames) {
		for (int i = 0; i < frames.length - 1; i++) {
			socket.sendMore(frames[i]);
		}
		socket.send(frames[frames.length - 1], 0);
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(5000);
	}

}
