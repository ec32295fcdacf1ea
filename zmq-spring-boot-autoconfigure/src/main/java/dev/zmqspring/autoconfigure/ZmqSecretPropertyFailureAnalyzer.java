package dev.zmqspring.autoconfigure;

import java.util.Locale;
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

	/**
	 * Whether a property key, in any of the forms an environment holds it ({@code secret-key},
	 * {@code secretKey}, {@code ZMQ_SECURITY_PROFILES_X_SECRETKEY}, {@code users[admin]}), names a
	 * secret of a security profile.
	 * @param key the key as a property source holds it
	 * @return {@code true} for secret keys, passwords and PLAIN users
	 */
	static boolean isSecretKey(String key) {
		if (key == null) {
			return false;
		}
		String normal = key.toLowerCase(Locale.ROOT).replace('_', '.').replace('[', '.').replace("]", "").replace("-", "");
		String prefix = "zmq.security.profiles.";
		if (!normal.startsWith(prefix)) {
			return false;
		}
		String[] parts = normal.substring(prefix.length()).split("\\.");
		if (parts.length < 2) {
			return false;
		}
		String property = parts[1];
		return property.equals("secretkey") || property.equals("password") || property.equals("users");
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
