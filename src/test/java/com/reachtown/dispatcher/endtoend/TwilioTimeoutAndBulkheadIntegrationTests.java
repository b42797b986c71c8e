package com.reachtown.dispatcher.endtoend;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.reachtown.dispatcher.provider.WebhookRequest;
import com.reachtown.dispatcher.support.HttpTestClient;
import com.reachtown.dispatcher.support.ReachTownStub;
import com.reachtown.dispatcher.support.ReachTownStub.Forward;
import com.reachtown.dispatcher.support.TwilioFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sends to a slow WireMock Twilio: a response later than the read timeout leaves the
 * send's outcome unknown until a status callback settles it, and a burst larger than the
 * Twilio bulkhead waits briefly, then gets 429 without reaching Twilio.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TwilioTimeoutAndBulkheadIntegrationTests {

	private static final String AUTH_TOKEN = "test-auth-token";

	private static final String PUBLIC_URL = "https://dispatcher.example.com";

	private static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + TwilioFixtures.ACCOUNT_SID + "/Messages.json";

	private static final String SID = "SM4c5d6e7f8a9b4c0d1e2f3a4b5c6d7e88";

	private static final int BULKHEAD_LIMIT = 2;

	private static final WireMockServer TWILIO = new WireMockServer(
			options().bindAddress("127.0.0.1").dynamicPort().containerThreads(20));

	private static final ReachTownStub REACH_TOWN = new ReachTownStub();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static {
		TWILIO.start();
	}

	@LocalServerPort
	int port;

	HttpTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url",
				() -> "jdbc:h2:mem:twilio-guards;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("dispatcher.provider", () -> "twilio");
		registry.add("dispatcher.public-url", () -> PUBLIC_URL);
		registry.add("dispatcher.twilio.account-sid", () -> TwilioFixtures.ACCOUNT_SID);
		registry.add("dispatcher.twilio.auth-token", () -> AUTH_TOKEN);
		registry.add("dispatcher.twilio.whatsapp-from", () -> "+14155238886");
		registry.add("dispatcher.twilio.api-base-url", TWILIO::baseUrl);
		registry.add("dispatcher.twilio.read-timeout", () -> "2s");
		registry.add("dispatcher.reach-town.base-url", REACH_TOWN::baseUrl);
		registry.add("dispatcher.outbox.poll-interval", () -> "50ms");
		registry.add("resilience4j.bulkhead.instances.twilio.max-concurrent-calls", () -> BULKHEAD_LIMIT);
		registry.add("resilience4j.bulkhead.instances.twilio.max-wait-duration", () -> "100ms");
	}

	@AfterAll
	static void stopPeers() {
		TWILIO.stop();
		REACH_TOWN.stop();
	}

	@BeforeEach
	void resetPeers() {
		TWILIO.resetAll();
		REACH_TOWN.reset();
		this.http = new HttpTestClient(this.port);
	}

	@Test
	void readTimeoutSendSettledByCallback() {
		stubTwilioCreated(4_000);
		String externalId = "campaign_5_contact_" + UUID.randomUUID();
		String request = """
				{"recipient_phone":"+5564999998888","message_body":"Olá","external_id":"%s"}""".formatted(externalId);

		HttpResponse<String> first = this.http.send(request);

		assertThat(first.statusCode()).isEqualTo(202);
		JsonNode body = JSON.readTree(first.body());
		assertThat(body.get("status").asString()).isEqualTo("unknown");
		String messageId = body.get("message_id").asString();
		assertThat(messageId).startsWith("msg-");

		HttpResponse<String> repeat = this.http.send(request);

		assertThat(repeat.statusCode()).isEqualTo(202);
		assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
		assertThat(JSON.readTree(repeat.body()).get("message_id").asString()).isEqualTo(messageId);
		assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)))).hasSize(1);

		postSignedDelivered("/v1/webhooks/status?message_id=" + messageId);

		JsonNode details = JSON
			.readTree(this.http.get("/v1/messages/" + messageId, "X-API-Key", HttpTestClient.API_KEY).body());
		assertThat(details.get("status").asString()).isEqualTo("delivered");
		assertThat(details.get("provider_message_id").asString()).isEqualTo(SID);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(REACH_TOWN.accepted(ReachTownStub.STATUS)).hasSize(1));
		Forward forward = REACH_TOWN.accepted(ReachTownStub.STATUS).get(0);
		assertThat(forward.field("status")).isEqualTo("delivered");
		assertThat(forward.field("message_id")).isEqualTo(messageId);
		assertThat(forward.field("external_id")).isEqualTo(externalId);

		HttpResponse<String> settled = this.http.send(request);

		assertThat(settled.statusCode()).isEqualTo(200);
		JsonNode settledBody = JSON.readTree(settled.body());
		assertThat(settledBody.get("status").asString()).isEqualTo("delivered");
		assertThat(settledBody.get("provider_details").get("twilio_sid").asString()).isEqualTo(SID);
		assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)))).hasSize(1);
	}

	@Test
	void burstBeyondBulkheadGets429WithoutReachingTwilio() throws Exception {
		stubTwilioCreatedWithNewSids(600);
		List<HttpResponse<String>> responses = new ArrayList<>();

		ExecutorService executor = Executors.newFixedThreadPool(6);
		try {
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				futures.add(executor.submit(() -> this.http.send("""
						{"recipient_phone":"+5564999998888","message_body":"Olá"}""")));
			}
			for (Future<HttpResponse<String>> future : futures) {
				responses.add(future.get(20, TimeUnit.SECONDS));
			}
		}
		finally {
			executor.shutdownNow();
		}

		List<HttpResponse<String>> limited = responses.stream().filter((r) -> r.statusCode() == 429).toList();
		List<HttpResponse<String>> sent = responses.stream().filter((r) -> r.statusCode() == 200).toList();
		assertThat(limited).isNotEmpty();
		assertThat(limited.size() + sent.size())
			.as(() -> responses.stream()
				.map((response) -> response.statusCode() + " " + response.body())
				.toList()
				.toString())
			.isEqualTo(6);
		assertThat(limited).allSatisfy((response) -> {
			assertThat(response.headers().firstValue("Retry-After")).contains("1");
			JsonNode problem = JSON.readTree(response.body());
			assertThat(problem.get("detail").asString()).contains("dispatcher's own limit of 2");
			assertThat(problem.get("retryable").asBoolean()).isTrue();
		});
		List<ServeEvent> requests = TWILIO.getAllServeEvents();
		assertThat(requests).hasSize(sent.size());
		assertThat(maxOverlap(requests, 600)).isLessThanOrEqualTo(BULKHEAD_LIMIT);
	}

	private void stubTwilioCreated(int delayMillis) {
		stubTwilioCreated(delayMillis, TwilioFixtures.messageCreated(TwilioFixtures.ACCOUNT_SID));
	}

	/**
	 * Stubs Twilio to return a new message SID per request, with WireMock's templating.
	 */
	private void stubTwilioCreatedWithNewSids(int delayMillis) {
		String body = TwilioFixtures.messageCreated(TwilioFixtures.ACCOUNT_SID)
			.replace(SID, "SM{{randomValue length=32 type='HEXADECIMAL'}}");
		TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withFixedDelay(delayMillis)
			.withBody(body)
			.withTransformers("response-template")));
	}

	private void stubTwilioCreated(int delayMillis, String body) {
		TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withFixedDelay(delayMillis)
			.withBody(body)));
	}

	private void postSignedDelivered(String pathAndQuery) {
		String form = TwilioFixtures.fixture("status-delivered.form");
		String signature = TwilioFixtures.sign(AUTH_TOKEN, PUBLIC_URL + pathAndQuery, WebhookRequest.parseForm(form));
		HttpResponse<String> response = this.http.post(pathAndQuery, "application/x-www-form-urlencoded",
				form.getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature", signature);
		assertThat(response.statusCode()).isEqualTo(200);
	}

	/**
	 * Returns how many requests Twilio served at once at most, taking each request to
	 * last from its arrival for the stub's fixed delay.
	 */
	private static int maxOverlap(List<ServeEvent> requests, long delayMillis) {
		int max = 0;
		for (ServeEvent request : requests) {
			long start = request.getRequest().getLoggedDate().getTime();
			int overlapping = 0;
			for (ServeEvent other : requests) {
				long otherStart = other.getRequest().getLoggedDate().getTime();
				if (otherStart <= start && start < otherStart + delayMillis) {
					overlapping++;
				}
			}
			max = Math.max(max, overlapping);
		}
		return max;
	}

}
