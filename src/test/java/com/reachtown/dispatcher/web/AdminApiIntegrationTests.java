package com.reachtown.dispatcher.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.reachtown.dispatcher.provider.GenericJsonWebhook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API and the outbox health component, driven over HTTP against an in-memory
 * database. reach-town is a WireMock server that rejects every event with 400 until a
 * test switches it to 200, so status events become dead letters that the tests replay.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:admin-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
		"dispatcher.mock.playback=false", "dispatcher.webhook-signing-secret=" + AdminApiIntegrationTests.SECRET,
		"dispatcher.outbox.initial-delay=50ms", "dispatcher.outbox.poll-interval=50ms" })
class AdminApiIntegrationTests {

	static final String SECRET = "test-webhook-secret";

	private static final String API_KEY = "dev-api-key-12345";

	private static final Duration MAX_WAIT = Duration.ofSeconds(10);

	private static final WireMockServer reachTown = startReachTown();

	@LocalServerPort
	private int port;

	private RestClient http;

	@DynamicPropertySource
	static void reachTownProperties(DynamicPropertyRegistry registry) {
		registry.add("dispatcher.reach-town.base-url", reachTown::baseUrl);
	}

	@AfterAll
	static void stopReachTown() {
		reachTown.stop();
	}

	@BeforeEach
	void setUp() {
		this.http = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
		reachTownAnswers(400);
	}

