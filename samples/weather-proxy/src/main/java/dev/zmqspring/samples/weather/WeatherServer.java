package dev.zmqspring.samples.weather;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.proxy.ZmqProxy;

/**
 * The weather server of Guide ch.1 (wuserver), publishing {@code [zipcode]["temperature humidity"]} updates
 * to the forwarder's frontend. A remote server would simply publish to
 * {@code tcp://proxy-host:5559}; inside this application it asks the proxy where its frontend is, so
 * the sample works with any configured (even ephemeral) port.
 */
@Component
public class WeatherServer {

	private final ZmqTemplate zmq;

	private final ZmqProxy proxy;

	public WeatherServer(ZmqTemplate zmq, @Qualifier("zmqProxy.weather") ZmqProxy proxy) {
		this.zmq = zmq;
		this.proxy = proxy;
	}

	@Scheduled(fixedRate = 5)
	public void publish() {
		if (!this.proxy.isRunning()) {
			return;
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String zipcode = String.format("%05d", random.nextInt(9999, 10004));
		int temperature = random.nextInt(-80, 135);
		int humidity = random.nextInt(10, 60);
		String frontend = this.proxy.getEndpoints().get(0).replace("0.0.0.0", "127.0.0.1");
		// [zipcode]["temperature humidity"]: subscribers filter on the zip code frame (ch.2 envelopes)
		this.zmq.publish(">" + frontend, zipcode, temperature + " " + humidity);
	}

}
