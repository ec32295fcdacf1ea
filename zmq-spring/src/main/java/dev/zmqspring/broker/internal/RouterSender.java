package dev.zmqspring.broker.internal;

import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import dev.zmqspring.actor.ZmqCounters;

import zmq.Msg;
import zmq.ZError;

/**
 * The one place a broker sends on a ROUTER (Guide ch.4 "Robust Reliable Queuing"): the socket is
 * {@code ROUTER_MANDATORY} and every frame goes out with {@code DONTWAIT}, so the broker's loop never
 * blocks on a peer. The routing frame decides: a peer that left (EHOSTUNREACH) or does not read
 * (EAGAIN, its pipe is at the high-water mark) makes {@link #routeTo} return {@code false} with
 * nothing sent, and the broker picks another worker or forgets the peer; {@link #routeOrDrop} also
 * counts the message as dropped (a reply whose client is gone). Once routed, the remaining frames of
 * the message cannot fail. ETERM and any other error are rethrown: the actor shuts down.
 *
 * <p>Allocates nothing; the frames are the caller's ({@code byte[]} or JeroMQ {@link Msg}, which are
 * forwarded without a copy). Used on the broker's actor thread only.
 */
public final class RouterSender {

	private static final int MORE = ZMQ.SNDMORE | ZMQ.DONTWAIT;

	private final ZMQ.Socket router;

	private final ZmqCounters counters;

	/**
	 * Wraps a ROUTER and makes it {@code ROUTER_MANDATORY}.
	 * @param router the ROUTER, owned by the calling actor
	 * @param counters where {@link #routeOrDrop} counts drops
	 */
	public RouterSender(ZMQ.Socket router, ZmqCounters counters) {
		router.setRouterMandatory(true);
		this.router = router;
		this.counters = counters;
	}

	/** The ROUTER. */
	public ZMQ.Socket socket() {
		return this.router;
	}

	/**
	 * Starts a message to a peer: sends its routing frame.
	 * @param identity the peer's routing identity
	 * @return {@code false} if the peer left or does not read (nothing was sent)
	 */
	public boolean routeTo(byte[] identity) {
		try {
			return this.router.send(identity, MORE);
		}
		catch (ZMQException ex) {
			return unroutable(ex);
		}
	}

	/**
	 * Starts a message to a peer whose routing frame was received as a {@link Msg}.
	 * @param identity the peer's routing identity frame
	 * @return {@code false} if the peer left or does not read (nothing was sent)
	 */
	public boolean routeTo(Msg identity) {
		try {
			return this.router.sendMsg(identity, MORE);
		}
		catch (ZMQException ex) {
			return unroutable(ex);
		}
	}

	/**
	 * {@link #routeTo(byte[])}, counting a drop when the peer cannot be reached.
	 * @param identity the peer's routing identity
	 * @return {@code false} if the peer left or does not read (nothing was sent, one drop counted)
	 */
	public boolean routeOrDrop(byte[] identity) {
		if (routeTo(identity)) {
			return true;
		}
		this.counters.dropped();
		return false;
	}

	/**
	 * {@link #routeTo(Msg)}, counting a drop when the peer cannot be reached.
	 * @param identity the peer's routing identity frame
	 * @return {@code false} if the peer left or does not read (nothing was sent, one drop counted)
	 */
	public boolean routeOrDrop(Msg identity) {
		if (routeTo(identity)) {
			return true;
		}
		this.counters.dropped();
		return false;
	}

	/**
	 * Sends a frame of a routed message.
	 * @param frame the frame
	 * @param more whether more frames follow
	 */
	public void frame(byte[] frame, boolean more) {
		this.router.send(frame, more ? MORE : ZMQ.DONTWAIT);
	}

	/**
	 * Sends a frame of a routed message, without copying it.
	 * @param frame the frame
	 * @param more whether more frames follow
	 */
	public void frame(Msg frame, boolean more) {
		this.router.sendMsg(frame, more ? MORE : ZMQ.DONTWAIT);
	}

	/**
	 * Sends a frame of a routed message; more follow.
	 * @param frame the frame
	 */
	public void more(byte[] frame) {
		this.router.send(frame, MORE);
	}

	/**
	 * Sends the last frame of a routed message.
	 * @param frame the frame
	 */
	public void last(byte[] frame) {
		this.router.send(frame, ZMQ.DONTWAIT);
	}

	private static boolean unroutable(ZMQException ex) {
		int code = ex.getErrorCode();
		if (code == ZError.EHOSTUNREACH || code == ZError.EAGAIN) {
			return false;
		}
		throw ex;
	}

}
