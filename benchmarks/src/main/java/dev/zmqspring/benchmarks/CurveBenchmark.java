package dev.zmqspring.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.security.ZmqAccessPolicy;
import dev.zmqspring.security.ZmqAuthentication;
import dev.zmqspring.security.ZmqCertificate;
import dev.zmqspring.support.ZmqSecurityMechanism;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * The cost of security (RFC 26 CURVE, Guide ch.5 "Security"): {@code ZmqTemplate.push} and
 * {@code ZmqTemplate.request} with {@code zmq.template.security} naming a curve-client profile,
 * against a raw JeroMQ PUSH and REQ with the same keys set by hand, in the same run; and both again
 * over NULL ({@code mechanism=null}), so the CURVE/NULL ratio of each side shows what encryption
 * costs.
 *
 * <p>Each side has its own raw receivers, the same code on both: a PULL drain
 * ({@link RawReceiver.Mode#DRAIN}) and a REP echo ({@link RawEchoServer}), CURVE servers with the
 * same key pair, on that side's context. Both contexts run the same ZAP handler,
 * {@link ZmqAuthentication}, with the same policy (one authorized client key): the starter's from its
 * auto-configuration, the raw side's built by hand. ZAP runs once per connection, at the handshake,
 * so the steady state measures the encrypted message path. 100-byte messages over tcp (CURVE does
 * not apply to inproc). Starter and raw alternate by iteration ({@link Alternation}).
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class CurveBenchmark {

	/** The ZAP domain and profile name of the servers. */
	static final String SERVER_PROFILE = "server";

	/** Both sides of a trial. */
	@State(Scope.Thread)
	public static class Pair extends AlternatingState {

		/** {@code curve}: everything over CURVE; {@code null}: the same exchange without security. */
		@Param({ "curve", "null" })
		public String mechanism;

		@Param({ "100" })
		public int size;

		ConfigurableApplicationContext application;

		ZmqTemplate template;

		RawReceiver starterDrain;

		RawEchoServer starterEcho;

		ZContext rawContext;

		ZmqAuthentication rawAuthentication;

		RawReceiver rawDrain;

		RawEchoServer rawEcho;

		ZMQ.Socket push;

		ZMQ.Socket req;

		String starterDrainEndpoint;

		String starterEchoEndpoint;

		byte[] payload;

		@Setup(Level.Trial)
		public void open() throws Exception {
			boolean curve = "curve".equals(this.mechanism);
			ZmqCertificate server = ZmqCertificate.generate("server");
			ZmqCertificate client = ZmqCertificate.generate("client");
			this.application = StarterApp.start(StarterApp.AutoConfigured.class,
					curve ? starterProperties(server, client) : new String[0]);
			this.template = this.application.getBean(ZmqTemplate.class);
			Consumer<ZMQ.Socket> serverOptions = curve ? (socket) -> curveServer(socket, server) : (socket) -> {
			};
			ZContext starterContext = this.application.getBean(ZContext.class);
			this.starterDrain = drain(starterContext, serverOptions);
			this.starterEcho = new RawEchoServer(starterContext, "tcp://127.0.0.1:*", serverOptions);

			this.rawContext = RawZmq.context();
			if (curve) {
				this.rawAuthentication = new ZmqAuthentication(new ZmqSocketFactory(this.rawContext, RawZmq.OPTIONS),
						List.of(ZmqAccessPolicy.builder(SERVER_PROFILE, ZmqSecurityMechanism.CURVE_SERVER)
							.keys(List.of(client.publicKey()))
							.build()),
						Duration.ofSeconds(5));
				this.rawAuthentication.start();
			}
			this.rawDrain = drain(this.rawContext, serverOptions);
			this.rawEcho = new RawEchoServer(this.rawContext, "tcp://127.0.0.1:*", serverOptions);
			this.push = RawZmq.socket(this.rawContext, SocketType.PUSH);
			this.req = RawZmq.socket(this.rawContext, SocketType.REQ);
			if (curve) {
				curveClient(this.push, client, server);
				curveClient(this.req, client, server);
			}
			this.push.connect(this.rawDrain.endpoint());
			this.req.connect(this.rawEcho.endpoint());
			this.starterDrainEndpoint = this.starterDrain.endpoint();
			this.starterEchoEndpoint = this.starterEcho.endpoint();
			this.payload = RawZmq.payload(this.size);
		}

		private static String[] starterProperties(ZmqCertificate server, ZmqCertificate client) {
			String serverProfile = "zmq.security.profiles." + SERVER_PROFILE;
			return new String[] { serverProfile + ".mechanism=curve-server",
					serverProfile + ".public-key=" + server.publicKey(), serverProfile + ".secret-key=" + server.secretKey(),
					serverProfile + ".authorized-keys[0]=" + client.publicKey(),
					"zmq.security.profiles.client.mechanism=curve-client",
					"zmq.security.profiles.client.public-key=" + client.publicKey(),
					"zmq.security.profiles.client.secret-key=" + client.secretKey(),
					"zmq.security.profiles.client.server-key=" + server.publicKey(), "zmq.template.security=client" };
		}

		private RawReceiver drain(ZContext context, Consumer<ZMQ.Socket> options) {
			return new RawReceiver(context, SocketType.PULL, "@tcp://127.0.0.1:*", RawReceiver.Mode.DRAIN, this.size, "",
					options);
		}

		/** A CURVE server socket as a raw JeroMQ user writes it, authenticated by the context's ZAP handler. */
		private static void curveServer(ZMQ.Socket socket, ZmqCertificate server) {
			socket.setZAPDomain(SERVER_PROFILE);
			socket.setCurvePublicKey(server.publicKeyBytes());
			socket.setCurveSecretKey(server.secretKeyBytes());
			socket.setCurveServer(true);
		}

		private static void curveClient(ZMQ.Socket socket, ZmqCertificate client, ZmqCertificate server) {
			socket.setCurvePublicKey(client.publicKeyBytes());
			socket.setCurveSecretKey(client.secretKeyBytes());
			socket.setCurveServerKey(server.publicKeyBytes());
		}

		@TearDown(Level.Iteration)
		public void settle() {
			(this.useStarter ? this.starterDrain : this.rawDrain).arrivals().awaitQuiet(Duration.ofMillis(50));
		}

		@TearDown(Level.Trial)
		public void close() throws Exception {
			this.template.releaseThreadSockets();
			this.starterDrain.close();
			this.starterEcho.close();
			this.application.close();
			this.push.close();
			this.req.close();
			this.rawDrain.close();
			this.rawEcho.close();
			if (this.rawAuthentication != null) {
				this.rawAuthentication.close();
			}
			this.rawContext.close();
		}

	}

	/** Messages per second pushed to the drain; backpressure at the high-water mark (1000). */
	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	public boolean push(Pair pair) {
		if (pair.useStarter) {
			pair.template.push(pair.starterDrainEndpoint, pair.payload);
			return true;
		}
		return pair.push.send(pair.payload, 0);
	}

	/** Round trips per second to the echo; its inverse is the mean round trip. */
	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	public byte[] request(Pair pair) {
		if (pair.useStarter) {
			return pair.template.request(pair.starterEchoEndpoint, pair.payload, byte[].class);
		}
		pair.req.send(pair.payload, 0);
		return pair.req.recv(0);
	}

}
