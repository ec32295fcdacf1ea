package dev.zmqspring.binarystar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * One half of a Binary Star pair (Guide ch.4 "High-Availability Pair") as a process of its own, for
 * {@link BinaryStarPauseTests}, which pauses it with SIGSTOP. A Spring Boot application with the pair
 * and a gated REP-style worker that appends every request it executes to {@code --record} (one line
 * each, so "executed by both halves" is checkable from outside) and answers {@code <role>:<request>}.
 *
 * <p>Arguments: {@code --role=primary|backup --local=EP --remote=EP --frontend=EP --heartbeat-ms=N
 * --record=FILE}. Stdout lines: {@code READY} once started, {@code STATUS role=.. state=.. stale=..
 * pauses=.. staleDiscarded=.. dualActiveResolved=.. event=<kind>: <reason>} on every Binary Star event
 * and on the stdin command {@code STATUS} (after a {@code DETAILS} line with the pair's health
 * details); the process exits when its stdin ends.
 */
public final class BinaryStarPauseHalf {

	private BinaryStarPauseHalf() {
	}

	public static void main(String[] args) throws IOException {
		List<String> properties = new ArrayList<>(List.of("spring.jmx.enabled=false", "zmq.linger=0ms",
				"zmq.handshake-interval=1s", "logging.level.root=WARN", "logging.level.dev.zmqspring.binarystar=INFO"));
		for (String arg : args) {
			String[] pair = arg.substring(2).split("=", 2);
			switch (pair[0]) {
				case "role" -> properties.add("zmq.binary-star.role=" + pair[1]);
				case "local" -> properties.add("zmq.binary-star.local=" + pair[1]);
				case "remote" -> properties.add("zmq.binary-star.remote=" + pair[1]);
				case "heartbeat-ms" -> properties.add("zmq.binary-star.heartbeat=" + pair[1] + "ms");
				case "frontend" -> properties.add("half.frontend=" + pair[1]);
				case "record" -> properties.add("half.record=" + pair[1]);
				default -> throw new IllegalArgumentException("unknown argument " + arg);
			}
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Half.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.properties(properties.toArray(String[]::new))
			.run();
		BinaryStar pair = context.getBean(BinaryStar.class);
		print("READY");
		print(status(pair, "start"));
		BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
			if (line.equals("STATUS")) {
				print("DETAILS " + pair.getDetails());
				print(status(pair, "asked"));
			}
		}
		context.close();
		System.exit(0);
	}

	static String status(BinaryStar pair, String event) {
		return "STATUS role=" + (pair.isPrimary() ? "primary" : "backup") + " state=" + pair.getPairState()
				+ " stale=" + pair.isStale() + " pauses=" + pair.getPauses() + " staleDiscarded="
				+ pair.getStaleDiscarded() + " dualActiveResolved=" + pair.getDualActiveResolved() + " event=" + event;
	}

	static synchronized void print(String line) {
		System.out.println(line);
		System.out.flush();
	}

	/** The application: the pair comes from the starter's auto-configuration. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Half {

		@Value("${zmq.binary-star.role}")
		private String role;

		@Value("${half.record}")
		private Path record;

		@ZmqWorker(id = "serve", endpoints = "${half.frontend}", binaryStar = "true")
		String serve(String request) {
			try {
				Files.writeString(this.record, request + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return this.role + ":" + request;
		}

		@EventListener
		void onBinaryStarEvent(BinaryStarStateChangedEvent event) {
			print(status(event.getBinaryStar(), event.getKind() + ": " + event.getReason()));
		}

	}

}
