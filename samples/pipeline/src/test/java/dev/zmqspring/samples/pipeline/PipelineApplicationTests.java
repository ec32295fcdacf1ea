package dev.zmqspring.samples.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.listener.ZmqListenerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole batch flows ventilator → workers → sink, then the kill signal stops the workers. */
@SpringBootTest(properties = { "pipeline.ventilator=tcp://127.0.0.1:*", "pipeline.controller=tcp://127.0.0.1:*",
		"pipeline.sink=inproc://pipeline-test-sink", "pipeline.sink-connect=inproc://pipeline-test-sink",
		"pipeline.tasks=40" })
@ExtendWith(OutputCaptureExtension.class)
class PipelineApplicationTests {

	@Autowired
	ZmqListenerRegistry listeners;

	@Test
	void batchCompletesAndTheKillSignalStopsTheWorkers(CapturedOutput output) {
		assertThat(output.getOut()).contains("Total elapsed time:").contains("Workers stopped by the kill signal");
		assertThat(this.listeners.getState("workers")).isEqualTo(ZmqActorState.STOPPED);
		assertThat(this.listeners.getListenerContainer("workers").getCounters().getHandled()).isEqualTo(40);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.listeners.getListenerContainer("sink").getCounters().getHandled()).isEqualTo(40));
		assertThat(this.listeners.getState("sink")).isEqualTo(ZmqActorState.RUNNING);
	}

}
