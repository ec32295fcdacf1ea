package dev.zmqspring.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Startup fails because a feature that was switched on lacks properties it needs: names every
 * missing key at once and what each one is, so one correction is enough.
 */
final class ZmqMissingPropertiesException extends InvalidConfigurationPropertyValueException {

	private final String feature;

	private final Map<String, String> missing;

	/**
	 * @param feature what was switched on, e.g. {@code zmq.binary-star.role=primary}
	 * @param missing the missing keys in order, each with what it is
	 */
	ZmqMissingPropertiesException(String feature, Map<String, String> missing) {
		super(missing.keySet().iterator().next(), null, feature + " also needs " + String.join(" and ", missing.keySet())
				+ ": " + missing.entrySet()
					.stream()
					.map((entry) -> entry.getKey() + " is " + entry.getValue())
					.collect(Collectors.joining("; ")));
		this.feature = feature;
		this.missing = Collections.unmodifiableMap(new LinkedHashMap<>(missing));
	}

	String getFeature() {
		return this.feature;
	}

	/** The missing keys in order, each with what it is. */
	Map<String, String> getMissing() {
		return this.missing;
	}

}
