package dev.zmqspring.samples.majordomo;

import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.zmqspring.majordomo.MajordomoClient;

/**
 * A Majordomo client (Guide ch.4 "mdclient", "mmiecho"): asks the broker whether {@code echo} exists
 * (MMI, spec 8), then calls it synchronously and asynchronously.
 */
@Component
public class EchoClient implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(EchoClient.class);

	private final MajordomoClient client;

	public EchoClient(MajordomoClient client) {
		this.client = client;
	}

	/**
	 * Calls the echo service.
	 * @param text what to send
	 * @return the reply
	 */
	public String echo(String text) {
		return this.client.request("echo", text, String.class);
	}

	/**
	 * Calls the echo service without waiting.
	 * @param text what to send
	 * @return the future reply
	 */
	public CompletableFuture<String> echoLater(String text) {
		return this.client.requestAsync("echo", text, String.class);
	}

	/**
	 * Service discovery over MMI.
	 * @param service a service name
	 * @return whether the broker has workers for it
	 */
	public boolean isAvailable(String service) {
		return this.client.isServiceAvailable(service);
	}

	@Override
	public void run(ApplicationArguments args) {
		// the request waits in the broker until the worker has registered, so no discovery is needed first
		logger.info("echo replied: " + echo("Hello Majordomo"));
		logger.info("mmi.service echo: " + (isAvailable("echo") ? "200" : "404"));
		logger.info("mmi.service nope: " + (isAvailable("nope") ? "200" : "404"));
	}

}
