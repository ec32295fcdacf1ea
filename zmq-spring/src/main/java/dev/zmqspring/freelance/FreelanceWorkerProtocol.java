package dev.zmqspring.freelance;

import java.util.List;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.listener.ZmqWorkerProtocol;
import dev.zmqspring.support.ZmqEndpoint;

/**
 * The worker protocol {@code @ZmqWorker(protocol = "freelance", endpoints = "tcp://*:5555")}: a
 * Freelance model 3 server (Guide ch.4 flserver3, spec 10/FLP), a {@link FreelanceServer} whose
 * ROUTER binds the endpoints and uses its public endpoint as routing identity. The public endpoint is
 * the first endpoint (every endpoint is bound) with a wildcard host ({@code *}) replaced by {@link #getPublicHost()}; the port
 * must be fixed, because the identity is set before the bind. The same server answers model 1 (REQ)
 * and model 2 (DEALER) clients. One worker per definition ({@code concurrency} 1): two ROUTERs cannot
 * bind one port.
 */
public class FreelanceWorkerProtocol implements ZmqWorkerProtocol {

	/** The protocol name. */
	public static final String NAME = "freelance";

	private String publicHost = "localhost";

	@Override
	public String getName() {
		return NAME;
	}

	/** The host put in place of a wildcard ({@code *}) in the server's identity; {@code localhost} by default. */
	public String getPublicHost() {
		return this.publicHost;
	}

	/**
	 * Sets the host put in place of a wildcard in the server's identity.
	 * @param publicHost the host clients connect to
	 */
	public void setPublicHost(String publicHost) {
		this.publicHost = publicHost;
	}

	@Override
	public void validate(ZmqWorkerDefinition definition) {
		if (definition.endpoints().isEmpty()) {
			throw new IllegalStateException(definition.source() + ": @ZmqWorker(protocol = \"" + NAME
					+ "\") needs endpoints to bind, e.g. \"tcp://*:5555\"");
		}
		for (ZmqEndpoint endpoint : definition.endpoints()) {
			if (endpoint.isEphemeral()) {
				throw new IllegalStateException(definition.source() + ": a Freelance server's identity is its endpoint,"
						+ " set before the bind, so its port must be fixed: '" + endpoint.address() + "'");
			}
		}
	}

	/**
	 * The routing identity of a server bound to these endpoints: its public endpoint.
	 * @param definition the worker definition
	 * @return the identity text
	 */
	public String identity(ZmqWorkerDefinition definition) {
		String address = definition.endpoints().get(0).address();
		return address.replace("://*:", "://" + this.publicHost + ":");
	}

	@Override
	public ZmqActorBehavior createWorker(ZmqWorkerDefinition definition, ZmqRequestHandler handler) {
		validate(definition);
		// a server: every endpoint is bound, whatever its prefix (protocol workers default to connecting)
		List<ZmqEndpoint> binds = definition.endpoints().stream().map((e) -> ZmqEndpoint.bind(e.address())).toList();
		return new FreelanceServer(identity(definition), binds, definition.source(), handler);
	}

}
