package dev.zmqspring.clone;

import org.springframework.context.ApplicationEvent;

/**
 * A {@link ZmqCloneMap} failed over (Guide ch.5 "Clone Server Reliability", clonecli6): the server
 * it followed was silent for the server timeout, so the map now asks the next server for a snapshot.
 * Published on the map's actor thread, when the map switches, before the new snapshot arrives.
 */
public class ZmqCloneFailoverEvent extends ApplicationEvent {

	private final String mapName;

	private final String fromServer;

	private final String toServer;

	private final long failovers;

	/**
	 * Creates the event.
	 * @param source the map
	 * @param fromServer the snapshot endpoint of the silent server
	 * @param toServer the snapshot endpoint of the server tried now
	 * @param failovers how many times the map has failed over, this one included
	 */
	public ZmqCloneFailoverEvent(ZmqCloneMap<?> source, String fromServer, String toServer, long failovers) {
		super(source);
		this.mapName = source.getName();
		this.fromServer = fromServer;
		this.toServer = toServer;
		this.failovers = failovers;
	}

	/** The name of the map ({@code zmq.clone.clients.<name>}). */
	public String getMapName() {
		return this.mapName;
	}

	/** The snapshot endpoint of the server that went silent. */
	public String getFromServer() {
		return this.fromServer;
	}

	/** The snapshot endpoint of the server the map follows now. */
	public String getToServer() {
		return this.toServer;
	}

	/** How many times the map has failed over, this one included. */
	public long getFailovers() {
		return this.failovers;
	}

	@Override
	public String toString() {
		return "ZmqCloneFailoverEvent[" + this.mapName + ": " + this.fromServer + " -> " + this.toServer + ", failover "
				+ this.failovers + "]";
	}

}
