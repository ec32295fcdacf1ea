package dev.zmqspring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a startup that failed on missing properties of a feature that was switched on (such as a
 * Binary Star peer, Guide ch.4): lists every missing key with what it is and an example value,
 * instead of Boot's generic analysis of the first one.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class ZmqMissingPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<ZmqMissingPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ZmqMissingPropertiesException cause) {
		StringBuilder description = new StringBuilder(cause.getFeature()).append(" is set, but ")
			.append(cause.getMissing().size() == 1 ? "this property is" : "these properties are")
			.append(" missing:\n");
		StringBuilder action = new StringBuilder("Set ");
		cause.getMissing().forEach((key, what) -> {
			description.append("\n\t- ").append(key).append(": ").append(what);
		});
		action.append(String.join(" and ", cause.getMissing().keySet()))
			.append(", or remove ")
			.append(cause.getFeature(), 0, cause.getFeature().indexOf('='))
			.append(" to run without it.");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

}
