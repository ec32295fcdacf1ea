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
	SEND {

		@Override
		public String getName() {
			return "zmq.send";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultZmqSenderObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return SenderKeys.values();
		}

	},

	/** A request and its reply: {@code ZmqTemplate.request(Async)}, {@code MajordomoClient.request(Async)}. */
	REQUEST {

		@Override
		public String getName() {
			return "zmq.request";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultZmqSenderObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return SenderKeys.values();
		}

	},

	/** One invocation of a {@code @ZmqSubscriber} or {@code @ZmqWorker} method. */
	PROCESS {

		@Override
		public String getName() {
			return "zmq.process";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultZmqReceiverObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ReceiverKeys.values();
		}

	};

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
