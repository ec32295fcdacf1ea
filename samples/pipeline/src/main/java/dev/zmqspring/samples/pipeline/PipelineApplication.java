package dev.zmqspring.samples.pipeline;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.zmqspring.core.ZmqTemplate;

/**
 * Guide ch.1 "Divide and Conquer" with ch.2 "Handling Errors and ETERM": a ventilator pushes
 * {@code pipeline.tasks} tasks (workloads in milliseconds) to a pool of PULL workers, which push
 * their results to the sink; when the sink has every result it broadcasts KILL on the controller
 * PUB socket and the workers stop. The application exits when the batch is done.
 *
 * <p>The ventilator is {@link ZmqTemplate#push} on a bound endpoint; the workers and the sink are
 * {@code @ZmqWorker(type = PULL)} methods ({@link Workers}, {@link Sink}); the kill signal reaches
 * the workers through a {@code @ZmqSubscriber}.
 */
@SpringBootApplication
public class PipelineApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(PipelineApplication.class, args);
		System.exit(SpringApplication.exit(context));
	}

	/** The ventilator ({@code taskvent}): sends the batch, then waits for the sink and the kill signal. */
	@Bean
	CommandLineRunner ventilator(ZmqTemplate zmq, Endpoints endpoints, Sink sink, Workers workers,
			@Value("${pipeline.tasks}") int tasks) {
		return (args) -> {
			// the kill signal is synchronized: the controller waits for the workers' subscription (ch.2)
			sink.awaitWorkersListening(Duration.ofSeconds(30));
			long expected = 0;
			ThreadLocalRandom random = ThreadLocalRandom.current();
			for (int i = 0; i < tasks; i++) {
				int workload = random.nextInt(1, 11);
				expected += workload;
				zmq.push(endpoints.ventilatorBind(), Integer.toString(workload));
			}
			System.out.println("Total expected cost: " + expected + " msec");
			long elapsed = sink.awaitBatch(Duration.ofMinutes(1));
			System.out.println("Total elapsed time: " + elapsed + " msec");
			workers.awaitKilled(Duration.ofSeconds(30));
			System.out.println("Workers stopped by the kill signal");
		};
	}

}
