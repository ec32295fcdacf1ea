package dev.zmqspring.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.zeromq.ZMsg;

import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.freelance.FreelanceClient;
import dev.zmqspring.majordomo.MajordomoClient;

/**
 * The client workload (Guide ch.4 Lazy Pirate, Majordomo, Titanic and Freelance clients): sends requests
 * {@code <host>-<n>} one after the other until {@code fault.requests} are done, the suite creates the
 * file {@code fault.stop} or {@code fault.longest} has passed, records each as invoke then ok / fail / timeout with its
 * request and reply, and exits. A Titanic client records {@code ack} with the UUID Titanic gave, and
 * after the workload asks again for acknowledged requests whose call failed ({@code answered}). Every
 * loop is bounded in count and time.
 */
@Component
@Profile({ "lazy-client", "mdp-client", "titanic-client", "freelance-client" })
class Workload implements ApplicationRunner {

	private final History history;

	private final ConfigurableApplicationContext context;

	private final ZmqTemplate template;

	private final MajordomoClient majordomo;

	private final FreelanceClient freelance;

	private final String mode;

	private final String endpoint;

	private final int requests;

	private final Path stop;

	private final Duration longest;

	private final Duration pace;

	private final Duration drain;

	/** Titanic requests acknowledged but not yet answered when a call failed: UUID to request. */
	private final Map<String, String> unanswered = new LinkedHashMap<>();

	Workload(History history, ConfigurableApplicationContext context, ZmqTemplate template,
			ObjectProvider<MajordomoClient> majordomo, ObjectProvider<FreelanceClient> freelance,
			@Value("${spring.profiles.active}") String mode, @Value("${fault.endpoint:}") String endpoint,
			@Value("${fault.requests:100000}") int requests, @Value("${fault.stop}") Path stop,
			@Value("${fault.longest:15m}") Duration longest,
			@Value("${fault.pace:50ms}") Duration pace, @Value("${fault.drain:30s}") Duration drain) {
		this.history = history;
		this.context = context;
		this.template = template;
		this.majordomo = majordomo.getIfAvailable();
		this.freelance = freelance.getIfAvailable();
		this.mode = mode;
		this.endpoint = endpoint;
		this.requests = requests;
		this.stop = stop;
		this.longest = longest;
		this.pace = pace;
		this.drain = drain;
	}

	/** Until the suite creates the stop file, and never longer than {@code fault.longest}. */
	private boolean running(long deadline) {
		return !Files.exists(this.stop) && System.currentTimeMillis() < deadline;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			long deadline = System.currentTimeMillis() + this.longest.toMillis();
			for (int n = 1; n <= this.requests && running(deadline); n++) {
				String request = this.history.node() + "-" + n;
				this.history.record("invoke", "req", request);
				try {
					String reply = call(request);
					this.history.record("ok", "req", request, "reply", reply);
				}
				catch (ZmqRequestTimeoutException ex) {
					this.history.record("timeout", "req", request, "err", ex.getClass().getSimpleName());
				}
				catch (RuntimeException ex) {
					this.history.record("fail", "req", request, "err", ex.getClass().getName() + ": " + ex.getMessage());
				}
				LockSupport.parkNanos(this.pace.toNanos()); // a paced client: the faults, not the load, are the point
			}
			drainTitanic();
			this.history.record("done");
		}
		finally {
			System.exit(SpringApplication.exit(this.context));
		}
	}

	private String call(String request) {
		return switch (this.mode) {
			case "lazy-client" -> this.template.request(this.endpoint, request, String.class);
			case "mdp-client" -> this.majordomo.request("echo", request, String.class);
			case "titanic-client" -> titanic(request);
			case "freelance-client" -> this.freelance.request(request, String.class);
			default -> throw new IllegalStateException("fault: unknown workload " + this.mode);
		};
	}

	/**
	 * Guide ch.4 ticlient: titanic.request, then titanic.reply until it is there, then titanic.close.
	 * The UUID is recorded as soon as Titanic acknowledges it ({@code ack}), so the checker knows which
	 * requests Titanic promised to answer.
	 */
	private String titanic(String request) {
		ZMsg ask = new ZMsg();
		ask.add("echo");
		ask.add(request);
		ZMsg ack = this.majordomo.request("titanic.request", ask, ZMsg.class);
		String status = ack.popString();
		if (!"200".equals(status)) {
			throw new IllegalStateException("titanic.request refused: " + status);
		}
		String uuid = ack.popString();
		this.history.record("ack", "req", request, "uuid", uuid);
		try {
			long deadline = System.currentTimeMillis() + 20_000;
			while (System.currentTimeMillis() < deadline) {
				String body = titanicReply(uuid);
				if (body != null) {
					return body;
				}
				LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
			}
			throw new IllegalStateException("titanic.reply " + uuid + ": no reply within 20 s");
		}
		catch (RuntimeException ex) {
			this.unanswered.put(uuid, request);
			throw ex;
		}
	}

	/** titanic.reply once: the body and titanic.close when it is there, null while pending (300). */
	private String titanicReply(String uuid) {
		ZMsg poll = new ZMsg();
		poll.add(uuid);
		ZMsg reply = this.majordomo.request("titanic.reply", poll, ZMsg.class);
		String code = reply.popString();
		if ("200".equals(code)) {
			String body = reply.popString();
			ZMsg close = new ZMsg();
			close.add(uuid);
			try {
				this.majordomo.request("titanic.close", close, ZMsg.class);
			}
			catch (RuntimeException ex) {
				// the answer is in hand: a close whose reply was lost may still have closed the
				// request (titanic.reply then says 400), and an unclosed one expires (request-expiry)
				this.history.record("close-failed", "uuid", uuid, "err", ex.getClass().getSimpleName());
			}
			return body;
		}
		if (!"300".equals(code)) {
			throw new IllegalStateException("titanic.reply " + uuid + ": " + code);
		}
		return null;
	}

	/**
	 * After the workload: asks again for every acknowledged request whose call failed, until each is
	 * answered or {@code fault.drain} is over, recording {@code answered} for each reply.
	 */
	private void drainTitanic() {
		long deadline = System.currentTimeMillis() + this.drain.toMillis();
		while (!this.unanswered.isEmpty() && System.currentTimeMillis() < deadline) {
			for (Iterator<Map.Entry<String, String>> it = this.unanswered.entrySet().iterator(); it.hasNext();) {
				Map.Entry<String, String> entry = it.next();
				try {
					String body = titanicReply(entry.getKey());
					if (body != null) {
						this.history.record("answered", "req", entry.getValue(), "uuid", entry.getKey(), "reply", body);
						it.remove();
					}
				}
				catch (RuntimeException ex) {
					this.history.record("drain-error", "req", entry.getValue(), "err", ex.toString());
				}
			}
			LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
		}
	}

}
