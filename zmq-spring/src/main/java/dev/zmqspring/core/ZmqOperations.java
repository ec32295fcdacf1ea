package dev.zmqspring.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.zeromq.SocketType;
import org.zeromq.ZMsg;

/**
 * The sending side of the Guide's patterns, implemented by {@link ZmqTemplate}. Endpoints follow the
 * CZMQ attach convention ({@code @} binds, {@code >} connects, otherwise the socket type's natural
 * side); payloads are converted by the {@link ZmqMessageConverters}, and a {@link ZMsg} payload is
 * sent frame by frame.
 */
public interface ZmqOperations {

	/**
	 * Publishes {@code [topic][payload]} on a PUB socket (Guide ch.2 "Pub-Sub Message Envelopes").
	 * @param endpoint where the PUB socket binds (default) or connects
	 * @param topic the topic frame
	 * @param payload the payload frame(s)
	 */
	void publish(String endpoint, String topic, Object payload);

	/**
	 * Pushes a payload down a pipeline (Guide ch.1 "Divide and Conquer").
	 * @param endpoint where the PUSH socket connects (default) or binds
	 * @param payload the payload
	 */
	void push(String endpoint, Object payload);

	/**
	 * Sends a raw multipart message on a socket of any sending type (PUB, XPUB, PUSH, DEALER, ROUTER,
	 * PAIR, XSUB). For ROUTER the first frame is the peer identity.
	 * @param endpoint the endpoint
	 * @param type the socket type
	 * @param message the frames, sent as they are
	 */
	void send(String endpoint, SocketType type, ZMsg message);

	/**
	 * Sends a request and waits for the reply, as the Lazy Pirate client of Guide ch.4: each attempt
	 * waits {@code zmq.template.request-timeout}; after a timeout the socket is discarded and the
	 * request is sent again on a fresh one, {@code zmq.template.request-retries} times.
	 * @param endpoint the REP/ROUTER peer(s)
	 * @param payload the request
	 * @param replyType the type to convert the reply to ({@code ZMsg} for all frames)
	 * @param <T> the reply type
	 * @return the reply
	 * @throws ZmqRequestTimeoutException if no attempt got a reply
	 * @throws ZmqRemoteException if the peer answered with an error reply
	 */
	<T> T request(String endpoint, Object payload, Class<T> replyType);

	/**
	 * {@link #request(String, Object, Class)} with an explicit timeout per attempt and retry count.
	 * @param endpoint the REP/ROUTER peer(s)
	 * @param payload the request
	 * @param replyType the reply type
	 * @param timeout the timeout of each attempt
	 * @param retries how many times to resend after a timeout
	 * @param <T> the reply type
	 * @return the reply
	 */
	<T> T request(String endpoint, Object payload, Class<T> replyType, Duration timeout, int retries);

	/**
	 * Sends a request without blocking; many requests may be in flight on one DEALER socket (Guide
	 * ch.3 "Asynchronous Client/Server"), correlated by a request-id frame that REP and ROUTER peers
	 * echo back. Timeouts and retries are those of {@link #request}. The future completes on the
	 * template's I/O thread: use the {@code ...Async} variants of {@link CompletableFuture} for
	 * blocking work.
	 * @param endpoint the REP/ROUTER peer(s)
	 * @param payload the request
	 * @param replyType the reply type
	 * @param <T> the reply type
	 * @return the future reply
	 */
	<T> CompletableFuture<T> requestAsync(String endpoint, Object payload, Class<T> replyType);

	/**
	 * Opens (once) the shared socket the template uses for a bound endpoint and returns the
	 * endpoints it is actually bound to, resolving ephemeral ports ({@code tcp://127.0.0.1:*}).
	 * @param endpoint a bound endpoint
	 * @param type the socket type
	 * @return the actual endpoints
	 */
	List<String> bind(String endpoint, SocketType type);

}
