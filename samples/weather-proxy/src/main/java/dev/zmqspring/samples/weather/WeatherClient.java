package dev.zmqspring.samples.weather;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqTopic;

/**
 * The weather client of Guide ch.1 (wuclient): subscribes to one zip code on the forwarder's inproc
 * backend ({@code [zipcode]["temperature humidity"]} envelopes, ch.2 "Pub-Sub Message Envelopes")
 * and keeps a running average temperature.
 */
@Component
public class WeatherClient {

	private static final Log logger = LogFactory.getLog(WeatherClient.class);

	private final String zipcode;

	private final AtomicLong updates = new AtomicLong();

	private final AtomicLong otherZipcodes = new AtomicLong();

	private volatile long temperatureSum;

	public WeatherClient(@Value("${weather.zipcode}") String zipcode) {
		this.zipcode = zipcode;
	}

	@ZmqSubscriber(id = "weather-client", endpoints = "inproc://weather", topics = "${weather.zipcode}")
	void onUpdate(@ZmqTopic String zip, String update) {
		if (!zip.equals(this.zipcode)) {
			this.otherZipcodes.incrementAndGet();
			return;
		}
		this.temperatureSum += Integer.parseInt(update.split(" ")[0]);
		long n = this.updates.incrementAndGet();
		if (n % 100 == 0) {
			logger.info("Average temperature for zipcode '" + this.zipcode + "' was " + getAverageTemperature() + "F over "
					+ n + " updates");
		}
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

}
