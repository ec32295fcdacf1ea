package dev.zmqspring.samples.weather;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqTopic;

/**
 * The ch.1 weather client: a SUB socket subscribed to one zip code (a prefix match on the topic
 * frame) that averages the temperature of the first {@code weather.updates} updates. It connects to
 * {@code weather.connect} when set, otherwise to the server in this application (SpEL).
 */
@Component
public class WeatherClient {

	private final int updates;

	private final CountDownLatch done = new CountDownLatch(1);

	private long totalTemperature;

	private int received;

	private volatile double average;

	public WeatherClient(@Value("${weather.updates}") int updates) {
		this.updates = updates;
	}

	@ZmqSubscriber(id = "weather-client", endpoints = "${weather.connect:#{weatherServer.endpoint}}",
			topics = "${weather.zipcode}")
	void onUpdate(@ZmqTopic String zipcode, String update) {
		if (this.received == this.updates) {
			return; // done; updates keep coming until the application exits
		}
		String[] fields = update.split(" ");
		this.totalTemperature += Integer.parseInt(fields[1]);
		this.received++;
		if (this.received == this.updates) {
			this.average = (double) this.totalTemperature / this.updates;
			this.done.countDown();
		}
	}

	/**
	 * Waits until the client has its updates.
	 * @param timeout how long to wait
	 * @return the average temperature
	 */
	public double awaitAverage(Duration timeout) throws InterruptedException {
		if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Only " + this.received + " of " + this.updates + " updates in " + timeout);
		}
		return this.average;
	}

	/** How many updates were averaged so far. */
	public int getReceived() {
		return this.received;
	}

}
