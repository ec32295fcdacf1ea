package dev.zmqspring.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a {@code zmq.*} property that names no value of its kind (a broker type, a proxy type, a
 * security mechanism, a Binary Star role...): lists the values as users write them, in kebab case
 * ({@code load-balancing}), where Boot's analyzer names the Java enum and its constants.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class ZmqEnumPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		Class<?> type = cause.getTarget().getType().resolve();
		String name = cause.getName().toString();
		if (type == null || !type.isEnum() || !type.getName().startsWith("dev.zmqspring.") || !name.startsWith("zmq.")) {
			return null;
		}
		String values = Arrays.stream(type.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.collect(Collectors.joining(", "));
		Object value = (cause.getProperty() != null) ? cause.getProperty().getValue() : null;
		String origin = (cause.getProperty() != null && cause.getProperty().getOrigin() != null)
				? " (from " + cause.getProperty().getOrigin() + ")" : "";
		String description = "Invalid value '" + value + "' for configuration property '" + name + "'" + origin
				+ ": it must be one of " + values + ".";
		String action = "Set " + name + " to one of: " + values + ".";
		return new FailureAnalysis(description, action, cause);
	}

}