	@Test
	void messageShowsStatusAndHistory() {
		String externalId = "campaign_5_contact_" + UUID.randomUUID();
		JsonNode sent = send(externalId);
		String messageId = sent.path("message_id").asString();
		String providerMessageId = sent.path("provider_details").path("mock_id").asString();

		assertThat(postStatus(providerMessageId, "sent", "2025-01-31T12:00:00Z").getStatusCode().value())
			.isEqualTo(200);
		assertThat(postStatus(providerMessageId, "delivered", "2025-01-31T12:00:05Z").getStatusCode().value())
			.isEqualTo(200);
		// A late, lower status is recorded in the history but not forwarded.
		assertThat(postStatus(providerMessageId, "sent", "2025-01-31T12:00:01Z").getStatusCode().value())
			.isEqualTo(200);

		ResponseEntity<JsonNode> byId = get("/v1/messages/" + messageId);
		assertThat(byId.getStatusCode()).isEqualTo(HttpStatus.OK);
		JsonNode message = byId.getBody();
		assertThat(message.path("message_id").asString()).isEqualTo(messageId);
		assertThat(message.path("external_id").asString()).isEqualTo(externalId);
		assertThat(message.path("recipient_phone").asString()).isEqualTo("+5511987654321");
		assertThat(message.path("provider").asString()).isEqualTo("mock");
		assertThat(message.path("provider_message_id").asString()).isEqualTo(providerMessageId);
		assertThat(message.path("send_state").asString()).isEqualTo("SENT");
		assertThat(message.path("status").asString()).isEqualTo("delivered");
		assertThat(Instant.parse(message.path("created_at").asString())).isBefore(Instant.now());

		JsonNode history = message.path("history");
		assertThat(history.size()).isEqualTo(3);
		assertThat(history.get(0).path("status").asString()).isEqualTo("sent");
		assertThat(history.get(0).path("provider_status").asString()).isEqualTo("sent");
		assertThat(history.get(0).path("forwarded").asBoolean()).isTrue();
		assertThat(history.get(0).path("occurred_at").asString()).isEqualTo("2025-01-31T12:00:00Z");
		assertThat(history.get(0).has("recorded_at")).isTrue();
		assertThat(history.get(1).path("status").asString()).isEqualTo("delivered");
		assertThat(history.get(1).path("forwarded").asBoolean()).isTrue();
		assertThat(history.get(2).path("status").asString()).isEqualTo("sent");
		assertThat(history.get(2).path("forwarded").asBoolean()).isFalse();

		ResponseEntity<JsonNode> byExternalId = get("/v1/messages?external_id=" + externalId);
		assertThat(byExternalId.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(byExternalId.getBody()).isEqualTo(message);
	}

	@Test
	void messageWithoutCallbacksIsQueued() {
		String externalId = "campaign_6_contact_" + UUID.randomUUID();
		String messageId = send(externalId).path("message_id").asString();

		JsonNode message = get("/v1/messages/" + messageId).getBody();

		assertThat(message.path("status").asString()).isEqualTo("queued");
		assertThat(message.path("history").size()).isZero();
	}

	@Test
	void latestMessageWinsForReusedExternalId() {
		// Each send has its own Idempotency-Key, so the external id can be reused.
		String externalId = "campaign_7_contact_" + UUID.randomUUID();
		send(externalId, "first", "key-" + UUID.randomUUID());
		String latestId = send(externalId, "second", "key-" + UUID.randomUUID()).path("message_id").asString();

		JsonNode message = get("/v1/messages?external_id=" + externalId).getBody();

		assertThat(message.path("message_id").asString()).isEqualTo(latestId);
	}

	@Test
	void deadEventsAreListedReplayedAndDelivered() {
		Instant testStart = Instant.now().minusSeconds(1);
		JsonNode sent = send("campaign_8_contact_" + UUID.randomUUID());
		String messageId = sent.path("message_id").asString();
		String providerMessageId = sent.path("provider_details").path("mock_id").asString();
		postStatus(providerMessageId, "sent", "2025-01-31T12:00:00Z");
		postStatus(providerMessageId, "delivered", "2025-01-31T12:00:05Z");

		List<JsonNode> dead = awaitEvents("DEAD", providerMessageId, 2);
		JsonNode first = dead.get(0);
		JsonNode second = dead.get(1);
		assertThat(first.path("kind").asString()).isEqualTo("status");
		assertThat(first.path("provider").asString()).isEqualTo("mock");
		assertThat(first.path("state").asString()).isEqualTo("DEAD");
		assertThat(first.path("attempts").asInt()).isEqualTo(1);
		assertThat(first.path("last_error").asString()).contains("400");
		assertThat(first.has("next_attempt_at")).isTrue();
		assertThat(first.has("created_at")).isTrue();
		assertThat(first.has("delivered_at")).isFalse();
		assertThat(first.path("payload").path("status").asString()).isEqualTo("sent");
		assertThat(first.path("payload").path("message_id").asString()).isEqualTo(messageId);
		assertThat(first.path("payload").path("provider_message_id").asString()).isEqualTo(providerMessageId);
		assertThat(second.path("payload").path("status").asString()).isEqualTo("delivered");
		assertThat(second.path("seq").asLong()).isGreaterThan(first.path("seq").asLong());

		JsonNode health = get("/health").getBody().path("components").path("outbox");
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("details").path("dead").asLong()).isGreaterThanOrEqualTo(2);

		reachTownAnswers(200);
		String secondId = second.path("id").asString();
		ResponseEntity<JsonNode> replayOne = post("/v1/outbox/" + secondId + "/replay");
		assertThat(replayOne.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(replayOne.getBody().path("replayed").asInt()).isEqualTo(1);
		JsonNode delivered = awaitEvents("DELIVERED", providerMessageId, 1).get(0);
		assertThat(delivered.path("id").asString()).isEqualTo(secondId);
		assertThat(delivered.path("attempts").asInt()).isEqualTo(1);
		assertThat(delivered.has("delivered_at")).isTrue();
		reachTown.verify(postRequestedFor(urlPathEqualTo("/api/webhooks/messages/status")).withHeader("Idempotency-Key",
				equalTo(secondId)));

		ResponseEntity<JsonNode> replayAgain = post("/v1/outbox/" + secondId + "/replay");
		assertThat(replayAgain.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(replayAgain.getBody().path("state").asString()).isEqualTo("DELIVERED");

		// The older "sent" would move reach-town's status back from "delivered": it stays
		// dead.
		String firstId = first.path("id").asString();
		ResponseEntity<JsonNode> replayStale = post("/v1/outbox/" + firstId + "/replay");
		assertThat(replayStale.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(replayStale.getBody().path("detail").asString()).contains("later status");
		ResponseEntity<JsonNode> replaySince = post("/v1/outbox/replay?since=" + testStart);
		assertThat(replaySince.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(eventsOf("DEAD", providerMessageId)).extracting((event) -> event.path("id").asString())
			.containsExactly(firstId);
	}

	@Test
	void replayWithoutSinceReplaysEveryDeadEvent() {
		// A status for a provider id the dispatcher never sent is still forwarded.
		String providerMessageId = "mock-" + UUID.randomUUID();
		postStatus(providerMessageId, "read", "2025-01-31T12:00:00Z");
		String eventId = awaitEvents("DEAD", providerMessageId, 1).get(0).path("id").asString();

		reachTownAnswers(200);
		ResponseEntity<JsonNode> replay = post("/v1/outbox/replay");

		assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(replay.getBody().path("replayed").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(awaitEvents("DELIVERED", providerMessageId, 1).get(0).path("id").asString()).isEqualTo(eventId);
	}

	@Test
	void outboxPagesFollowNextAfter() {
		String providerMessageId = "mock-" + UUID.randomUUID();
		postStatus(providerMessageId, "sent", "2025-01-31T12:00:00Z");
		postStatus(providerMessageId, "read", "2025-01-31T12:00:05Z");
		List<JsonNode> dead = awaitEvents("DEAD", providerMessageId, 2);
		long firstSeq = dead.get(0).path("seq").asLong();

		JsonNode firstPage = get("/v1/outbox?state=DEAD&limit=1&after=" + (firstSeq - 1)).getBody();
		assertThat(firstPage.path("events").size()).isEqualTo(1);
		assertThat(firstPage.path("events").get(0).path("seq").asLong()).isEqualTo(firstSeq);
		assertThat(firstPage.path("next_after").asLong()).isEqualTo(firstSeq);

		JsonNode secondPage = get("/v1/outbox?state=dead&limit=1&after=" + firstSeq).getBody();
		assertThat(secondPage.path("events").get(0).path("id").asString()).isEqualTo(dead.get(1).path("id").asString());

		JsonNode lastPage = get("/v1/outbox?state=DEAD&limit=500&after=" + firstSeq).getBody();
		assertThat(lastPage.has("next_after")).isFalse();
	}

	@Test
	void healthShowsOutboxDetailsWithKeyOnly() {
		ResponseEntity<JsonNode> withKey = get("/health");
		JsonNode outbox = withKey.getBody().path("components").path("outbox");
		assertThat(outbox.path("status").asString()).isEqualTo("UP");
		assertThat(outbox.path("details").path("pending").isIntegralNumber()).isTrue();
		assertThat(outbox.path("details").path("dead").isIntegralNumber()).isTrue();
		assertThat(outbox.path("details").path("oldest_pending_age_seconds").isIntegralNumber()).isTrue();

		ResponseEntity<JsonNode> withoutKey = this.http.get().uri("/health").retrieve().toEntity(JsonNode.class);
		JsonNode anonymous = withoutKey.getBody().path("components").path("outbox");
		assertThat(anonymous.path("status").asString()).isEqualTo("UP");
		assertThat(anonymous.has("details")).isFalse();
	}

	@Test
	void readinessLeavesOutboxOut() {
		JsonNode readiness = get("/health/readiness").getBody();

		assertThat(readiness.path("components").has("outbox")).isFalse();
		assertThat(readiness.path("components").has("db")).isTrue();
	}

	@Test
	void adminEndpointsRequireApiKey() {
		List<ResponseEntity<JsonNode>> responses = List.of(
				this.http.get().uri("/v1/messages/msg-1").retrieve().toEntity(JsonNode.class),
				this.http.get().uri("/v1/messages?external_id=x").retrieve().toEntity(JsonNode.class),
				this.http.get().uri("/v1/outbox?state=DEAD").retrieve().toEntity(JsonNode.class),
				this.http.post().uri("/v1/outbox/event-1/replay").retrieve().toEntity(JsonNode.class),
				this.http.post()
					.uri("/v1/outbox/replay")
					.header("X-API-Key", "wrong-key")
					.retrieve()
					.toEntity(JsonNode.class));

		for (ResponseEntity<JsonNode> response : responses) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	@Test
	void unknownIdsAreNotFound() {
		ResponseEntity<JsonNode> message = get("/v1/messages/msg-unknown");
		ResponseEntity<JsonNode> externalId = get("/v1/messages?external_id=unknown-" + UUID.randomUUID());
		ResponseEntity<JsonNode> replay = post("/v1/outbox/unknown-event/replay");

		assertThat(message.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(message.getBody().path("detail").asString()).contains("msg-unknown");
		assertThat(externalId.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(replay.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void invalidParametersNameTheField() {
		assertInvalidField(get("/v1/messages"), "external_id");
		assertInvalidField(get("/v1/messages?external_id="), "external_id");
		assertInvalidField(get("/v1/outbox"), "state");
		assertInvalidField(get("/v1/outbox?state=LOST"), "state");
		assertInvalidField(get("/v1/outbox?state=DEAD&limit=0"), "limit");
		assertInvalidField(get("/v1/outbox?state=DEAD&limit=501"), "limit");
		assertInvalidField(get("/v1/outbox?state=DEAD&after=-1"), "after");
		assertInvalidField(get("/v1/outbox?state=DEAD&after=first"), "after");
		assertInvalidField(post("/v1/outbox/replay?since=yesterday"), "since");
	}

	private void assertInvalidField(ResponseEntity<JsonNode> response, String field) {
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().path("errors").get(0).path("field").asString()).isEqualTo(field);
		assertThat(response.getBody().path("detail").asString()).contains(field);
	}

	private JsonNode send(String externalId) {
		return send(externalId, "hello", externalId);
	}

	private JsonNode send(String externalId, String text, String idempotencyKey) {
		String body = """
				{"recipient_phone": "+5511987654321", "message_body": "%s", "external_id": "%s"}""".formatted(text,
				externalId);
		ResponseEntity<JsonNode> response = this.http.post()
			.uri("/v1/messages/send")
			.header("X-API-Key", API_KEY)
			.header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	private ResponseEntity<JsonNode> postStatus(String providerMessageId, String status, String timestamp) {
		byte[] body = """
				{"provider": "mock", "message_id": "%s", "status": "%s", "timestamp": "%s"}"""
			.formatted(providerMessageId, status, timestamp)
			.getBytes(StandardCharsets.UTF_8);
		return this.http.post()
			.uri("/v1/webhooks/status")
			.header(GenericJsonWebhook.SIGNATURE_HEADER, GenericJsonWebhook.sign(SECRET, body))
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
	}

	private ResponseEntity<JsonNode> get(String path) {
		return this.http.get().uri(path).header("X-API-Key", API_KEY).retrieve().toEntity(JsonNode.class);
	}

	private ResponseEntity<JsonNode> post(String path) {
		return this.http.post().uri(path).header("X-API-Key", API_KEY).retrieve().toEntity(JsonNode.class);
	}

	/**
	 * Waits until a state lists the expected number of events about one provider message.
	 */
	private List<JsonNode> awaitEvents(String state, String providerMessageId, int expected) {
		return await().atMost(MAX_WAIT)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> eventsOf(state, providerMessageId), (events) -> events.size() == expected);
	}

	private List<JsonNode> eventsOf(String state, String providerMessageId) {
		JsonNode page = get("/v1/outbox?state=" + state + "&limit=500").getBody();
		List<JsonNode> events = new ArrayList<>();
		for (JsonNode event : page.path("events")) {
			if (event.path("provider_message_id").asString().equals(providerMessageId)) {
				events.add(event);
			}
		}
		return events;
	}

	private static void reachTownAnswers(int status) {
		reachTown.resetMappings();
		reachTown.stubFor(WireMock.post(urlPathMatching("/api/webhooks/messages/.*"))
			.willReturn(aResponse().withStatus(status)
				.withHeader("Content-Type", "application/json")
				.withBody((status == 200) ? "{}" : "{\"error\": \"rejected by test\"}")));
	}

	private static WireMockServer startReachTown() {
		WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		server.start();
		return server;
	}

}
