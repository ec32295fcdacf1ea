package dev.zmqspring.samples.binarystar;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * The server both peers run (bstarsrv): a REP server gated by the pair, so only the active peer
 * answers and the passive one stays silent to clients.
 */
@Component
@Profile({ "primary", "backup" })
class EchoServer {

	private final String role;

	EchoServer(@Value("${zmq.binary-star.role}") String role) {
		this.role = role;
	}

	@ZmqWorker(endpoints = "${sample.frontend}", binaryStar = "true")
	String echo(String request) {
		return this.role + ": " + request;
	}

}
