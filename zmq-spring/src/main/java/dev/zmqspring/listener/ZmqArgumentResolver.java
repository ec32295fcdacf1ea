package dev.zmqspring.listener;

/**
 * Supplies one parameter of a listener method from the message being handled. Resolvers are chosen
 * once per method at startup ({@link ZmqHandlerMethod}); resolving does no lookup, it only converts.
 */
@FunctionalInterface
interface ZmqArgumentResolver {

	/**
	 * Produces the argument.
	 * @param message the message being handled
	 * @return the argument
	 */
	Object resolve(ZmqInboundMessage message);

}
