package dev.zmqspring.samples.clone;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.zmqspring.clone.ZmqCloneChangedEvent;
import dev.zmqspring.clone.ZmqCloneFailoverEvent;
import dev.zmqspring.clone.ZmqCloneListener;
import dev.zmqspring.clone.ZmqCloneMap;

/**
 * A client node (Guide ch.5 clonecli6): once the first snapshot is in, it announces itself with an
 * ephemeral presence key and writes {@code sample.writes} keys of its own; the snapshot, every change
 * of the shared map (its own and the other nodes') and every failover to the other server are logged
 * as they arrive.
 */
@Component
@Profile("client")
public class SharedMapNode {

	private static final Log logger = LogFactory.getLog(SharedMapNode.class);

	private final ZmqCloneMap<String> shared;

	private final String node;

	private final int writes;

	private final AtomicLong changes = new AtomicLong();

	public SharedMapNode(ZmqCloneMap<String> shared, @Value("${sample.node:node}") String node,
			@Value("${sample.writes:10}") int writes) {
		this.shared = shared;
		this.node = node;
		this.writes = writes;
	}

	@EventListener(ApplicationReadyEvent.class)
	public void announce() {
		if (this.shared.awaitSnapshot(Duration.ofSeconds(10))) {
			logger.info(this.node + ": snapshot from " + this.shared.getConnectedServer() + " holds "
					+ this.shared.asMap().size() + " keys");
		}
		else {
			logger.warn("no Clone server answered yet; writes wait until one subscribes");
		}
		this.shared.set("/sample/presence/" + this.node, "online", Duration.ofSeconds(30));
		for (int i = 0; i < this.writes; i++) {
			write(i);
		}
	}

	/**
	 * Writes one key of this node.
	 * @param i its number
	 */
	public void write(int i) {
		this.shared.set("/sample/" + this.node + "/key-" + i, this.node + "-" + i);
	}

	@ZmqCloneListener("shared")
	void changed(ZmqCloneChangedEvent event) {
		this.changes.incrementAndGet();
		logger.info(this.node + ": #" + event.getSequence() + " " + event.getKey() + " = "
				+ (event.isDelete() ? "(deleted)" : event.getValue()));
	}

	@EventListener
	void failedOver(ZmqCloneFailoverEvent event) {
		logger.info(this.node + ": server " + event.getFromServer() + " is silent, following " + event.getToServer());
	}

	/** How many changes this node has seen. */
	public long getChanges() {
		return this.changes.get();
	}

}
