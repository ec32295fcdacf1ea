package dev.zmqspring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations the starter creates, with their low-cardinality keys: {@code zmq.send}
 * (publish, push, raw send), {@code zmq.request} (template and Majordomo client requests, Guide ch.1
 * and ch.4) and {@code zmq.process} (one listener invocation).
 */
public enum ZmqObservation implements ObservationDocumentation {

	/** A fire-and-forget send: {@code ZmqTemplate.publish}, {@code push}, {@code send}. */
	SEND("zmq.send", DefaultZmqSenderObservationConvention.class, SenderKeys.values()),

	/** A request and its reply: {@code ZmqTemplate.request(Async)}, {@code MajordomoClient.request(Async)}. */
	REQUEST("zmq.request", DefaultZmqSenderObservationConvention.class, SenderKeys.values()),

	/** One invocation of a {@code @ZmqSubscriber} or {@code @ZmqWorker} method. */
	PROCESS("zmq.process", DefaultZmqReceiverObservationConvention.class, ReceiverKeys.values());

	private final String name;

	private final Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention;

	private final KeyName[] lowCardinalityKeyNames;

	ZmqObservation(String name, Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention,
			KeyName[] lowCardinalityKeyNames) {
		this.name = name;
		this.defaultConvention = defaultConvention;
		this.lowCardinalityKeyNames = lowCardinalityKeyNames;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
		return this.defaultConvention;
	}

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		return this.lowCardinalityKeyNames.clone();
	}

	/** Low-cardinality keys of {@code zmq.send} and {@code zmq.request}. */
	public enum SenderKeys implements KeyName {

		/** The endpoint as the caller named it, or the Majordomo service. */
		TARGET {
			@Override
			public String asString() {
				return "zmq.target";
			}
		},

		/** The sending socket's type ({@code PUB}, {@code PUSH}, {@code REQ}, {@code DEALER}...). */
		SOCKET_TYPE {
			@Override
			public String asString() {
				return "zmq.socket.type";
			}
		},

		/** {@code success}, {@code error} or {@code timeout}. */
		OUTCOME {
			@Override
			public String asString() {
				return "zmq.outcome";
			}
		}

	}

	/** Low-cardinality keys of {@code zmq.process}. */
	public enum ReceiverKeys implements KeyName {

		/** The listener id. */
		LISTENER_ID {
			@Override
			public String asString() {
				return "zmq.listener.id";
			}
		},

		/** The listener's socket type, or the worker protocol ({@code majordomo}, ...). */
		SOCKET_TYPE {
			@Override
			public String asString() {
				return "zmq.socket.type";
			}
		},

		/** {@code success} or {@code error}. */
		OUTCOME {
			@Override
			public String asString() {
				return "zmq.outcome";
			}
		}

	}

}
