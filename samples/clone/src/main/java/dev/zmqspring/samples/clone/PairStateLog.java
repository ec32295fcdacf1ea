package dev.zmqspring.samples.clone;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.zmqspring.binarystar.BinaryStarStateChangedEvent;
import dev.zmqspring.clone.CloneServer;

/**
 * A server of the pair (Guide ch.5 clonesrv6 on a Binary Star pair, ch.4) says when it becomes
 * active or passive, and how many keys it holds then.
 */
@Component
@Profile({ "primary", "backup" })
public class PairStateLog {

	private static final Log logger = LogFactory.getLog(PairStateLog.class);

	private final CloneServer server;

	public PairStateLog(CloneServer server) {
		this.server = server;
	}

	@EventListener
	void stateChanged(BinaryStarStateChangedEvent event) {
		logger.info("Clone server " + this.server.getName() + ": " + event.getPrevious() + " -> " + event.getState()
				+ " (" + event.getReason() + "), " + this.server.getKeyCount() + " keys");
	}

}
