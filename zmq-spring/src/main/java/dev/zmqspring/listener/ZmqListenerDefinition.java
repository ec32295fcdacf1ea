package dev.zmqspring.listener;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;

import dev.zmqspring.support.ZmqEndpoint;

/**
 * One listener (a Guide ch.1-2 subscriber, worker or server) as declared by {@code @ZmqSubscriber} or {@code @ZmqWorker}, with every
 * {@code ${...}} placeholder and {@code #{...}} expression already resolved and every endpoint parsed.
 * The {@link ZmqListenerContainerFactory} validates it and builds its container.
 *
 * @param id the listener id (default {@code <bean name>.<method name>})
 * @param subscriber {@code true} for {@code @ZmqSubscriber}, {@code false} for {@code @ZmqWorker}
 * @param bean the bean the method is invoked on
 * @param method the listener method (invocable on {@code bean})
 * @param source {@code <bean name>.<method name>}, used in every error message
 * @param type the socket type (SUB for subscribers)
 * @param endpoints the endpoints (may be empty for Majordomo workers)
 * @param topics subscriber topic prefixes (empty: everything)
 * @param topicParameter the index of the handler parameter that receives the topic, or {@code -1}
 * @param sendTo where a PULL worker pushes results (empty: nowhere)
 * @param concurrency how many handler threads
 * @param autoStartup whether it starts with the application
 * @param errorHandler the error handler bean name, or empty for the default
 * @param deadLetter where failed messages are pushed (empty: nowhere)
 * @param protocol the worker protocol name ({@code majordomo} when {@code service} is set), or empty
 * @param service the Majordomo service, or empty
 * @param broker the broker endpoint of a protocol worker, or empty
 * @param binaryStar whether a Binary Star pair gates the server (REP/ROUTER, bound)
 * @param servers the endpoints by server: {@code endpoints} as one server, or a pair ({@code a|b}) for a
 * Paranoid Pirate worker that fails over between two queues
 * @param slowSubscriber what a subscriber does when it falls behind, or {@code null}
 * @param security the name of the security profile of its sockets, or empty for the default
 */
public record ZmqListenerDefinition(String id, boolean subscriber, Object bean, Method method, String source,
		SocketType type, List<ZmqEndpoint> endpoints, List<String> topics, int topicParameter, List<ZmqEndpoint> sendTo, int concurrency,
		boolean autoStartup, String errorHandler, List<ZmqEndpoint> deadLetter, String protocol, String service,
		String broker, boolean binaryStar, List<List<ZmqEndpoint>> servers,
		@Nullable ZmqSlowSubscriberPolicy slowSubscriber, String security) {

	/**
	 * A definition whose sockets use the default security.
	 */
	public ZmqListenerDefinition(String id, boolean subscriber, Object bean, Method method, String source,
			SocketType type, List<ZmqEndpoint> endpoints, List<String> topics, int topicParameter,
			List<ZmqEndpoint> sendTo, int concurrency, boolean autoStartup, String errorHandler,
			List<ZmqEndpoint> deadLetter, String protocol, String service, String broker, boolean binaryStar,
			List<List<ZmqEndpoint>> servers, @Nullable ZmqSlowSubscriberPolicy slowSubscriber) {
		this(id, subscriber, bean, method, source, type, endpoints, topics, topicParameter, sendTo, concurrency,
				autoStartup, errorHandler, deadLetter, protocol, service, broker, binaryStar, servers, slowSubscriber, "");
	}

	/**
	 * A definition without slow-subscriber detection.
	 */
	public ZmqListenerDefinition(String id, boolean subscriber, Object bean, Method method, String source,
			SocketType type, List<ZmqEndpoint> endpoints, List<String> topics, int topicParameter,
			List<ZmqEndpoint> sendTo, int concurrency, boolean autoStartup, String errorHandler,
			List<ZmqEndpoint> deadLetter, String protocol, String service, String broker, boolean binaryStar,
			List<List<ZmqEndpoint>> servers) {
		this(id, subscriber, bean, method, source, type, endpoints, topics, topicParameter, sendTo, concurrency,
				autoStartup, errorHandler, deadLetter, protocol, service, broker, binaryStar, servers, null, "");
	}

	/** The annotation that declared it, for error messages. */
	public String annotation() {
		return this.subscriber ? "@ZmqSubscriber" : "@ZmqWorker";
	}

	/** Whether the listener speaks a broker worker protocol instead of a plain socket. */
	public boolean usesProtocol() {
		return !this.protocol.isEmpty();
	}

}
