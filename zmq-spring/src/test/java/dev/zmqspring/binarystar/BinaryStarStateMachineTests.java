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
	void twinRolesAreFatalAndServeNothing() {
		BinaryStarStateMachine twin = machine(true);
		twin.peer(BinaryStarEvent.PEER_PRIMARY, 0);
		assertThat(twin.state()).isEqualTo(BinaryStarState.FATAL);
		assertThat(twin.fatalReason()).contains("primary");
		assertThat(twin.admit()).isFalse();
		twin.reset();
		assertThat(twin.state()).as("a restart starts over").isEqualTo(BinaryStarState.PRIMARY);

		BinaryStarStateMachine backups = machine(false);
		backups.peer(BinaryStarEvent.PEER_BACKUP, 0);
		assertThat(backups.state()).isEqualTo(BinaryStarState.FATAL);
		assertThat(backups.fatalReason()).contains("backup");
	}

	@Test
	void onDualActiveThePeerWhosePromotionIsOlderStepsDownAndTheOtherStays() {
		// the primary was active with a passive backup, then paused; the backup took over on a client's vote
		BinaryStarStateMachine primary = machine(true);
		primary.peer(BinaryStarEvent.PEER_BACKUP, 0);
		primary.peer(BinaryStarEvent.PEER_PASSIVE, 1000);
		BinaryStarStateMachine backup = machine(false);
		backup.peer(BinaryStarEvent.PEER_ACTIVE, 0);
		backup.peer(BinaryStarEvent.PEER_ACTIVE, 1000);
		assertThat(backup.admit(0, 1000 + 3 * HEARTBEAT)).as("failover").isTrue();
		assertThat(backup.state()).isEqualTo(BinaryStarState.ACTIVE);

		// each hears the other ACTIVE: both evaluate the same rule
		primary.peer(BinaryStarEvent.PEER_ACTIVE, 9000);
		backup.peer(BinaryStarEvent.PEER_ACTIVE, 9000);
		assertThat(primary.state()).as("heard the backup passive since it became active").isEqualTo(BinaryStarState.PASSIVE);
		assertThat(backup.state()).as("took over from the active primary").isEqualTo(BinaryStarState.ACTIVE);
		assertThat(primary.dualActiveResolved()).isEqualTo(1);
		assertThat(primary.lastResolution()).contains("steps down");
		assertThat(backup.lastResolution()).contains("stays active");
		assertThat(this.transitions).extracting(BinaryStarStateMachine.Transition::state)
			.doesNotContain(BinaryStarState.FATAL);
		assertThat(this.transitions).filteredOn((t) -> t.kind() == BinaryStarStateMachine.Kind.RESOLVED)
			.as("one report per half: the primary's step down (a change), the backup staying (none)")
			.extracting(BinaryStarStateMachine.Transition::changed)
			.containsExactly(true, false);

		// and the other way round: the backup paused after it took over, the primary took over from it
		backup.peer(BinaryStarEvent.PEER_PASSIVE, 10000);
		assertThat(primary.admit(0, 20000)).as("failover back to the primary").isTrue();
		primary.peer(BinaryStarEvent.PEER_ACTIVE, 21000);
		backup.peer(BinaryStarEvent.PEER_ACTIVE, 21000);
		assertThat(primary.state()).isEqualTo(BinaryStarState.ACTIVE);
		assertThat(backup.state()).isEqualTo(BinaryStarState.PASSIVE);
	}

	@Test
	void whenBothStayActiveForTwoHeartbeatsTheBackupStepsDown() {
		BinaryStarStateMachine primary = machine(true);
		primary.peer(BinaryStarEvent.PEER_ACTIVE, 0);
		assertThat(primary.admit(0, 3 * HEARTBEAT)).isTrue();
		BinaryStarStateMachine backup = machine(false);
		backup.peer(BinaryStarEvent.PEER_ACTIVE, 0);
		assertThat(backup.admit(0, 3 * HEARTBEAT)).isTrue();
		for (long now = 4 * HEARTBEAT; now <= 8 * HEARTBEAT; now += HEARTBEAT) {
			primary.peer(BinaryStarEvent.PEER_ACTIVE, now);
			if (backup.state() == BinaryStarState.ACTIVE) {
				backup.peer(BinaryStarEvent.PEER_ACTIVE, now);
			}
		}
		assertThat(primary.state()).isEqualTo(BinaryStarState.ACTIVE);
		assertThat(backup.state()).isEqualTo(BinaryStarState.PASSIVE);
		assertThat(backup.lastResolution()).contains("the backup steps down");
	}

	@Test
	void onDualPassiveThePrimaryTakesOver() {
		BinaryStarStateMachine primary = machine(true);
		primary.peer(BinaryStarEvent.PEER_ACTIVE, 0);
		primary.peer(BinaryStarEvent.PEER_PASSIVE, 1000);
		assertThat(primary.state()).isEqualTo(BinaryStarState.ACTIVE);
		BinaryStarStateMachine backup = machine(false);
		backup.peer(BinaryStarEvent.PEER_ACTIVE, 0);
		backup.peer(BinaryStarEvent.PEER_PASSIVE, 1000);
		assertThat(backup.state()).isEqualTo(BinaryStarState.PASSIVE);
	}

	@Test
	void aPauseMakesTheStateStaleUntilThePeerIsHeardAHeartbeatLater() {
		long ms = 1_000_000;
		BinaryStarStateMachine primary = machine(true);
		primary.tick(1);
		primary.peer(BinaryStarEvent.PEER_BACKUP, 0, 1);
		primary.tick(1 + HEARTBEAT * ms);
		assertThat(primary.admit(1 + HEARTBEAT * ms, 0)).isTrue();
		assertThat(primary.publishedState()).isEqualTo(BinaryStarState.ACTIVE);

		// frozen for 5 heartbeats: a frontend thread asks before the pair's actor has ticked
		long resumed = 1 + 6 * HEARTBEAT * ms;
		assertThat(primary.admit(resumed, 0)).as("queued during the pause").isFalse();
		assertThat(primary.isStale()).isTrue();
		assertThat(primary.pauses()).isEqualTo(1);
		primary.tick(resumed + 1);
		assertThat(primary.publishedState()).as("publishes nothing while stale").isNull();
		// what the peer sent during the pause is read at once: still stale
		primary.peer(BinaryStarEvent.PEER_PASSIVE, 0, resumed + 2);
		assertThat(primary.admit(resumed + 3, 0)).isFalse();
		assertThat(primary.isStale()).isTrue();
		// a heartbeat later the peer's state is current
		primary.peer(BinaryStarEvent.PEER_PASSIVE, 0, resumed + HEARTBEAT * ms);
		assertThat(primary.isStale()).isFalse();
		assertThat(primary.admit(resumed + HEARTBEAT * ms, 0)).isTrue();
		assertThat(primary.staleDiscarded()).isEqualTo(2);
		assertThat(primary.pauses()).isEqualTo(1);
		assertThat(this.transitions).extracting(BinaryStarStateMachine.Transition::kind)
			.contains(BinaryStarStateMachine.Kind.PAUSED, BinaryStarStateMachine.Kind.RESUMED);
	}

	@Test
	void aStalePeerThatHearsNothingForTwoHeartbeatsCarriesOn() {
		long ms = 1_000_000;
		BinaryStarStateMachine primary = machine(true);
		primary.tick(1);
		primary.peer(BinaryStarEvent.PEER_BACKUP, 0, 1);
		long resumed = 1 + 10 * HEARTBEAT * ms;
		primary.tick(resumed);
		assertThat(primary.isStale()).isTrue();
		primary.tick(resumed + HEARTBEAT * ms);
		assertThat(primary.isStale()).isTrue();
		primary.tick(resumed + 2 * HEARTBEAT * ms);
		assertThat(primary.isStale()).isFalse();
		assertThat(primary.admit(resumed + 2 * HEARTBEAT * ms, 0)).isTrue();

		// heard only what the peer sent during the pause, then nothing: carries on too
		long again = resumed + 20 * HEARTBEAT * ms;
		primary.tick(again);
		primary.peer(BinaryStarEvent.PEER_PASSIVE, 0, again + 1);
		primary.tick(again + HEARTBEAT * ms);
		assertThat(primary.isStale()).isTrue();
		primary.tick(again + 2 * HEARTBEAT * ms);
		assertThat(primary.isStale()).isFalse();
		assertThat(primary.pauses()).isEqualTo(2);
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
