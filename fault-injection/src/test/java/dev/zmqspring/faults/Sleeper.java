package dev.zmqspring.faults;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The nemesis holds a fault for a drawn time: a wait on a latch nobody counts down, the suite's one
 * timed wait (the suite's own schedule, not a test waiting for a condition: those use Awaitility).
 */
final class Sleeper {

	private Sleeper() {
	}

	static void sleep(long millis) throws InterruptedException {
		if (millis > 0) {
			new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS);
		}
	}

}
