package dev.zmqspring.security;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One ZAP request (RFC 27 ZeroMQ Authentication Protocol): a server socket asks who may connect.
 *
 * @param domain the ZAP domain, which is the name of the server socket's security profile
 * @param address the peer's IP address as text
 * @param mechanism {@code NULL}, {@code PLAIN} or {@code CURVE}
 * @param credentials the mechanism's credentials: none for NULL, user name and password for PLAIN,
 * the client's 32-byte long-term public key for CURVE
 */
public record ZapRequest(String domain, String address, String mechanism, List<byte[]> credentials) {

	/** The PLAIN user name, or {@code null}. */
	public @Nullable String username() {
		return ("PLAIN".equals(this.mechanism) && !this.credentials.isEmpty())
				? new String(this.credentials.get(0), StandardCharsets.UTF_8) : null;
	}

	/** The PLAIN password bytes, or {@code null}. Never log them. */
	public byte @Nullable [] password() {
		return ("PLAIN".equals(this.mechanism) && this.credentials.size() > 1) ? this.credentials.get(1) : null;
	}

	/** The client's CURVE public key in Z85, or {@code null}. */
	public @Nullable String clientKey() {
		return ("CURVE".equals(this.mechanism) && !this.credentials.isEmpty() && this.credentials.get(0).length == 32)
				? ZmqCurveKeys.encode(this.credentials.get(0)) : null;
	}

	@Override
	public String toString() {
		String who = switch (this.mechanism) {
			case "PLAIN" -> " user " + username();
			case "CURVE" -> " key " + clientKey();
			default -> "";
		};
		return "ZapRequest[" + this.domain + ", " + this.mechanism + " from " + this.address + who + "]";
	}

}
