package dev.zmqspring.samples.weather;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorComponent;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketFactory;

/**
 * The weather client of Guide ch.1 (wuclient): subscribes to one zip code on the forwarder's inproc
 * backend ({@code [zipcode]["temperature humidity"]} envelopes, ch.2 "Pub-Sub Message Envelopes")
 * and keeps a running average temperature. Written as a plain SUB actor; with
 * {@code @ZmqSubscriber} it is one annotated method.
 */
@Component
public class WeatherClient implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WeatherClient.class);

	private final ZmqSocketFactory factory;

	private final String zipcode;

	private final AtomicLong updates = new AtomicLong();

	private final AtomicLong otherZipcodes = new AtomicLong();

	private volatile long temperatureSum;

	private ZmqActor actor;

	public WeatherClient(ZmqSocketFactory factory, @Value("${weather.zipcode}") String zipcode) {
		this.factory = factory;
		this.zipcode = zipcode;
	}

	/** Updates received for the zip code. */
	public long getUpdates() {
		return this.updates.get();
	}

	/** Updates received for other zip codes (the subscription filter makes this 0). */
	public long getOtherZipcodes() {
		return this.otherZipcodes.get();
	}

	/** The average temperature so far. */
	public double getAverageTemperature() {
		long n = this.updates.get();
		return (n == 0) ? Double.NaN : (double) this.temperatureSum / n;
	}

	@Override
	public synchronized void start() {
		this.actor = new ZmqActor("weather-client", this.factory, new ZmqActorBehavior() {
			@Override
			public void open(ZmqActorLoop loop) {
				ZMQ.Socket sub = loop.socket(SocketType.SUB, List.of(ZmqEndpoint.connect("inproc://weather")));
				sub.subscribe(WeatherClient.this.zipcode.getBytes(StandardCharsets.UTF_8));
				loop.register(sub, WeatherClient.this::onUpdates);
			}
		});
		this.actor.start(Duration.ofSeconds(10));
	}

	private void onUpdates(ZMQ.Socket sub) {
		String zip;
		while ((zip = sub.recvStr(ZMQ.DONTWAIT)) != null) {
			String update = sub.hasReceiveMore() ? sub.recvStr() : "";
			if (!zip.equals(this.zipcode)) {
				this.otherZipcodes.incrementAndGet();
				continue;
			}
			this.temperatureSum += Integer.parseInt(update.split(" ")[0]);
			long n = this.updates.incrementAndGet();
			if (n % 100 == 0) {
				logger.info("Average temperature for zipcode '" + this.zipcode + "' was " + getAverageTemperature()
						+ "F over " + n + " updates");
			}
		}
	}

	@Override
	public synchronized void stop() {
		if (this.actor != null) {
			this.actor.stop(Duration.ofSeconds(5));
		}
	}

	@Override
	public boolean isRunning() {
		return this.actor != null && this.actor.isRunning();
	}

	@Override
	public int getPhase() {
		return ZmqActorComponent.PHASE + 1; // after the proxy has bound inproc://weather
	}

}
