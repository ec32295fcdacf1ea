package dev.zmqspring.samples.weather;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.zeromq.SocketType;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.zmqspring.core.ZmqTemplate;

/**
 * The ch.1 weather server: binds a PUB socket (owned by the template) and publishes updates in a
 * loop on its own thread until the application stops. Like the Guide, it does not care whether
 * anyone listens: updates nobody subscribed to are dropped by ZeroMQ.
 *
 * <p>Each update uses the ch.2 envelope {@code [zipcode]["zipcode temperature humidity"]}, so the
 * subscription filters on the topic frame. Zip codes are drawn from ten values (10000-10009) rather
 * than the Guide's 100,000, so the client's hundred updates arrive within a second.
 */
@Component
public class WeatherServer implements SmartLifecycle {

	private final ZmqTemplate zmq;

	private final String bind;

	private final String endpoint;

	private volatile boolean running;

	private Thread publisher;

	public WeatherServer(ZmqTemplate zmq, @Value("${weather.bind}") String bind) {
		this.zmq = zmq;
		this.bind = "@" + bind;
		// bind now, so subscribers created later can connect to the actual (possibly ephemeral) port
		List<String> bound = zmq.bind(this.bind, SocketType.PUB);
		this.endpoint = bound.get(0).replace("0.0.0.0", "localhost");
	}

	/** Where a subscriber in this application connects. */
	public String getEndpoint() {
		return this.endpoint;
	}

	@Override
	public void start() {
		this.running = true;
		this.publisher = new Thread(this::publish, "weather-server");
		this.publisher.start();
	}

	private void publish() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (this.running) {
			int zipcode = 10000 + random.nextInt(10);
			int temperature = random.nextInt(215) - 80;
			int humidity = random.nextInt(50) + 10;
			String zip = String.format("%05d", zipcode);
			this.zmq.publish(this.bind, zip, String.format("%s %d %d", zip, temperature, humidity));
			Thread.onSpinWait();
		}
		this.zmq.releaseThreadSockets();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.publisher;
		if (thread != null) {
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
