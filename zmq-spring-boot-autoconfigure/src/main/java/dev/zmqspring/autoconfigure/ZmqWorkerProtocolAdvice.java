package dev.zmqspring.autoconfigure;

/**
 * What to do when a {@code @ZmqWorker} names a worker protocol that no bean provides: which
 * auto-configuration provides each built-in protocol, and which property it needs. Used in the
 * listener factory's error message and by {@link ZmqWorkerProtocolFailureAnalyzer}.
 */
final class ZmqWorkerProtocolAdvice {

	private ZmqWorkerProtocolAdvice() {
	}

	/**
	 * The advice for a protocol name.
	 * @param name the protocol asked for
	 * @return one or two sentences
	 */
	static String forProtocol(String name) {
		return switch (name) {
			case "majordomo" -> "The Majordomo worker protocol is provided by the Majordomo auto-configuration "
					+ "(" + ZmqMajordomoAutoConfiguration.class.getName() + ", package dev.zmqspring.majordomo); "
					+ "check that it is not excluded, and set " + ZmqMajordomoAutoConfiguration.ENDPOINT_KEY
					+ " or @ZmqWorker(broker = ...).";
			case "paranoid-pirate", "load-balancing" -> "The '" + name + "' worker protocol is provided by the broker "
					+ "auto-configuration (" + ZmqBrokerAutoConfiguration.class.getName() + ", package "
					+ "dev.zmqspring.broker); check that it is not excluded.";
			case "freelance" -> "The 'freelance' worker protocol is provided by the Freelance auto-configuration ("
					+ ZmqFreelanceAutoConfiguration.class.getName() + ", package dev.zmqspring.freelance); "
					+ "check that it is not excluded.";
			default -> "Declare a ZmqWorkerProtocol bean whose getName() returns '" + name + "'.";
		};
	}

}
