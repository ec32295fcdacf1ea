package dev.zmqspring.architecture.leak;

import dev.zmqspring.architecture.leak.internal.Engine;

/** A fixture for {@code PublicApiRules}: a final type whose protected member nobody outside can reach. */
public final class SealedOff {

	private final Engine engine = new Engine();

	protected Engine engine() {
		return this.engine;
	}

}
