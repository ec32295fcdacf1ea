package dev.zmqspring.samples.clone;

import java.time.Duration;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.binarystar.BinaryStarState;
import dev.zmqspring.clone.CloneServer;
import dev.zmqspring.clone.ZmqCloneMap;

import static dev.zmqspring.test.ZmqTestPorts.freePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's two servers as a pair and two client nodes sharing the map; the primary is killed.
 * What the nodes and servers do shows at the default log level.
 */
@ExtendWith(OutputCaptureExtension.class)
class CloneApplicationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	@SuppressWarnings("unchecked")
	void twoNodesShareTheMapAndKeepSharingItWhenThePrimaryServerStops(CapturedOutput output) {
		int primaryBase = freePorts(3);
		int backupBase = freePorts(3);
		int primaryState = freePorts(3);
		int backupState = primaryState + 1;
		String servers = "tcp://127.0.0.1:" + primaryBase + ",tcp://127.0.0.1:" + backupBase;
		try (ConfigurableApplicationContext backup = server("backup", backupBase, primaryBase, backupState, primaryState);
				ConfigurableApplicationContext primary = server("primary", primaryBase, backupBase, primaryState,
						backupState)) {
			await().atMost(WAIT).until(() -> backup.getBean(BinaryStar.class).getPairState() == BinaryStarState.PASSIVE
					&& backup.getBean(CloneServer.class).isReplicated());
			try (ConfigurableApplicationContext alice = client("alice", servers);
					ConfigurableApplicationContext bob = client("bob", servers)) {
				ZmqCloneMap<String> aliceMap = alice.getBean(ZmqCloneMap.class);
				ZmqCloneMap<String> bobMap = bob.getBean(ZmqCloneMap.class);
				// 10 keys and one presence key per node
				await().atMost(WAIT).until(() -> aliceMap.asMap().size() == 22 && bobMap.asMap().size() == 22);
				await().atMost(WAIT).until(() -> aliceMap.getSubscribedServers() == 2 && bobMap.getSubscribedServers() == 2);
				primary.close();
				SharedMapNode aliceNode = alice.getBean(SharedMapNode.class);
				for (int i = 10; i < 20; i++) {
					aliceNode.write(i);
				}
				await().atMost(WAIT).until(() -> aliceMap.asMap().size() == 32 && bobMap.asMap().size() == 32);
				assertThat(new TreeMap<>(aliceMap.asMap())).isEqualTo(new TreeMap<>(bobMap.asMap()));
				assertThat(backup.getBean(BinaryStar.class).getPairState()).isEqualTo(BinaryStarState.ACTIVE);
				assertThat(bobMap.getConnectedServer()).endsWith(":" + backupBase);
				assertThat(bob.getBean(SharedMapNode.class).getChanges()).isGreaterThanOrEqualTo(32);
				await().atMost(WAIT).untilAsserted(() -> assertThat(output)
					.contains("Clone server shared: PASSIVE -> ACTIVE")
					.contains("alice: snapshot from tcp://127.0.0.1:" + primaryBase)
					.contains("bob: server tcp://127.0.0.1:" + primaryBase + " is silent, following tcp://127.0.0.1:"
							+ backupBase)
					.containsPattern("bob: #\\d+ /sample/alice/key-19 = alice-19"));
			}
		}
	}

	private static ConfigurableApplicationContext server(String profile, int base, int peerBase, int local, int remote) {
		return new SpringApplicationBuilder(CloneApplication.class).main(CloneApplication.class).web(WebApplicationType.NONE)
			.profiles(profile)
			.run("--zmq.clone.servers.shared.bind=tcp://127.0.0.1:" + base,
					"--zmq.clone.servers.shared.peer=tcp://127.0.0.1:" + peerBase,
					"--zmq.clone.servers.shared.heartbeat=100ms",
					"--zmq.binary-star.local=tcp://127.0.0.1:" + local,
					"--zmq.binary-star.remote=tcp://127.0.0.1:" + remote, "--zmq.binary-star.heartbeat=100ms");
	}

	private static ConfigurableApplicationContext client(String node, String servers) {
		return new SpringApplicationBuilder(CloneApplication.class).main(CloneApplication.class).web(WebApplicationType.NONE)
			.profiles("client")
			.run("--sample.node=" + node, "--zmq.clone.clients.shared.servers=" + servers,
					"--zmq.clone.clients.shared.server-timeout=1s");
	}

}
