package com.reachtown.dispatcher.delivery;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.reachtown.dispatcher.support.GenericWebhooks;
import com.reachtown.dispatcher.support.HttpTestClient;
import com.reachtown.dispatcher.support.ReachTownStub;
import com.reachtown.dispatcher.support.ReachTownStub.Forward;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The durable paths end to end, through the HTTP API, on a real database and a WireMock
 * reach-town: idempotent sends, webhook intake, status precedence and outbox delivery.
 * Each subclass runs them on one database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class AbstractDeliveryIntegrationTests {

	static final ReachTownStub REACH_TOWN = new ReachTownStub();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	HttpTestClient http;

	static void registerCommonProperties(DynamicPropertyRegistry registry) {
		registry.add("dispatcher.reach-town.base-url", REACH_TOWN::baseUrl);
		registry.add("dispatcher.reach-town.api-key", () -> "reach-town-test-key");
		registry.add("dispatcher.webhook-signing-secret", () -> GenericWebhooks.SECRET);
		registry.add("dispatcher.mock.playback", () -> "false");
		registry.add("dispatcher.outbox.initial-delay", () -> "100ms");
		registry.add("dispatcher.outbox.max-delay", () -> "400ms");
		registry.add("dispatcher.outbox.poll-interval", () -> "50ms");
		registry.add("dispatcher.outbox.max-attempts", () -> "1000");
		registry.add("resilience4j.retry.instances.reachTown.wait-duration", () -> "10ms");
		registry.add("resilience4j.retry.instances.reachTown.exponential-max-wait-duration", () -> "20ms");
		registry.add("resilience4j.circuitbreaker.instances.reachTown.wait-duration-in-open-state", () -> "300ms");
	}

	@AfterAll
	static void stopReachTown() {
		REACH_TOWN.reset();
	}

	@BeforeEach
	void resetReachTown() {
		REACH_TOWN.reset();
		this.http = new HttpTestClient(this.port);
	}

	@Test
	void inboundWebhookIsForwardedWithNormalizedFields() {
		String messageId = "in-" + UUID.randomUUID();
		String json = GenericWebhooks.inbound("556499998888", "Oi! Tudo bem? 😀", messageId);

		HttpResponse<String> response = postWebhook("/v1/webhooks/incoming", json);

		assertThat(response.statusCode()).isEqualTo(200);
		Forward forward = REACH_TOWN.awaitAccepted(ReachTownStub.INCOMING, messageId);
		assertThat(forward.field("from_phone")).isEqualTo("+5564999998888");
		assertThat(forward.field("wa_id")).isEqualTo("556499998888");
		assertThat(forward.field("message_text")).isEqualTo("Oi! Tudo bem? 😀");
		assertThat(forward.field("provider")).isEqualTo("mock");
		assertThat(forward.field("received_at")).isEqualTo("2026-11-26T00:30:00Z");
		assertThat(forward.apiKey()).isEqualTo("reach-town-test-key");
		assertThat(forward.eventId()).isNotBlank();
	}

	@Test
	void duplicateInboundWebhookIsForwardedOnce() {
		String messageId = "in-" + UUID.randomUUID();
		String json = GenericWebhooks.inbound("+5564999998888", "duplicate", messageId);

		assertThat(postWebhook("/v1/webhooks/incoming", json).statusCode()).isEqualTo(200);
		assertThat(postWebhook("/v1/webhooks/incoming", json).statusCode()).isEqualTo(200);

		REACH_TOWN.awaitAccepted(ReachTownStub.INCOMING, messageId);
		assertThat(auditOutcomes(messageId)).containsExactly("accepted", "duplicate");
		assertThat(REACH_TOWN.accepted(ReachTownStub.INCOMING, messageId)).hasSize(1);
	}

	@Test
	void outOfOrderStatusesForwardedOnceInRank() {
		String externalId = "campaign_5_contact_" + UUID.randomUUID();
		JsonNode sent = JSON.readTree(this.http.send(sendRequest("+5564999998888", "Olá", externalId)).body());
		String providerMessageId = sent.get("provider_details").get("mock_id").asString();

		for (String status : List.of("delivered", "sent", "read", "read")) {
			assertThat(
					postWebhook("/v1/webhooks/status", GenericWebhooks.status(providerMessageId, status)).statusCode())
				.isEqualTo(200);
		}

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(REACH_TOWN.accepted(ReachTownStub.STATUS, providerMessageId)).hasSize(2));
		List<Forward> forwards = REACH_TOWN.accepted(ReachTownStub.STATUS, providerMessageId);
		assertThat(forwards).extracting((forward) -> forward.field("status")).containsExactly("delivered", "read");
		assertThat(forwards.get(0).field("message_id")).isEqualTo(sent.get("message_id").asString());
		assertThat(forwards.get(0).field("external_id")).isEqualTo(externalId);
		assertThat(history(providerMessageId)).containsExactly("delivered:true", "sent:false", "read:true",
				"read:false");
	}

	@Test
	void repeatedSendReturnsStoredResponseWithoutSendingAgain() {
		String body = sendRequest("+5564999998888", "Olá João!", "campaign_5_contact_" + UUID.randomUUID());

		HttpResponse<String> first = this.http.send(body);
		HttpResponse<String> second = this.http.send(body);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
		assertThat(second.body()).isEqualTo(first.body());
	}

	@Test
	void sameExternalIdWithOtherPayloadIsRejected() {
		String externalId = "campaign_5_contact_" + UUID.randomUUID();
		this.http.send(sendRequest("+5564999998888", "first", externalId));

		HttpResponse<String> conflict = this.http.send(sendRequest("+5564999998888", "second", externalId));

		assertThat(conflict.statusCode()).isEqualTo(422);
		assertThat(conflict.body()).contains(externalId);
	}

	@Test
	void idempotencyKeyHeaderTakesPrecedenceOverExternalId() {
		String key = "key-" + UUID.randomUUID();
		String body = sendRequest("+5564999998888", "hello", "e-" + key);

		HttpResponse<String> first = this.http.send(body, "Idempotency-Key", key);
		HttpResponse<String> second = this.http.send(body, "Idempotency-Key", key);
		HttpResponse<String> withoutHeader = this.http.send(body);

		assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(withoutHeader.headers().firstValue("Idempotent-Replayed")).isEmpty();
	}

	@Test
	void idempotencyKeyHeaderNeverMatchesAnotherExternalId() {
		String value = "shared-" + UUID.randomUUID();
		this.http.send(sendRequest("+5564999998888", "first", value));

		HttpResponse<String> other = this.http.send(sendRequest("+5564999998888", "second", "x-" + value),
				"Idempotency-Key", value);

		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
	}

	@Test
	void reusedKeyWithOtherExternalIdRejected() {
		String key = "key-" + UUID.randomUUID();
		this.http.send(sendRequest("+5564999998888", "same", "a-" + key), "Idempotency-Key", key);

		HttpResponse<String> conflict = this.http.send(sendRequest("+5564999998888", "same", "b-" + key),
				"Idempotency-Key", key);

		assertThat(conflict.statusCode()).isEqualTo(422);
		assertThat(conflict.body()).contains("Idempotency-Key '" + key + "'");
	}

	@Test
	void staleInFlightSendReplayedAsUnknown() {
		String externalId = "campaign_3_contact_" + UUID.randomUUID();
		String body = sendRequest("+5564999998888", "stuck", externalId);
		this.http.send(body);
		this.jdbc.sql("update messages set state = 'IN_FLIGHT', updated_at = ? where external_id = ?")
			.params(OffsetDateTime.now(ZoneOffset.UTC).minusHours(1), externalId)
			.update();

		HttpResponse<String> repeat = this.http.send(body);
		HttpResponse<String> again = this.http.send(body);

		assertThat(repeat.statusCode()).isEqualTo(202);
		assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
		assertThat(JSON.readTree(repeat.body()).get("status").asString()).isEqualTo("unknown");
		assertThat(again.statusCode()).isEqualTo(202);
		assertThat(this.jdbc.sql("select state from messages where external_id = ?")
			.param(externalId)
			.query(String.class)
			.single()).isEqualTo("UNKNOWN");
	}

	@Test
	void nonTextValueForTextFieldIsRejected() {
		HttpResponse<String> response = this.http.send("""
				{"recipient_phone":"+5564999998888","message_body":true}""");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("message_body");
	}

	@Test
	void concurrentSendsCreateOneMessage() throws Exception {
		String externalId = "campaign_9_contact_" + UUID.randomUUID();
		String body = sendRequest("+5564999998888", "concurrent", externalId);
		List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			calls.add(() -> this.http.send(body));
		}

		List<Integer> statuses = new ArrayList<>();
		int fresh = 0;
		ExecutorService pool = Executors.newFixedThreadPool(20);
		try {
			for (Future<HttpResponse<String>> result : pool.invokeAll(calls)) {
				HttpResponse<String> response = result.get();
				statuses.add(response.statusCode());
				if (response.statusCode() == 200 && response.headers().firstValue("Idempotent-Replayed").isEmpty()) {
					fresh++;
				}
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(fresh).isEqualTo(1);
		assertThat(statuses).allMatch((status) -> status == 200 || status == 409);
		assertThat(this.jdbc.sql("select count(*) from messages where external_id = ?")
			.param(externalId)
			.query(Long.class)
			.single()).isEqualTo(1L);
	}

	@Test
	void backlogDeliveredOnceInContactOrder() {
		REACH_TOWN.answer(503);
		String run = UUID.randomUUID().toString().substring(0, 8);
		int contacts = 10;
		int perContact = 20;
		for (int n = 0; n < perContact; n++) {
			for (int contact = 0; contact < contacts; contact++) {
				String from = "+55649999900%02d".formatted(contact);
				String json = GenericWebhooks.inbound(from, run + " " + n, run + "-" + contact + "-" + n);
				assertThat(postWebhook("/v1/webhooks/incoming", json).statusCode()).isEqualTo(200);
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> REACH_TOWN.requests(ReachTownStub.INCOMING) >= contacts);

		REACH_TOWN.answer(200);

		await().atMost(Duration.ofSeconds(60))
			.until(() -> ofRun(REACH_TOWN.accepted(ReachTownStub.INCOMING), run).size() >= contacts * perContact);
		List<Forward> accepted = ofRun(REACH_TOWN.accepted(ReachTownStub.INCOMING), run);
		assertThat(accepted).hasSize(contacts * perContact);
		assertThat(accepted.stream().map(Forward::eventId).distinct()).hasSize(contacts * perContact);
		Map<String, List<Integer>> sequenceByContact = new HashMap<>();
		for (Forward forward : accepted) {
			int n = Integer.parseInt(forward.field("message_text").split(" ")[1]);
			sequenceByContact.computeIfAbsent(forward.field("from_phone"), (key) -> new ArrayList<>()).add(n);
		}
		assertThat(sequenceByContact).hasSize(contacts);
		sequenceByContact.values().forEach((sequence) -> assertThat(sequence).isSorted().hasSize(perContact));
	}

	@Test
	void permanentRejectionMovesEventToDeadLetters() {
		REACH_TOWN.answer(400);
		String messageId = "in-" + UUID.randomUUID();

		postWebhook("/v1/webhooks/incoming", GenericWebhooks.inbound("+5564999998888", "rejected", messageId));

		await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(outboxState(messageId)));
		assertThat(REACH_TOWN.requests(ReachTownStub.INCOMING, messageId)).isEqualTo(1);
		assertThat(this.jdbc.sql("select last_error from outbox_events where provider_message_id = ?")
			.param(messageId)
			.query(String.class)
			.single()).contains("400");
	}

	@Test
	void hugeRetryAfterCappedWithoutBlockingBatch() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		REACH_TOWN.answer(run + " huge", 429, "99999999999999999");

		postWebhook("/v1/webhooks/incoming", GenericWebhooks.inbound("+5564999990300", run + " huge", run + "-huge"));
		for (int i = 0; i < 5; i++) {
			postWebhook("/v1/webhooks/incoming",
					GenericWebhooks.inbound("+55649999903%02d".formatted(i + 1), run + " ok", run + "-ok-" + i));
		}

		await().atMost(Duration.ofSeconds(15))
			.until(() -> ofRun(REACH_TOWN.accepted(ReachTownStub.INCOMING), run).size() >= 5);
		await().atMost(Duration.ofSeconds(15)).until(() -> attempts(run + "-huge") >= 2);
		assertThat(ofRun(REACH_TOWN.accepted(ReachTownStub.INCOMING), run)).hasSize(5);
		assertThat(outboxState(run + "-huge")).isEqualTo("PENDING");

		REACH_TOWN.answer(200);
		REACH_TOWN.awaitAccepted(ReachTownStub.INCOMING, run + "-huge");
	}

	@Test
	void replaySkipsSupersededStatus() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String providerMessageId = "mock-" + run;
		REACH_TOWN.answer(400);
		postWebhook("/v1/webhooks/status", GenericWebhooks.status(providerMessageId, "sent"));
		postWebhook("/v1/webhooks/incoming", GenericWebhooks.inbound("+5564999990400", run, run + "-in"));
		await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(outboxState(run + "-in")));
		await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(outboxState(providerMessageId)));
		REACH_TOWN.answer(200);
		postWebhook("/v1/webhooks/status", GenericWebhooks.status(providerMessageId, "delivered"));
		REACH_TOWN.awaitAccepted(ReachTownStub.STATUS, providerMessageId);

		HttpResponse<String> stale = this.http.post("/v1/outbox/" + deadEventId(providerMessageId) + "/replay",
				"application/json", new byte[0], "X-API-Key", HttpTestClient.API_KEY);
		HttpResponse<String> all = this.http.post("/v1/outbox/replay", "application/json", new byte[0], "X-API-Key",
				HttpTestClient.API_KEY);

		assertThat(stale.statusCode()).isEqualTo(409);
		assertThat(stale.body()).contains("later status");
		assertThat(all.statusCode()).isEqualTo(202);
		REACH_TOWN.awaitAccepted(ReachTownStub.INCOMING, run + "-in");
		assertThat(REACH_TOWN.accepted(ReachTownStub.STATUS, providerMessageId))
			.extracting((forward) -> forward.field("status"))
			.containsExactly("delivered");
		assertThat(deadEventId(providerMessageId)).isNotBlank();
	}

	@Test
	void webhookAcknowledgedWhileBreakerOpen() {
		REACH_TOWN.answer(500);
		String run = UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 12; i++) {
			postWebhook("/v1/webhooks/incoming",
					GenericWebhooks.inbound("+55649999901%02d".formatted(i), "x", run + "-" + i));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> breakerState().equals("OPEN"));

		String messageId = run + "-late";
		HttpResponse<String> response = postWebhook("/v1/webhooks/incoming",
				GenericWebhooks.inbound("+5564999990200", "late", messageId));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(outboxState(messageId)).isEqualTo("PENDING");
		REACH_TOWN.answer(200);
		REACH_TOWN.awaitAccepted(ReachTownStub.INCOMING, messageId);
	}

	@Test
	void badSignatureRejectedAndNotStored() {
		String messageId = "in-" + UUID.randomUUID();
		String json = GenericWebhooks.inbound("+5564999998888", "forged", messageId);

		HttpResponse<String> tampered = this.http.post("/v1/webhooks/incoming", "application/json",
				json.getBytes(StandardCharsets.UTF_8), "X-Webhook-Signature",
				GenericWebhooks.signature(json.replace("forged", "genuine")));
		HttpResponse<String> unsigned = this.http.post("/v1/webhooks/incoming", "application/json",
				json.getBytes(StandardCharsets.UTF_8));

		assertThat(tampered.statusCode()).isEqualTo(401);
		assertThat(tampered.headers().firstValue("Content-Type")).contains("application/problem+json");
		assertThat(unsigned.statusCode()).isEqualTo(401);
		assertThat(outboxState(messageId)).isNull();
		assertThat(auditOutcomes(messageId)).isEmpty();
	}

	@Test
	void unparseableWebhookAuditedAndRejected() {
		String json = "{\"provider\":\"mock\",\"status\":\"delivered\",\"note\":\"no message id\"}";

		HttpResponse<String> response = postWebhook("/v1/webhooks/status", json);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("message_id is missing");
		assertThat(this.jdbc.sql("select outcome from webhook_audit where payload = ?")
			.param(json)
			.query(String.class)
			.list()).containsExactly("invalid");
	}

	HttpResponse<String> postWebhook(String path, String json) {
		return this.http.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), "X-Webhook-Signature",
				GenericWebhooks.signature(json));
	}

	static String sendRequest(String phone, String body, String externalId) {
		return """
				{"recipient_phone":"%s","message_body":"%s","external_id":"%s"}""".formatted(phone, body, externalId);
	}

	private static List<Forward> ofRun(List<Forward> forwards, String run) {
		return forwards.stream().filter((forward) -> forward.field("message_text").startsWith(run + " ")).toList();
	}

	private List<String> auditOutcomes(String providerMessageId) {
		return this.jdbc.sql("select outcome from webhook_audit where payload like ? order by id")
			.param("%" + providerMessageId + "%")
			.query(String.class)
			.list();
	}

	private List<String> history(String providerMessageId) {
		return this.jdbc.sql("select status, forwarded from status_history where provider_message_id = ? order by id")
			.param(providerMessageId)
			.query((rs, row) -> rs.getString("status") + ":" + rs.getBoolean("forwarded"))
			.list();
	}

	private int attempts(String providerMessageId) {
		return this.jdbc.sql("select attempts from outbox_events where provider_message_id = ?")
			.param(providerMessageId)
			.query(Integer.class)
			.single();
	}

	private String deadEventId(String providerMessageId) {
		return this.jdbc.sql("select id from outbox_events where provider_message_id = ? and state = 'DEAD'")
			.param(providerMessageId)
			.query(String.class)
			.single();
	}

	private String outboxState(String providerMessageId) {
		return this.jdbc.sql("select state from outbox_events where provider_message_id = ?")
			.param(providerMessageId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private String breakerState() {
		HttpResponse<String> health = this.http.get("/health", "X-API-Key", HttpTestClient.API_KEY);
		JsonNode breaker = JSON.readTree(health.body())
			.path("components")
			.path("circuitBreakers")
			.path("details")
			.path("reachTown")
			.path("details")
			.path("state");
		return breaker.asString("");
	}

}
