package dev.zmqspring.observation;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * How a client ({@code ZmqTemplate}, {@code MajordomoClient}) observes what it sends: the registry,
 * the convention, which targets carry the trace-context frame, and how a failure is named. A client
 * without observation has none of this and takes no branch but one {@code null} check.
 */
public final class ZmqSenderObservations {

	/** The propagation target that stands for every target. */
	public static final String ALL_TARGETS = "*";

	private final ObservationRegistry registry;

	private final @Nullable ZmqSenderObservationConvention convention;

	private final Set<String> propagationTargets;

	private final boolean propagateAll;

	private final Function<Throwable, String> outcomes;

	/**
	 * Creates the observation side of a client.
	 * @param registry the registry
	 * @param convention a convention replacing {@link DefaultZmqSenderObservationConvention}, or {@code null}
	 * @param propagationTargets the targets (endpoints as the caller names them, or Majordomo services)
	 * whose messages carry the trace-context frame; {@value #ALL_TARGETS} for all
	 * @param outcomes names the outcome of a failure ({@code error}, {@code timeout})
	 */
	public ZmqSenderObservations(ObservationRegistry registry, @Nullable ZmqSenderObservationConvention convention,
			Collection<String> propagationTargets, Function<Throwable, String> outcomes) {
		this.registry = registry;
		this.convention = convention;
		this.propagationTargets = Set.copyOf(propagationTargets);
		this.propagateAll = this.propagationTargets.contains(ALL_TARGETS);
		this.outcomes = outcomes;
	}

	/**
	 * Starts an observation.
	 * @param kind {@link ZmqObservation#SEND} or {@link ZmqObservation#REQUEST}
	 * @param target the endpoint as the caller named it, or the Majordomo service
	 * @param socketType the sending socket's type
	 * @return the started observation
	 */
	public Observation start(ZmqObservation kind, String target, String socketType) {
		ZmqSenderContext context = new ZmqSenderContext(kind, target, socketType);
		return Observation.createNotStarted(this.convention, DefaultZmqSenderObservationConvention.INSTANCE,
				() -> context, this.registry).start();
	}

	/**
	 * Runs a send or a blocking request as an observation in scope: the action gets the trace-context
	 * frame to append (or {@code null}), a failure is recorded with its outcome, and the observation
	 * stops when the action returns or throws.
	 * @param kind {@link ZmqObservation#SEND} or {@link ZmqObservation#REQUEST}
	 * @param target the endpoint as the caller named it, or the Majordomo service
	 * @param socketType the sending socket's type
	 * @param action sends, given the trace-context frame
	 * @param <T> what the action returns
	 * @return what the action returned
	 */
	public <T> T observe(ZmqObservation kind, String target, String socketType,
			Function<byte @Nullable [], T> action) {
		Observation observation = start(kind, target, socketType);
		try (Observation.Scope scope = observation.openScope()) {
			return action.apply(traceFrame(observation));
		}
		catch (RuntimeException ex) {
			failed(observation, ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * The trace-context frame to append to the message of a started observation, if its target
	 * propagates trace context and tracing put something in the carrier.
	 * @param observation the started observation
	 * @return the frame, or {@code null} for none
	 */
	public byte @Nullable [] traceFrame(Observation observation) {
		if (!(observation.getContext() instanceof ZmqSenderContext context) || !propagates(context.getTarget())) {
			return null;
		}
		ZmqTraceContext carrier = context.getTraceContext();
		return carrier.isEmpty() ? null : carrier.toFrame();
	}

	/**
	 * Whether a target's messages carry the trace-context frame.
	 * @param target the endpoint or service
	 * @return whether they do
	 */
	public boolean propagates(String target) {
		return this.propagateAll || this.propagationTargets.contains(target);
	}

	/**
	 * Records a failure on an observation (its outcome and error); the caller still stops it.
	 * @param observation the observation
	 * @param failure what went wrong
	 */
	public void failed(Observation observation, Throwable failure) {
		if (observation.getContext() instanceof ZmqSenderContext context) {
			context.setOutcome(this.outcomes.apply(failure));
		}
		observation.error(failure);
	}

	/**
	 * Stops an observation when its request completes (an asynchronous request).
	 * @param observation the observation
	 * @param failure the failure, or {@code null} on success
	 */
	public void completed(Observation observation, @Nullable Throwable failure) {
		if (failure != null) {
			failed(observation, failure);
		}
		observation.stop();
	}

	/**
	 * The frames with a trace-context frame appended.
	 * @param frames the message
	 * @param traceFrame the trace-context frame, or {@code null}
	 * @return the frames, or a copy with the trace-context frame last
	 */
	public static byte[][] append(byte[][] frames, byte @Nullable [] traceFrame) {
		if (traceFrame == null) {
			return frames;
		}
		byte[][] all = Arrays.copyOf(frames, frames.length + 1);
		all[frames.length] = traceFrame;
		return all;
	}

}
