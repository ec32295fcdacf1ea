package dev.zmqspring.samples.majordomo;

import java.time.Duration;
import java.util.List;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.listener.ZmqWorkerProtocol;
import dev.zmqspring.majordomo.MajordomoBroker;

/**
 * The {@code echo} service (Guide ch.4 "mdworker"): a Majordomo worker that replies with the request.
 *
 * <p>With the listener support this whole class becomes one annotated method:
 *
 * <pre class="code">
 * &#64;ZmqWorker(service = "echo")
 * byte[] echo(byte[] body) {
 *     return body;
 * }
 * </pre>
 *
 * Until then it runs the {@code "majordomo"} worker protocol bean directly on an actor.
 */
@Component
public class EchoWorker implements SmartLifecycle {

	private final ZmqWorkerProtocol majordomo;

	private final ZmqSocketFactory factory;

	private volatile ZmqActor actor;

	public EchoWorker(ZmqWorkerProtocol majordomo, ZmqSocketFactory factory) {
		this.majordomo = majordomo;
		this.factory = factory;
	}

	@Override
	public void start() {
		ZmqWorkerDefinition definition = new ZmqWorkerDefinition("echoWorker", 0, List.of(), "echo", "",
				"EchoWorker");
		this.majordomo.validate(definition);
		ZmqActor worker = new ZmqActor("echo-worker", this.factory,
				this.majordomo.createWorker(definition, (request) -> request));
		worker.start(Duration.ofSeconds(10));
		this.actor = worker;
	}

	@Override
	public void stop() {
		ZmqActor worker = this.actor;
		if (worker != null) {
			worker.stop(Duration.ofSeconds(10));
		}
	}

	@Override
	public boolean isRunning() {
		ZmqActor worker = this.actor;
		return worker != null && worker.isRunning();
	}

	@Override
	public int getPhase() {
		return MajordomoBroker.PHASE + 1; // after the broker, stopped before it
	}

}
