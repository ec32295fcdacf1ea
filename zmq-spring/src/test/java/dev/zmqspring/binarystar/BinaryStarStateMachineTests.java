package dev.zmqspring.binarystar;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Binary Star state machine of Guide ch.4 (Figure 64), transition by transition, with the
 * split-brain rule: a passive peer takes over only on a client request after two silent heartbeats.
 */
class BinaryStarStateMachineTests {

	private static final long HEARTBEAT = 1000;

	private final List<BinaryStarStateMachine.Transition> transitions = new ArrayList<>();

	private BinaryStarStateMachine machine(boolean primary) {
		return new BinaryStarStateMachine(primary, HEARTBEAT, this.transitions::add);
	}

	@Test
	void aPrimaryServesWhileItWaitsAndBecomesActiveWhenTheBackupAnswers() {
		BinaryStarStateMachine primary = machine(true);
		assertThat(primary.state()).isEqualTo(BinaryStarState.PRIMARY);
		assertThat(primary.admit()).as("the primary accepts requests while it waits for the backup").isTrue();
		primary.peer(BinaryStarEvent.PEER_BACKUP, 0);
		assertThat(primary.state()).isEqualTo(BinaryStarState.ACTIVE);
		primary.peer(BinaryStarEvent.PEER_PASSIVE, 1000);
		assertThat(primary.state()).isEqualTo(BinaryStarState.ACTIVE);
		assertThat(primary.admit()).isTrue();
	}

	@Test
	void aRestartedPrimaryThatHearsAnActiveBackupBecomesPassive() {
		BinaryStarStateMachine primary = machine(true);
		primary.peer(BinaryStarEvent.PEER_ACTIVE, System.currentTimeMillis());
		assertThat(primary.state()).isEqualTo(BinaryStarState.PASSIVE);
		assertThat(primary.admit()).as("the active backup was heard just now").isFalse();
	}

	@Test
	void aBackupThatNeverHeardThePrimaryServesNothing() {
		BinaryStarStateMachine backup = machine(false);
		assertThat(backup.state()).isEqualTo(BinaryStarState.BACKUP);
		for (int i = 0; i < 5; i++) {
			assertThat(backup.admit()).isFalse();
		}
		assertThat(backup.state()).as("no takeover without ever seeing an active primary").isEqualTo(BinaryStarState.BACKUP);
	}

	@Test
	void aPassiveBackupTakesOverOnlyOnAClientRequestAfterTwoSilentHeartbeats() {
		BinaryStarStateMachine backup = machine(false);
		long now = System.currentTimeMillis();
		backup.peer(BinaryStarEvent.PEER_ACTIVE, now);
		assertThat(backup.state()).isEqualTo(BinaryStarState.PASSIVE);
		assertThat(backup.admit()).as("the primary was heard just now").isFalse();
		assertThat(backup.state()).isEqualTo(BinaryStarState.PASSIVE);
		// the primary falls silent: nothing changes while no client asks
		backup.peer(BinaryStarEvent.PEER_ACTIVE, now - 3 * HEARTBEAT);
		assertThat(backup.state()).isEqualTo(BinaryStarState.PASSIVE);
		assertThat(backup.admit()).as("first request after two silent heartbeats").isTrue();
		assertThat(backup.state()).isEqualTo(BinaryStarState.ACTIVE);
		assertThat(this.transitions).filteredOn(BinaryStarStateMachine.Transition::changed)
			.extracting(BinaryStarStateMachine.Transition::state)
			.containsExactly(BinaryStarState.PASSIVE, BinaryStarState.ACTIVE);
	}

	@Test
	void aPassivePeerBecomesActiveWhenItsPeerRestarts() {
		BinaryStarStateMachine backup = machine(false);
		backup.peer(BinaryStarEvent.PEER_ACTIVE, 0);
		backup.peer(BinaryStarEvent.PEER_PRIMARY, 1000);
		assertThat(backup.state()).isEqualTo(BinaryStarState.ACTIVE);
		BinaryStarStateMachine primary = machine(true);
		primary.peer(BinaryStarEvent.PEER_ACTIVE, 0);
		primary.peer(BinaryStarEvent.PEER_BACKUP, 1000);
		assertThat(primary.state()).isEqualTo(BinaryStarState.ACTIVE);
	}

	@Test
	void dualActiveDualPassiveAndTwinRolesAreFatalAndServeNothing() {
		BinaryStarStateMachine active = machine(true);
		active.peer(BinaryStarEvent.PEER_BACKUP, 0);
		active.peer(BinaryStarEvent.PEER_ACTIVE, 1000);
		assertThat(active.state()).isEqualTo(BinaryStarState.FATAL);
		assertThat(active.fatalReason()).contains("dual active");
		assertThat(active.admit()).isFalse();

		BinaryStarStateMachine passive = machine(false);
		passive.peer(BinaryStarEvent.PEER_ACTIVE, 0);
		passive.peer(BinaryStarEvent.PEER_PASSIVE, 1000);
		assertThat(passive.state()).isEqualTo(BinaryStarState.FATAL);
		assertThat(passive.fatalReason()).contains("dual passive");

		BinaryStarStateMachine twin = machine(true);
		twin.peer(BinaryStarEvent.PEER_PRIMARY, 0);
		assertThat(twin.state()).isEqualTo(BinaryStarState.FATAL);
		assertThat(twin.fatalReason()).contains("primary");
		twin.reset();
		assertThat(twin.state()).as("a restart starts over").isEqualTo(BinaryStarState.PRIMARY);
	}

	@Test
	void peerStatesArriveAsTheGuidesDecimalNumbers() {
		assertThat(BinaryStarEvent.fromPeerState(1)).isEqualTo(BinaryStarEvent.PEER_PRIMARY);
		assertThat(BinaryStarEvent.fromPeerState(4)).isEqualTo(BinaryStarEvent.PEER_PASSIVE);
		assertThat(BinaryStarEvent.fromPeerState(0)).isNull();
		assertThat(BinaryStarEvent.fromPeerState(5)).isNull();
		assertThat(BinaryStarState.ACTIVE.wireValue()).isEqualTo(3);
	}

}
