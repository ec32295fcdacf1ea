package dev.zmqspring.majordomo;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.zeromq.ZMsg;

import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;

/**
 * The client side of Majordomo (Guide ch.4 "Service-Oriented Reliable Queuing", spec 7/MDP, spec
 * 8/MMI): requests to a service by name through a broker. Implemented by {@link MajordomoClient};
 * inject this interface where a test or another transport should be able to stand in, as
 * {@link dev.zmqspring.core.ZmqOperations} stands beside the template.
 */
public interface MajordomoOperations {

	/**
	 * Sends a request to a service and waits for the reply (the client's timeout and retries).
	 * @param service the service name
	 * @param payload the request body: converted to one frame, or a {@link ZMsg} sent as its frames
	 * @param replyType the reply type ({@link ZMsg} for all frames)
	 * @param <T> the reply type
	 * @return the reply
	 * @throws ZmqRequestTimeoutException if no reply came after every attempt
	 * @throws ZmqRemoteException if the worker's handler failed
	 */
	<T> T request(String service, Object payload, Class<T> replyType);

	/**
	 * Sends a request with an explicit timeout per attempt and number of retries.
	 * @param service the service name
	 * @param payload the request body
	 * @param replyType the reply type
	 * @param timeout how long each attempt waits
	 * @param retries how many times a timed-out request is resent
	 * @param <T> the reply type
	 * @return the reply
	 */
	<T> T request(String service, Object payload, Class<T> replyType, Duration timeout, int retries);

	/**
	 * Sends a request without waiting; many may be in flight (Guide ch.4 "Asynchronous Majordomo").
	 * @param service the service name
	 * @param payload the request body
	 * @param replyType the reply type
	 * @param <T> the reply type
	 * @return a future completed with the reply, with {@link ZmqRequestTimeoutException} after every
	 * attempt timed out, or with {@link ZmqRemoteException} if the worker's handler failed
	 */
	<T> CompletableFuture<T> requestAsync(String service, Object payload, Class<T> replyType);

	/**
	 * Asks the broker whether a service has workers ({@code mmi.service}, spec 8/MMI).
	 * @param service the service name
	 * @return {@code true} on "200", {@code false} on "404"
	 */
	boolean isServiceAvailable(String service);

}
