package dev.zmqspring.actor;

import org.zeromq.ZMQ;

/**
 * Reacts to a readable socket inside an actor. Implementations read without blocking
 * ({@link ZMQ#DONTWAIT}) and should drain a batch of messages per call: polling once per message is
 * the most expensive thing a JeroMQ loop can do.
 */
@FunctionalInterface
public interface ZmqSocketHandler {

	/**
	 * Handles input on the socket.
	 * @param socket the readable socket
	 * @throws Exception on failure; an escaping exception fails the actor
	 */
	void onReadable(ZMQ.Socket socket) throws Exception;

}
