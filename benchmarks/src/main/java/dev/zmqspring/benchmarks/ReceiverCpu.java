package dev.zmqspring.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The receiving thread's CPU time per iteration and the messages it received in that time (JMH
 * auxiliary counters {@code receiverCpuNanos} and {@code received}): the listener actor's thread on
 * the starter side, the raw loop's thread on the raw side. CPU nanoseconds per received message
 * are the receive path's own cost, the number to work on when the throughput ratio is within the
 * machine's noise. Filled in by {@link SidePair} at the start and end of every iteration.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ReceiverCpu {

	/** CPU time of the receiving thread in the iteration. */
	public long receiverCpuNanos;

	/** Messages received in the iteration. */
	public long received;

	private long cpuStart;

	private long countStart;

	void begin(Arrivals arrivals) {
		this.receiverCpuNanos = 0;
		this.received = 0;
		this.cpuStart = (arrivals != null) ? arrivals.receiverCpuNanos() : -1;
		this.countStart = (arrivals != null) ? arrivals.count() : 0;
	}

	void end(Arrivals arrivals) {
		long cpu = (arrivals != null) ? arrivals.receiverCpuNanos() : -1;
		if (this.cpuStart >= 0 && cpu >= 0) {
			this.receiverCpuNanos = cpu - this.cpuStart;
			this.received = arrivals.count() - this.countStart;
		}
	}

}
