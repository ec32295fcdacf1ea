package dev.zmqspring.listener;

/**
 * Supplies one parameter of a listener method from the message being handled. Resolvers are chosen
 * once per method at startup ({@link ZmqHandlerMethod}); resolving does no lookup, it only converts
 * (or, for a spring-messaging parameter, calls the one resolver chosen for it).
 */
@FunctionalInterface
interface ZmqArgumentResolver {

	/**
	 * Produces the argument.
	 * @param message the message being handled
	 * @return the argument
	 * @throws Exception what a spring-messaging argument resolver throws (a conversion or validation
	 * failure), which goes down the listener's failure path as the method's own exception would
	 */
	Object resolve(ZmqInboundMessage message) throws Exception;

}
