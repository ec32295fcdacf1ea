package dev.zmqspring.autoconfigure;

import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains an invalid secret property of a security profile (RFC 26 CURVE secret key, RFC 24 PLAIN
 * password or user password) without its value. Boot's own analyzer prints the value as the
 * environment holds it; this one runs first and shows {@code <hidden>} instead.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class ZmqSecretPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationPropertyValueException> {

	/** The {@code zmq.security.profiles.*} properties that hold a secret. */
	private static final Pattern SECRET = Pattern
		.compile("zmq\\.security\\.profiles\\.[^.\\[]+\\.(secret-key|password|users(\\.|\\[).+)");

	/**
	 * Whether a property holds a secret whose value must never be shown.
	 * @param name the property name, canonical form
	 * @return {@code true} for secret keys, passwords and PLAIN users' passwords
	 */
	static boolean isSecret(String name) {
		return name != null && SECRET.matcher(name).matches();
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationPropertyValueException cause) {
		if (!isSecret(cause.getName())) {
			return null;
		}
		String description = "Invalid value '<hidden>' for configuration property '" + cause.getName()
				+ "' (a secret: its value is not shown)."
				+ ((cause.getReason() != null) ? " Validation failed for the following reason:\n\n" + cause.getReason()
						: "");
		String action = "Correct the property " + cause.getName() + " where it is set (a file, an environment "
				+ "variable or a secret store); see docs/security.md for the key and certificate formats.";
		return new FailureAnalysis(description, action, cause);
	}

}
