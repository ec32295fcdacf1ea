package dev.zmqspring.benchmarks;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqTopic;

/**
 * The high-speed subscriber of Guide ch.5 (the "black box") as an application runs it: a
 * {@code @ZmqSubscriber(concurrency = N)} whose handler costs about 2 µs per message (a busy wait),
 * against a raw single-threaded SUB {@code recv()} loop with the same handler. A raw PUB publishes
 * {@code messages} messages on 50 topics per round, at most 500 ahead of what the subscriber has
 * handled (so nothing meets the high-water mark); a round is timed until the last one is handled.
 * Rounds alternate raw and starter; the first pair is a warm-up. Prints messages/s per side and the
 * ratio starter / raw per pair, then min/median/max.
 *
 * <pre>
 * java -cp "$CP" dev.zmqspring.benchmarks.BlackBoxSubscriber [concurrency=2] [pairs=5] [messages=200000]
 * </pre>
 */
public final class BlackBoxSubscriber {

	/** The handler's busy wait; {@link BlackBoxScaling} sets a longer one before it starts. */
	static volatile long handlerNanos = 2_000;

	static final AtomicLong handled = new AtomicLong();

	private BlackBoxSubscriber() {
	}

	public static void main(String[] args) throws Exception {
		int concurrency = (args.length > 0) ? Integer.parseInt(args[0]) : 2;
		int pairs = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		int messages = (args.length > 2) ? Integer.parseInt(args[2]) : 200_000;
		int starterPort = freePort();
		ConfigurableApplicationContext application = StarterApp.start(App.class, "blackbox.port=" + starterPort,
				"blackbox.concurrency=" + concurrency);
		ZContext context = RawZmq.context();
		int rawPort = freePort();
		RawLoop raw = new RawLoop(context, "tcp://127.0.0.1:" + rawPort);
		ZMQ.Socket starterPub = publisher(context, "tcp://127.0.0.1:" + starterPort);
		ZMQ.Socket rawPub = publisher(context, "tcp://127.0.0.1:" + rawPort);
		List<Double> ratios = new ArrayList<>();
		try {
			for (int pair = 0; pair <= pairs; pair++) {
				boolean rawFirst = pair % 2 == 0;
				double a = rawFirst ? round(rawPub, raw.handled, messages) : round(starterPub, handled, messages);
				double b = rawFirst ? round(starterPub, handled, messages) : round(rawPub, raw.handled, messages);
				double rawRate = rawFirst ? a : b;
				double starterRate = rawFirst ? b : a;
				System.out.printf(Locale.ROOT, "%s pair %d: raw %,.0f msg/s, starter (concurrency %d) %,.0f msg/s, ratio %.2f%n",
						(pair == 0) ? "warm-up" : "measured", pair, rawRate, concurrency, starterRate, starterRate / rawRate);
				if (pair > 0) {
					ratios.add(starterRate / rawRate);
				}
			}
		}
		finally {
			starterPub.close();
			rawPub.close();
			raw.stop();
			application.close();
			context.close();
		}
		Collections.sort(ratios);
		System.out.printf(Locale.ROOT, "black-box subscriber, concurrency %d, 2 us handler, %d pairs of %d messages: ratio min %.2f median %.2f max %.2f%n",
				concurrency, ratios.size(), messages, ratios.get(0), ratios.get(ratios.size() / 2), ratios.get(ratios.size() - 1));
	}

	static ZMQ.Socket publisher(ZContext context, String endpoint) {
		ZMQ.Socket pub = RawZmq.socket(context, SocketType.PUB);
		pub.connect(endpoint);
		return pub;
	}

	/** Publishes until the first message is handled (the subscription has arrived), then times a round. */
	static double round(ZMQ.Socket pub, AtomicLong counter, int messages) {
		long before = counter.get();
		while (counter.get() == before) {
			pub.sendMore("topic-0");
			pub.send("warm-up");
			LockSupport.parkNanos(1_000_000);
		}
		while (counter.get() < before + 1) {
			Thread.onSpinWait();
		}
		long start = System.nanoTime();
		long base = counter.get();
		// 500 ahead is 500 handler calls of work queued: the publisher looks again after about 20 of
		// them, not every 20 µs, so its wake-ups do not take the cores from busy handlers
		long pause = Math.max(20_000, 20 * handlerNanos);
		for (int i = 0; i < messages; i++) {
			while (i - (counter.get() - base) >= 500) {
				LockSupport.parkNanos(pause);
			}
			pub.sendMore("topic-" + (i % 50));
			pub.send("payload");
		}
		while (counter.get() - base < messages) {
			LockSupport.parkNanos(20_000); // the last few: a short wait keeps the round's end exact
		}
		return messages * 1e9 / (System.nanoTime() - start);
	}

	static void work() {
		long end = System.nanoTime() + handlerNanos;
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

	static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** The raw side: one thread, one SUB, the same handler. */
	static final class RawLoop {

		final AtomicLong handled = new AtomicLong();

		private final Thread thread;

		RawLoop(ZContext context, String endpoint) throws InterruptedException {
			java.util.concurrent.CountDownLatch bound = new java.util.concurrent.CountDownLatch(1);
			this.thread = new Thread(() -> {
				ZMQ.Socket sub = RawZmq.socket(context, SocketType.SUB);
				sub.subscribe(ZMQ.SUBSCRIPTION_ALL);
				sub.bind(endpoint);
				bound.countDown();
				try {
					while (true) {
						byte[] topic = sub.recv(0);
						if (topic == null) {
							return;
						}
						while (sub.hasReceiveMore()) {
							sub.recv(0);
						}
						work();
						this.handled.incrementAndGet();
					}
				}
				catch (RuntimeException ex) {
					// ETERM: the context is closing
				}
				finally {
					sub.close();
				}
			}, "raw-sub");
			this.thread.start();
			bound.await();
		}

		void stop() {
			// the context closes after the application; its termination ends the loop
		}

	}

	/** The application: one black-box subscriber with the same handler. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class App {

		@ZmqSubscriber(endpoints = "@tcp://127.0.0.1:${blackbox.port}", concurrency = "${blackbox.concurrency}")
		void onMessage(@ZmqTopic String topic, byte[] payload) {
			work();
			handled.incrementAndGet();
		}

	}

}
