package dev.zmqspring.actuate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.zmqspring.security.ZmqAuthentication;

/**
 * The {@code zmq.auth} counter (RFC 27 ZAP): one count per decision of the ZAP handler, tagged with
 * {@code result} ({@code allowed}, {@code denied}, {@code error}), {@code profile} (the ZAP domain)
 * and {@code mechanism} ({@code NULL}, {@code PLAIN}, {@code CURVE}). Profiles are the application's
 * own, so the tags are bounded.
 */
public class ZmqAuthenticationMetrics implements MeterBinder {

	/** The meter name. */
	public static final String AUTH = "zmq.auth";

	private final ZmqAuthentication authentication;

	public ZmqAuthenticationMetrics(ZmqAuthentication authentication) {
		this.authentication = authentication;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.authentication.addListener((request, decision) -> Counter.builder(AUTH)
			.description("Connections the ZAP handler decided on")
			.tag("result", decision.result())
			.tag("profile", request.domain())
			.tag("mechanism", request.mechanism())
			.register(registry)
			.increment());
	}

}
