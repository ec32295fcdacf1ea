package dev.zmqspring.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.lifecycle.ZmqManagedComponentSource;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.proxy.ZmqProxy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/health/zmq}, {@code /actuator/zmq} and the meters over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ZmqActuatorHttpTests.App.class,
		properties = { "management.endpoints.web.exposure.include=health,zmq,metrics",
				"management.endpoint.health.show-details=always", "zmq.shutdown-timeout=5s",
				"zmq.proxies.queue.type=queue", "zmq.proxies.queue.frontend=@tcp://127.0.0.1:*",
				"zmq.proxies.queue.backend=@tcp://127.0.0.1:*", "zmq.brokers.pirates.type=paranoid-pirate",
				"zmq.brokers.pirates.frontend=tcp://127.0.0.1:*", "zmq.brokers.pirates.backend=tcp://127.0.0.1:*",
				"zmq.proxies.hidden.type=streamer", "zmq.proxies.hidden.frontend=@tcp://127.0.0.1:*",
				"zmq.proxies.hidden.backend=@tcp://127.0.0.1:*", "zmq.proxies.hidden.health=false",
				"zmq.proxies.blocked.type=streamer", "zmq.proxies.blocked.auto-startup=false",
				"zmq.proxies.blocked.backend=@tcp://127.0.0.1:*" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZmqActuatorHttpTests {

	/** Holds the port that the "blocked" proxy will fail to bind. */
	static final ZContext SQUATTER_CONTEXT = new ZContext();

	static final ZMQ.Socket SQUATTER = SQUATTER_CONTEXT.createSocket(SocketType.PULL);

	static {
		SQUATTER.bind("tcp://127.0.0.1:*");
	}

	@DynamicPropertySource
	static void blockedFrontend(DynamicPropertyRegistry registry) {
		registry.add("zmq.proxies.blocked.frontend", () -> "@" + SQUATTER.getLastEndpoint());
	}

	@AfterAll
	static void releasePort() {
		SQUATTER.close();
		SQUATTER_CONTEXT.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	ZmqTemplate template;

	@Autowired
	ZContext zmq;

	final HttpClient http = HttpClient.newHttpClient();

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	@Order(1)
	void healthShowsEveryComponentUpWithDetails() throws Exception {
		HttpResponse<String> response = get("/actuator/health/zmq");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = this.json.readTree(response.body());
		assertThat(health.path("status").asString()).isEqualTo("UP");
		JsonNode components = health.path("components");
		assertThat(components.path("queue").path("status").asString()).isEqualTo("UP");
		assertThat(components.path("queue").path("details").path("state").asString()).isEqualTo("RUNNING");
		assertThat(components.path("queue").path("details").path("endpoints").size()).isEqualTo(2);
		assertThat(components.path("pirates").path("status").asString()).isEqualTo("UP");
		assertThat(components.path("pirates").path("details").path("workers").path("idle").asInt()).isZero();
		assertThat(components.path("pirates").path("details").has("queuedRequests")).isTrue();
		assertThat(components.path("listeners").path("status").asString()).isEqualTo("UP");
		assertThat(components.path("listeners").path("details").has("greeter.hello")).isTrue();
		assertThat(components.path("blocked").path("status").asString()).isEqualTo("UNKNOWN");
		assertThat(components.has("hidden")).as("health opt-out").isFalse();
		assertThat(get("/actuator/health/zmq/queue").statusCode()).isEqualTo(200);
	}

	@Test
	@Order(2)
	void endpointListsComponentsAndSteersThemByName(@Autowired List<ZmqProxy> proxies) throws Exception {
		JsonNode all = this.json.readTree(get("/actuator/zmq").body());
		assertThat(all.path("proxies").has("queue")).isTrue();
		assertThat(all.path("proxies").has("hidden")).isTrue();
		assertThat(all.path("brokers").has("pirates")).isTrue();
		assertThat(all.path("listeners").has("greeter.hello")).isTrue();

		ZmqProxy streamer = proxies.stream().filter((p) -> p.getName().equals("hidden")).findFirst().orElseThrow();
		try (ZMQ.Socket push = this.zmq.createSocket(SocketType.PUSH);
				ZMQ.Socket pull = this.zmq.createSocket(SocketType.PULL)) {
			push.connect(streamer.getEndpoints().get(0));
			pull.connect(streamer.getEndpoints().get(1));
			pull.setReceiveTimeOut(10_000);
			push.send("one");
			assertThat(pull.recvStr()).isEqualTo("one");

			HttpResponse<String> paused = post("/actuator/zmq/hidden", "{\"action\":\"pause\"}");
			assertThat(paused.statusCode()).isEqualTo(200);
			assertThat(this.json.readTree(paused.body()).path("state").asString()).isEqualTo("PAUSED");
			push.send("two");
			pull.setReceiveTimeOut(300);
			assertThat(pull.recvStr()).as("paused through HTTP").isNull();
			assertThat(this.json.readTree(post("/actuator/zmq/hidden", "{\"action\":\"resume\"}").body())
				.path("state").asString()).isEqualTo("RUNNING");
			pull.setReceiveTimeOut(10_000);
			assertThat(pull.recvStr()).isEqualTo("two");
		}
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode one = this.json.readTree(get("/actuator/zmq/hidden").body());
			assertThat(one.path("counters").path("messagesIn").asLong()).isEqualTo(2);
			assertThat(one.path("frontendToBackend").path("messages").asLong()).isEqualTo(2);
		});
		assertThat(get("/actuator/zmq/nobody").statusCode()).isEqualTo(404);
		assertThat(post("/actuator/zmq/hidden", "{\"action\":\"explode\"}").statusCode()).isEqualTo(400);

		HttpResponse<String> meter = get("/actuator/metrics/zmq.messages?tag=component:hidden&tag=direction:in");
		assertThat(meter.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(meter.body()).path("measurements").get(0).path("value").asDouble())
			.isEqualTo(2.0);
		assertThat(get("/actuator/metrics/zmq.broker.workers").statusCode()).isEqualTo(200);
	}

	@Test
	@Order(3)
	void aComponentWhoseBindFailedIsDown() throws Exception {
		HttpResponse<String> started = post("/actuator/zmq/blocked", "{\"action\":\"start\"}");
		assertThat(started.statusCode()).isEqualTo(200);
		JsonNode view = this.json.readTree(started.body());
		assertThat(view.path("state").asString()).isEqualTo("FAILED");
		assertThat(view.path("failure").asString()).contains("zmq.proxies.blocked.frontend");

		HttpResponse<String> response = get("/actuator/health/zmq");
		assertThat(response.statusCode()).isEqualTo(503);
		JsonNode health = this.json.readTree(response.body());
		assertThat(health.path("status").asString()).isEqualTo("DOWN");
		assertThat(health.path("components").path("blocked").path("status").asString()).isEqualTo("DOWN");
		assertThat(health.path("components").path("queue").path("status").asString()).isEqualTo("UP");
		assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		/** Stands in for the listener registry (another component source) until it is merged. */
		@Bean
		ZmqManagedComponentSource listenerRegistry() {
			ZmqManagedComponent listener = new FixedComponent("greeter.hello", "listener");
			return () -> List.of(listener);
		}

	}

	/** A running component with fixed values, as a listener registry would report one. */
	record FixedComponent(String name, String kind) implements ZmqManagedComponent {

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public String getKind() {
			return this.kind;
		}

		@Override
		public ZmqActorState getState() {
			return ZmqActorState.RUNNING;
		}

		@Override
		public Throwable getFailure() {
			return null;
		}

		@Override
		public List<String> getEndpoints() {
			return List.of("tcp://127.0.0.1:5555");
		}

		@Override
		public ZmqCounters getCounters() {
			return new ZmqCounters();
		}

		@Override
		public Map<String, Object> getDetails() {
			return Map.of("concurrency", 1);
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public void pause() {
		}

		@Override
		public void resume() {
		}

	}

}
