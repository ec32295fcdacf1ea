package dev.zmqspring.samples.pipeline;

import java.util.List;

import org.zeromq.SocketType;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.zmqspring.core.ZmqTemplate;

/**
 * Binds the ventilator's PUSH socket (owned by the template) up front, so the workers, created
 * after it, connect to its actual port (which may be ephemeral), and remembers where the sink and
 * the controller are.
 */
@Component
public class Endpoints {

	private final String ventilatorBind;

	private final String ventilator;

	public Endpoints(ZmqTemplate zmq, @Value("${pipeline.ventilator}") String ventilator) {
		this.ventilatorBind = "@" + ventilator;
		List<String> bound = zmq.bind(this.ventilatorBind, SocketType.PUSH);
		this.ventilator = connectable(bound.get(0));
	}

	static String connectable(String bound) {
		return bound.replace("0.0.0.0", "localhost");
	}

	/** What the ventilator pushes to. */
	public String ventilatorBind() {
		return this.ventilatorBind;
	}

	/** Where workers connect for tasks. */
	public String getVentilator() {
		return this.ventilator;
	}

}
