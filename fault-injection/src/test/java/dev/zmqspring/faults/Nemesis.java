package dev.zmqspring.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The seeded fault schedule: one fault at a time, chosen with {@link Random} from the scenario's
 * candidates (every kind once in a shuffled order, then again), held for a drawn duration, healed, then a quiet gap. Bounded by a fault count and by
 * a deadline; every fault is printed and kept, so a run can be replayed from its seed.
 */
final class Nemesis {

	/** A fault the scenario offers: its kind, and how to inject it (returning how to heal it). */
	record Candidate(String kind, String target, Supplier<Runnable> inject) {
	}

	private final Random random;

	private final List<Fault> faults = new ArrayList<>();

	private final List<String> bag = new ArrayList<>();

	private long began;

	Nemesis(Random random) {
		this.random = random;
	}

	Random random() {
		return this.random;
	}

	List<Fault> faults() {
		return this.faults;
	}

	/** When {@link #run} began: the clients' calls before it ran while the hosts started, not under faults. */
	long began() {
		return this.began;
	}

	/**
	 * Draws a kind from a shuffled bag of the candidates' kinds (every kind once before any repeats),
	 * then one candidate of that kind.
	 */
	private Candidate draw(List<Candidate> candidates) {
		if (this.bag.isEmpty()) {
			candidates.stream().map(Candidate::kind).distinct().forEach(this.bag::add);
			Collections.shuffle(this.bag, this.random);
		}
		String kind = this.bag.remove(0);
		List<Candidate> ofKind = candidates.stream().filter((c) -> c.kind().equals(kind)).toList();
		return ofKind.get(this.random.nextInt(ofKind.size()));
	}

	/**
	 * Runs faults until {@code deadline} or {@code maxFaults}.
	 * @param candidates what may be injected (drawn uniformly)
	 * @param minHold shortest fault, ms
	 * @param maxHold longest fault, ms
	 * @param gap quiet time after each fault, ms
	 * @param afterHeal run after each heal (an operator restarting what the pattern says needs a
	 * restart); returns faults it caused
	 */
	void run(String pattern, List<Candidate> candidates, long deadline, int maxFaults, long minHold, long maxHold,
			long gap, Supplier<List<Fault>> afterHeal) throws InterruptedException {
		this.began = System.currentTimeMillis();
		for (int i = 0; i < maxFaults; i++) {
			long hold = minHold + (long) (this.random.nextDouble() * (maxHold - minHold));
			if (System.currentTimeMillis() + hold + gap > deadline) {
				return;
			}
			Candidate candidate = draw(candidates);
			long start = System.currentTimeMillis();
			Runnable heal = candidate.inject().get();
			Sleeper.sleep(hold);
			heal.run();
			Fault fault = new Fault(candidate.kind(), candidate.target(), start, System.currentTimeMillis());
			this.faults.add(fault);
			System.out.printf("faults[%s] #%d %s%n", pattern, i + 1, fault);
			this.faults.addAll(afterHeal.get());
			Sleeper.sleep(gap);
		}
	}

}
