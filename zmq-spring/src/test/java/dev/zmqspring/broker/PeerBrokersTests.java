package dev.zmqspring.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a peering broker knows of its peers (Guide ch.3 peering3 cloud capacity), on a given clock. */
class PeerBrokersTests {

	final PeerBrokers peers = new PeerBrokers(new ZmqBrokerPeering(List.of(), List.of(), Duration.ofMillis(100),
			List.of(new ZmqBrokerPeering.Peer("b", List.of(), List.of()),
					new ZmqBrokerPeering.Peer("c", List.of(), List.of()))));

	PeerBrokers.Known peer(String name) {
		return this.peers.find(name.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aQuietPeerKeepsItsCountAndAnUnreachableOneKeepsItForWhenItsConnectionIsBack() {
		this.peers.heard(peer("b"), 2);
		assertThat(this.peers.snapshot()).containsEntry("b", 2); // no clock: silence forgets nothing
		this.peers.unreachable(peer("b"));
		assertThat(this.peers.snapshot()).isEmpty();
		assertThat(this.peers.withCapacity()).isSameAs(peer("b")); // offered: the send tells
		this.peers.used(peer("b"));
		assertThat(this.peers.snapshot()).containsEntry("b", 1);
	}

	@Test
	void capacityIsUsedPerRequestAndPeersAreTakenInTurn() {
		this.peers.heard(peer("b"), 1);
		this.peers.heard(peer("c"), 2);
		PeerBrokers.Known first = this.peers.withCapacity();
		this.peers.used(first);
		PeerBrokers.Known second = this.peers.withCapacity();
		assertThat(second).isNotSameAs(first);
		this.peers.used(second);
		this.peers.used(this.peers.withCapacity());
		assertThat(this.peers.withCapacity()).isNull();
		this.peers.unreachable(peer("c"));
		assertThat(this.peers.snapshot()).containsOnly(Map.entry("b", 0));
	}

	@Test
	void onlyShortDecimalCountsAreCapacities() {
		assertThat(PeerBrokers.parseCapacity("42".getBytes(StandardCharsets.US_ASCII))).isEqualTo(42);
		assertThat(PeerBrokers.parseCapacity("".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
		assertThat(PeerBrokers.parseCapacity("-1".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
		assertThat(PeerBrokers.parseCapacity("1234567890".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
		assertThat(PeerBrokers.parseCapacity(new byte[] { 0x01 })).isEqualTo(-1);
	}

}
