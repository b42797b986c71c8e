package com.reachtown.dispatcher.operations;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.reachtown.dispatcher.support.GenericWebhooks;
import com.reachtown.dispatcher.support.HttpTestClient;
import com.reachtown.dispatcher.support.ReachTownStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's view of a running dispatcher, over HTTP on H2 with a WireMock
 * reach-town: the OpenAPI document, the Prometheus endpoint and its meters, request ids
 * and masked phone numbers in the logs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class OperationsIntegrationTests {

	static final ReachTownStub REACH_TOWN = new ReachTownStub();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PHONE = "+5564999998888";

	@LocalServerPort
	int port;

	HttpTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url",
				() -> "jdbc:h2:mem:operations;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("dispatcher.reach-town.base-url", REACH_TOWN::baseUrl);
		registry.add("dispatcher.webhook-signing-secret", () -> GenericWebhooks.SECRET);
		registry.add("dispatcher.mock.playback", () -> "false");
		registry.add("dispatcher.outbox.poll-interval", () -> "50ms");
		registry.add("resilience4j.retry.instances.reachTown.wait-duration", () -> "10ms");
	}

	@AfterAll
	static void stopReachTown() {
		REACH_TOWN.stop();
	}

	@BeforeEach
	void resetReachTown() {
		REACH_TOWN.reset();
		this.http = new HttpTestClient(this.port);
	}

	@Test
	void apiDocsDescribeEveryEndpoint() {
		HttpResponse<String> response = this.http.get("/v3/api-docs");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode docs = JSON.readTree(response.body());
		assertThat(docs.path("paths").propertyNames()).contains("/v1/messages/send", "/v1/webhooks/incoming",
				"/v1/webhooks/status");
		JsonNode sendRequest = docs.path("components").path("schemas").path("SendRequest");
		// message_body is required unless a template is given, which a schema's required
		// list cannot express.
		assertThat(sendRequest.path("required").values()).extracting(JsonNode::asString)
			.containsExactlyInAnyOrder("recipient_phone");
		assertThat(sendRequest.path("properties").propertyNames()).contains("recipient_phone", "message_body",
				"external_id", "provider", "template", "media_url");
		JsonNode sendResponse = docs.path("components").path("schemas").path("SendResponse");
		assertThat(sendResponse.path("properties").propertyNames()).contains("message_id", "provider_details");
	}

	@Test
	void apiDocsDescribeSecurityAndErrors() {
		JsonNode docs = JSON.readTree(this.http.get("/v3/api-docs").body());

		JsonNode send = docs.path("paths").path("/v1/messages/send").path("post");
		assertThat(send.path("security").get(0).has("apiKey")).isTrue();
		assertThat(send.path("responses").propertyNames()).contains("200", "400", "401", "409", "413", "415", "422",
				"502", "503");
		assertThat(send.path("responses").path("422").path("content").has("application/problem+json")).isTrue();
		JsonNode webhook = docs.path("paths").path("/v1/webhooks/incoming").path("post");
		assertThat(webhook.path("security").isMissingNode()).isTrue();
		assertThat(webhook.path("requestBody").path("content").propertyNames())
			.contains("application/x-www-form-urlencoded", "application/json");
		assertThat(docs.path("components").path("securitySchemes").path("apiKey").path("name").asString())
			.isEqualTo("X-API-Key");
	}

	@Test
	void swaggerUiIsServed() {
		HttpResponse<String> response = this.http.get("/swagger-ui/index.html");

		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void prometheusNeedsApiKey() {
		assertThat(this.http.get("/prometheus").statusCode()).isEqualTo(401);
		assertThat(this.http.get("/prometheus", "X-API-Key", "wrong-key").statusCode()).isEqualTo(401);
		assertThat(this.http.get("/prometheus", "X-API-Key", HttpTestClient.API_KEY).statusCode()).isEqualTo(200);
	}

	@Test
	void sendIsCountedAndTimed() {
		double before = scrape("dispatcher_sends_total", "outcome=\"sent\",provider=\"mock\"");

		HttpResponse<String> response = this.http.send(sendRequest(PHONE, "metrics"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(scrape("dispatcher_sends_total", "outcome=\"sent\",provider=\"mock\"")).isEqualTo(before + 1);
		assertThat(scrape("dispatcher_send_latency_seconds_count", "provider=\"mock\"")).isPositive();
	}

	@Test
	void webhookOutcomesAreCounted() {
		String accepted = "kind=\"incoming\",outcome=\"accepted\",provider=\"mock\"";
		String rejected = "kind=\"unknown\",outcome=\"rejected\",provider=\"unknown\"";
		double acceptedBefore = scrape("dispatcher_webhooks_total", accepted);
		double rejectedBefore = scrape("dispatcher_webhooks_total", rejected);
		String json = GenericWebhooks.inbound(PHONE, "hello", "in-" + UUID.randomUUID());

		postWebhook(json, GenericWebhooks.signature(json));
		postWebhook(json, "sha256=00");

		assertThat(scrape("dispatcher_webhooks_total", accepted)).isEqualTo(acceptedBefore + 1);
		assertThat(scrape("dispatcher_webhooks_total", rejected)).isEqualTo(rejectedBefore + 1);
	}

	@Test
	void failedForwardIsCountedAsDead() {
		REACH_TOWN.answer(400);
		String dead = "kind=\"incoming\",outcome=\"dead\"";
		double before = scrape("dispatcher_forwards_total", dead);
		String json = GenericWebhooks.inbound(PHONE, "rejected", "in-" + UUID.randomUUID());

		postWebhook(json, GenericWebhooks.signature(json));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(scrape("dispatcher_forwards_total", dead)).isEqualTo(before + 1));
		assertThat(scrape("dispatcher_forward_latency_seconds_count", "kind=\"incoming\"")).isPositive();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(scrape("dispatcher_outbox_dead", "")).isGreaterThanOrEqualTo(1));
	}

	@Test
	void outboxAndBreakerGaugesArePublished() {
		String metrics = prometheus();

		assertThat(metrics).contains("dispatcher_outbox_pending ", "dispatcher_outbox_dead ",
				"dispatcher_outbox_oldest_age_seconds ");
		assertThat(metrics).contains("resilience4j_circuitbreaker_state{name=\"reachTown\",state=\"closed\"} 1.0");
	}

	@Test
	void requestIdIsEchoedAndLogged(CapturedOutput output) {
		String requestId = "req-" + UUID.randomUUID();

		HttpResponse<String> response = this.http.send(sendRequest(PHONE, "traced"), "X-Request-Id", requestId);

		assertThat(response.headers().firstValue("X-Request-Id")).contains(requestId);
		String messageId = JSON.readTree(response.body()).get("message_id").asString();
		List<String> sendLines = linesContaining(output, messageId);
		assertThat(sendLines).isNotEmpty();
		assertThat(sendLines).allSatisfy((line) -> assertThat(line).contains("[" + requestId + "]"));
	}

	@Test
	void requestIdIsGeneratedWhenMissingOrUnusable() {
		HttpResponse<String> missing = this.http.send(sendRequest(PHONE, "no id"));
		HttpResponse<String> forged = this.http.send(sendRequest(PHONE, "bad id"), "X-Request-Id", "a b\tc");

		assertThat(missing.headers().firstValue("X-Request-Id")).hasValueSatisfying(RequestIdAssertions::isUuid);
		assertThat(forged.headers().firstValue("X-Request-Id")).hasValueSatisfying(RequestIdAssertions::isUuid);
	}

	@Test
	void forwardCarriesEventIdAsRequestId(CapturedOutput output) {
		String json = GenericWebhooks.inbound(PHONE, "forwarded", "in-" + UUID.randomUUID());

		postWebhook(json, GenericWebhooks.signature(json));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> !REACH_TOWN.server()
				.findAll(postRequestedFor(urlPathMatching(ReachTownStub.INCOMING)))
				.isEmpty());
		LoggedRequest forward = REACH_TOWN.server()
			.findAll(postRequestedFor(urlPathMatching(ReachTownStub.INCOMING)))
			.get(0);
		String eventId = forward.getHeader("Idempotency-Key");
		assertThat(forward.getHeader("X-Request-Id")).isEqualTo(eventId);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(linesContaining(output, "Forwarded incoming event " + eventId))
				.allSatisfy((line) -> assertThat(line).contains("[" + eventId + "]"))
				.isNotEmpty());
	}

	@Test
	void logsMaskPhoneNumbers(CapturedOutput output) {
		String run = UUID.randomUUID().toString();
		HttpResponse<String> sent = this.http.send(sendRequest("+5511987654321", "masked"), "X-Request-Id", run);
		String json = GenericWebhooks.inbound("551187654322", "masked", "in-" + run);
		HttpResponse<String> received = postWebhook(json, GenericWebhooks.signature(json), "X-Request-Id",
				run + "-webhook");
		String status = GenericWebhooks.status("mock-" + run, "delivered");
		postWebhookTo("/v1/webhooks/status", status, GenericWebhooks.signature(status), "X-Request-Id",
				run + "-status");

		assertThat(sent.statusCode()).isEqualTo(200);
		assertThat(received.statusCode()).isEqualTo(200);
		List<String> lines = linesContaining(output, run);
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("+55119****4321"));
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains(run + "-webhook"));
		for (String digits : List.of("11987654321", "1187654322", "11987654322")) {
			assertThat(lines).as("log lines with " + digits).noneMatch((line) -> line.contains(digits));
		}
	}

	private static List<String> linesContaining(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).toList();
	}

	private HttpResponse<String> postWebhook(String json, String signature, String... headers) {
		return postWebhookTo("/v1/webhooks/incoming", json, signature, headers);
	}

	private HttpResponse<String> postWebhookTo(String path, String json, String signature, String... headers) {
		List<String> all = new ArrayList<>(List.of("X-Webhook-Signature", signature));
		all.addAll(List.of(headers));
		return this.http.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8),
				all.toArray(String[]::new));
	}

	private String prometheus() {
		HttpResponse<String> response = this.http.get("/prometheus", "X-API-Key", HttpTestClient.API_KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	/**
	 * Returns the value of one Prometheus sample, or 0 when the series does not exist
	 * yet.
	 * @param name the metric name
	 * @param labels the labels as Prometheus writes them, in alphabetical order, or an
	 * empty string for a metric without labels
	 */
	private double scrape(String name, String labels) {
		String series = labels.isEmpty() ? name + " " : name + "{" + labels + "} ";
		return prometheus().lines()
			.filter((line) -> line.startsWith(series))
			.map((line) -> Double.parseDouble(line.substring(series.length()).strip()))
			.findFirst()
			.orElse(0.0);
	}

	private static String sendRequest(String phone, String body) {
		return """
				{"recipient_phone":"%s","message_body":"%s","external_id":"ops-%s"}""".formatted(phone, body,
				UUID.randomUUID());
	}

}
