package dev.zmqspring.listener;

import java.util.List;

/**
 * A {@code @ZmqWorker(protocol = ...)} (or {@code service = ...}, which means {@code "majordomo"})
 * names a worker protocol that no {@link ZmqWorkerProtocol} bean provides. Thrown at startup, naming
 * the method, the protocol and the protocols that are available.
 */
public class ZmqWorkerProtocolNotFoundException extends ZmqListenerMethodException {

	private final String protocol;

	private final List<String> available;

	/**
	 * Creates the exception.
	 * @param method the method, as {@code beanName.methodName}
	 * @param protocol the protocol name the method asks for
	 * @param available the names of the protocols there are
	 * @param message the whole message
	 */
	public ZmqWorkerProtocolNotFoundException(String method, String protocol, List<String> available,
			String message) {
		super(method, message);
		this.protocol = protocol;
		this.available = List.copyOf(available);
	}

	/**
	 * The protocol asked for.
	 * @return its name, such as {@code "majordomo"}
	 */
	public String getProtocol() {
		return this.protocol;
	}

	/**
	 * The protocols there are.
	 * @return their names, possibly empty
	 */
	public List<String> getAvailable() {
		return this.available;
	}

}
