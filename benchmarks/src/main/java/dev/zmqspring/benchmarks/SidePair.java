package dev.zmqspring.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;

/**
 * The JMH state of a paired trial whose benchmark thread drives a receiver: it opens the raw side,
 * then the starter side, picks the side of each iteration with an {@link Alternation}, lets that
 * side settle after the iteration (everything it sent has arrived, so the next iteration starts with
 * empty queues), and closes both at the end. Subclasses only say how to open one side.
 * @param <S> the side type
 */
@State(Scope.Thread)
public abstract class SidePair<S extends SidePair.Side> {

	/** One side of a pair: the starter's component or its raw JeroMQ counterpart, with its peers. */
	public interface Side {

		/** The receiver's counter, if the side measures one receiving thread ({@link ReceiverCpu}). */
		default Arrivals arrivals() {
			return null;
		}

		/** Waits until everything sent so far has arrived. */
		void settle();

		/**
		 * Closes the side and its peers.
		 * @throws Exception if closing fails
		 */
		void close() throws Exception;

	}

	/** Message size in bytes. */
	@Param({ "100" })
	public int size;

	private final Alternation alternation = new Alternation();

	private S starter;

	private S raw;

	private boolean useStarter;

	// kept from the iteration set-up for the tear-down; JMH refuses the same @AuxCounters state as a
	// parameter of two fixture methods ("conflicting counters"), so only next() receives it
	private ReceiverCpu cpu;

	/**
	 * Opens one side.
	 * @param starter whether to open the starter side (else the raw side)
	 * @param size the message size
	 * @return the open side
	 * @throws Exception if it cannot be opened
	 */
	protected abstract S openSide(boolean starter, int size) throws Exception;

	/** The side of the current iteration. */
	public S side() {
		return this.useStarter ? this.starter : this.raw;
	}

	@Setup(Level.Trial)
	public void open() throws Exception {
		this.raw = openSide(false, this.size);
		this.starter = openSide(true, this.size);
	}

	@Setup(Level.Iteration)
	public void next(IterationParams params, ReceiverCpu cpu) {
		this.useStarter = this.alternation.next(params);
		this.cpu = cpu;
		cpu.begin(side().arrivals());
	}

	@TearDown(Level.Iteration)
	public void settle() {
		side().settle();
		this.cpu.end(side().arrivals());
	}

	@TearDown(Level.Trial)
	public void close() throws Exception {
		if (this.starter != null) {
			this.starter.close();
		}
		if (this.raw != null) {
			this.raw.close();
		}
	}

}
