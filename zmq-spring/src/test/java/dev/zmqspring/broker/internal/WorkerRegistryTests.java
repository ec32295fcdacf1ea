package dev.zmqspring.broker.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import zmq.Msg;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker registry of the broker kit: LRU order, expiry, re-registration and the counts health reads. */
class WorkerRegistryTests {

	private final WorkerRegistry<RegisteredWorker> registry = new WorkerRegistry<>(3000);

	private final IdleWorkers<RegisteredWorker> idle = new IdleWorkers<>();

	private RegisteredWorker register(String identity) {
		assertThat(this.registry.find(bytes(identity))).isNull();
		return this.registry.register(new RegisteredWorker(this.registry.newKey()));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	@Test
	void idleWorkersAreTakenLeastRecentlyUsedFirst() {
		RegisteredWorker a = register("A");
		RegisteredWorker b = register("B");
		RegisteredWorker c = register("C");
		this.registry.ready(b, this.idle);
		this.registry.ready(a, this.idle);
		this.registry.ready(c, this.idle);
		this.registry.ready(b, this.idle); // already waiting: keeps its place

		assertThat(this.registry.takeIdle(this.idle)).isSameAs(b);
		this.registry.ready(b, this.idle); // back at the end
		assertThat(this.registry.takeIdle(this.idle)).isSameAs(a);
		assertThat(this.registry.takeIdle(this.idle)).isSameAs(c);
		assertThat(this.registry.takeIdle(this.idle)).isSameAs(b);
		assertThat(this.registry.takeIdle(this.idle)).isNull();
		assertThat(this.idle.isEmpty()).isTrue();
	}

	@Test
	void removingAWorkerFromTheMiddleKeepsTheOrderOfTheOthers() {
		RegisteredWorker a = register("A");
		RegisteredWorker b = register("B");
		RegisteredWorker c = register("C");
		this.registry.ready(a, this.idle);
		this.registry.ready(b, this.idle);
		this.registry.ready(c, this.idle);

		assertThat(this.registry.remove(b)).isTrue();
		assertThat(this.registry.remove(b)).isFalse();

		assertThat(b.isIdle()).isFalse();
		assertThat(this.idle.size()).isEqualTo(2);
		assertThat(this.registry.takeIdle(this.idle)).isSameAs(a);
		assertThat(this.registry.takeIdle(this.idle)).isSameAs(c);
		assertThat(this.registry.find(bytes("B"))).isNull();
	}

	@Test
	void countsIdleAndBusyWorkersOverSeveralIdleLists() {
		IdleWorkers<RegisteredWorker> echo = new IdleWorkers<>();
		IdleWorkers<RegisteredWorker> time = new IdleWorkers<>();
		RegisteredWorker a = register("A");
		RegisteredWorker b = register("B");
		register("C");
		this.registry.ready(a, echo);
		this.registry.ready(b, time);

		assertThat(this.registry.size()).isEqualTo(3);
		assertThat(this.registry.idleCount()).isEqualTo(2);
		assertThat(this.registry.busyCount()).isEqualTo(1);

		this.registry.busy(a);
		assertThat(echo.size()).isZero();
		assertThat(time.first()).isSameAs(b);
		assertThat(this.registry.idleCount()).isEqualTo(1);

		this.registry.clear();
		assertThat(this.registry.size()).isZero();
		assertThat(this.registry.idleCount()).isZero();
		assertThat(b.isIdle()).isFalse();
	}

	@Test
	void findsWorkersByTheBytesOfAFrameWithoutKeepingTheProbe() {
		RegisteredWorker a = register("worker-1");
		Msg frame = new Msg(bytes("worker-1"));

		assertThat(this.registry.find(frame)).isSameAs(a);
		assertThat(this.registry.find(bytes("worker-2"))).isNull();
		assertThat(this.registry.probe().toString()).isEqualTo("worker-2");
		assertThat(a.identity().toString()).isEqualTo("worker-1"); // the key is a copy, not the probe
		assertThat(a.address()).isEqualTo(bytes("worker-1"));
	}

	@Test
	void aRemovedWorkerRegistersAgainAsANewBusyWorker() {
		RegisteredWorker first = register("A");
		this.registry.ready(first, this.idle);
		this.registry.remove(first);

		RegisteredWorker again = register("A");

		assertThat(again).isNotSameAs(first);
		assertThat(again.isIdle()).isFalse();
		assertThat(this.registry.find(bytes("A"))).isSameAs(again);
		assertThat(this.registry.size()).isEqualTo(1);
		assertThat(this.idle.isEmpty()).isTrue();
	}

	@Test
	void sweepRemovesWorkersPastTheirDeadlineAndHeartbeatsTheOthers() {
		RegisteredWorker silent = register("silent");
		RegisteredWorker talking = register("talking");
		RegisteredWorker gone = register("gone");
		this.registry.alive(silent, 1000); // deadline 4000
		this.registry.alive(talking, 2000); // deadline 5000
		this.registry.alive(gone, 2000);
		this.registry.ready(silent, this.idle);
		this.registry.ready(talking, this.idle);
		List<RegisteredWorker> expired = new ArrayList<>();
		List<RegisteredWorker> heartbeats = new ArrayList<>();
		List<RegisteredWorker> unreachable = new ArrayList<>();

		int removed = this.registry.sweep(4500, new WorkerRegistry.Sweep<>() {

			@Override
			public void expired(RegisteredWorker worker) {
				expired.add(worker);
			}

			@Override
			public boolean heartbeat(RegisteredWorker worker, long now) {
				heartbeats.add(worker);
				return worker != gone;
			}

			@Override
			public void unreachable(RegisteredWorker worker) {
				unreachable.add(worker);
			}

		});

		assertThat(removed).isEqualTo(2);
		assertThat(expired).containsExactly(silent);
		assertThat(heartbeats).containsExactlyInAnyOrder(talking, gone);
		assertThat(unreachable).containsExactly(gone);
		assertThat(this.registry.workers()).containsExactly(talking);
		assertThat(this.registry.idleCount()).isEqualTo(1);
		assertThat(this.registry.takeIdle(this.idle)).isSameAs(talking);
		assertThat(talking.expiry()).isEqualTo(5000);
	}

	@Test
	void aWorkerThatTalksInTimeIsNotExpired() {
		RegisteredWorker worker = register("A");
		this.registry.alive(worker, 0);
		this.registry.alive(worker, 2000);

		int removed = this.registry.sweep(4000, new WorkerRegistry.Sweep<>() {

			@Override
			public void expired(RegisteredWorker dead) {
			}

			@Override
			public boolean heartbeat(RegisteredWorker live, long now) {
				return true;
			}

		});

		assertThat(removed).isZero();
		assertThat(this.registry.find(bytes("A"))).isSameAs(worker);
	}

}
