package dev.zmqspring.architecture.leak;

import java.util.List;

import dev.zmqspring.architecture.leak.internal.Engine;

/**
 * A fixture for {@code PublicApiRules}: a public type that shows an internal type in each kind of
 * signature the rule reads, beside members that may name it.
 */
public class LeakyComponent extends Engine {

	public Engine engine;

	private Engine hidden;

	public LeakyComponent(Engine engine) {
		this.hidden = engine;
	}

	public List<Engine> engines() {
		return List.of(this.hidden);
	}

	protected Engine forSubclasses() {
		return this.hidden;
	}

	Engine packagePrivate() {
		return this.hidden;
	}

}
