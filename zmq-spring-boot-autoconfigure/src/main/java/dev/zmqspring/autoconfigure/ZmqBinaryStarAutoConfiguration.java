package dev.zmqspring.autoconfigure;

import org.zeromq.SocketType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * This application as one peer of a Binary Star pair (Guide ch.4 "High-Availability Pair") when
 * {@code zmq.binary-star.role} is set: the {@link BinaryStar} bean (a life-cycle component with its
 * own actor, in health as {@code binaryStar}) and its gate, which the brokers and queue proxies with
 * {@code binary-star: true} and the {@code @ZmqWorker(binaryStar = "true")} servers ask for every
 * client request. {@code zmq.binary-star.security} secures the bound state publisher and
 * {@code zmq.binary-star.peer-security} the subscriber to the peer's.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnProperty(prefix = "zmq.binary-star", name = "role")
public final class ZmqBinaryStarAutoConfiguration {

	/** The name of the pair's gate bean, referenced by gated proxies and brokers. */
	static final String GATE_BEAN = "zmqBinaryStarGate";

	@Bean
	@ConditionalOnMissingBean
	BinaryStar binaryStar(ZmqSocketFactory factory, ZmqProperties properties, ApplicationEventPublisher publisher,
			ObjectProvider<ZmqSecurityProfiles> securityProfiles) {
		ZmqProperties.BinaryStar pair = properties.getBinaryStar();
		ZmqSecurity peerSecurity = ZmqAutoConfiguration.peerProfile(pair.getSecurity(), pair.getPeerSecurity(),
				"zmq.binary-star.security", "zmq.binary-star.peer-security", securityProfiles);
		BinaryStar binaryStar = new BinaryStar(
				ZmqAutoConfiguration.secured(factory, pair.getSecurity(), "zmq.binary-star.security", securityProfiles),
				pair.getRole() == ZmqProperties.BinaryStar.Role.PRIMARY,
				ZmqPropertiesValidator.binaryStarEndpoints(pair.getLocal(), SocketType.PUB, "zmq.binary-star.local"),
				ZmqPropertiesValidator.binaryStarEndpoints(pair.getRemote(), SocketType.SUB, "zmq.binary-star.remote"),
				pair.getHeartbeat(), pair.getPeerGrace(), properties.getShutdownTimeout(), publisher);
		if (peerSecurity != null) {
			binaryStar.setPeerSecurity(peerSecurity);
		}
		return binaryStar;
	}

	@Bean(GATE_BEAN)
	ZmqGate zmqBinaryStarGate(BinaryStar binaryStar) {
		return binaryStar.gate();
	}

}
