package com.reachtown.dispatcher.delivery;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.reachtown.dispatcher.DispatcherApplication;
import com.reachtown.dispatcher.support.GenericWebhooks;
import com.reachtown.dispatcher.support.HttpTestClient;
import com.reachtown.dispatcher.support.ReachTownStub;
import com.reachtown.dispatcher.support.ReachTownStub.Forward;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dispatcher process killed with SIGKILL while events wait in its outbox, then started
 * again on the same H2 file database: every event is still delivered, once.
 */
class CrashRecoveryIntegrationTests {

	private static final int EVENTS = 50;

	@TempDir
	Path dataDirectory;

	private final ReachTownStub reachTown = new ReachTownStub();

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void stop() {
		this.processes.forEach(Process::destroyForcibly);
		this.reachTown.stop();
	}

	@Test
	void pendingEventsSurviveKilledProcess() throws Exception {
		this.reachTown.answer(503);
		int port = freePort();
		Process first = startDispatcher(port, "first");
		HttpTestClient http = new HttpTestClient(port);
		String run = UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < EVENTS; i++) {
			String json = GenericWebhooks.inbound("+556499%07d".formatted(i), run + " " + i, run + "-" + i);
			HttpResponse<String> response = http.post("/v1/webhooks/incoming", "application/json",
					json.getBytes(StandardCharsets.UTF_8), "X-Webhook-Signature", GenericWebhooks.signature(json));
			assertThat(response.statusCode()).isEqualTo(200);
		}

		first.destroyForcibly().waitFor();
		assertThat(this.reachTown.accepted(ReachTownStub.INCOMING)).isEmpty();
		this.reachTown.answer(200);
		startDispatcher(port, "second");

		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.reachTown.accepted(ReachTownStub.INCOMING).size() >= EVENTS);
		List<Forward> accepted = this.reachTown.accepted(ReachTownStub.INCOMING);
		assertThat(accepted).hasSize(EVENTS);
		assertThat(accepted.stream().map(Forward::eventId).distinct()).hasSize(EVENTS);
		assertThat(accepted).allMatch((forward) -> forward.field("message_text").startsWith(run + " "));
	}

	private Process startDispatcher(int port, String name) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String database = this.dataDirectory.resolve("dispatcher").toString();
		File log = Path.of("target", "crash-recovery-" + name + ".log").toFile();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				DispatcherApplication.class.getName(), "--server.port=" + port,
				"--spring.datasource.url=jdbc:h2:file:" + database
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
				"--dispatcher.reach-town.base-url=" + this.reachTown.baseUrl(),
				"--dispatcher.webhook-signing-secret=" + GenericWebhooks.SECRET, "--dispatcher.mock.playback=false",
				"--dispatcher.outbox.initial-delay=100ms", "--dispatcher.outbox.max-delay=300ms",
				"--dispatcher.outbox.poll-interval=50ms", "--dispatcher.outbox.max-attempts=1000",
				"--dispatcher.outbox.lease=3s", "--resilience4j.retry.instances.reachTown.wait-duration=10ms",
				"--resilience4j.circuitbreaker.instances.reachTown.wait-duration-in-open-state=200ms")
			.redirectErrorStream(true)
			.redirectOutput(log)
			.start();
		this.processes.add(process);
		HttpTestClient http = new HttpTestClient(port);
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
			assertThat(process.isAlive()).as("dispatcher exited; see %s", log).isTrue();
			return isHealthy(http);
		});
		return process;
	}

	private static boolean isHealthy(HttpTestClient http) {
		try {
			return http.get("/health").statusCode() == 200;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
