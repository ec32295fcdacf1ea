package dev.zmqspring.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.IterationParams;

/**
 * The side-choosing part of a paired benchmark's JMH state: before each iteration it asks the
 * {@link Alternation} whether the starter or the raw side runs it. Subclasses are the {@code @State}
 * classes (with their own scope) and open both sides in their trial set-up; the benchmark method
 * reads {@link #useStarter}.
 */
public abstract class AlternatingState {

	private final Alternation alternation = new Alternation();

	/** Whether the starter side runs the current iteration. */
	boolean useStarter;

	/**
	 * Picks the side of the next iteration.
	 * @param params the iteration about to run
	 */
	@Setup(Level.Iteration)
	public void next(IterationParams params) {
		this.useStarter = this.alternation.next(params);
	}

}
