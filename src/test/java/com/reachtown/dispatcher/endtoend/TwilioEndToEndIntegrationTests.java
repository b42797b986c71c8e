package com.reachtown.dispatcher.endtoend;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.reachtown.dispatcher.provider.WebhookRequest;
import com.reachtown.dispatcher.support.GenericWebhooks;
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
 * The whole flow with Twilio as the default provider: a send through a WireMock Twilio
 * API, then Twilio's form-encoded, signed callbacks posted to the dispatcher's webhooks
 * and forwarded to a WireMock reach-town.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TwilioEndToEndIntegrationTests {

	private static final String AUTH_TOKEN = "test-auth-token";

	private static final String PUBLIC_URL = "https://dispatcher.example.com";

	private static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + TwilioFixtures.ACCOUNT_SID + "/Messages.json";

	private static final WireMockServer TWILIO = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

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
				() -> "jdbc:h2:mem:twilio-e2e;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("dispatcher.provider", () -> "twilio");
		registry.add("dispatcher.public-url", () -> PUBLIC_URL);
		registry.add("dispatcher.twilio.account-sid", () -> TwilioFixtures.ACCOUNT_SID);
		registry.add("dispatcher.twilio.auth-token", () -> AUTH_TOKEN);
		registry.add("dispatcher.twilio.whatsapp-from", () -> "+14155238886");
		registry.add("dispatcher.twilio.api-base-url", TWILIO::baseUrl);
		registry.add("dispatcher.reach-town.base-url", REACH_TOWN::baseUrl);
		registry.add("dispatcher.reach-town.api-key", () -> "reach-town-test-key");
		registry.add("dispatcher.outbox.poll-interval", () -> "50ms");
		registry.add("dispatcher.webhook-signing-secret", () -> GenericWebhooks.SECRET);
	}

	@AfterAll
	static void stopPeers() {
		TWILIO.stop();
		REACH_TOWN.stop();
	}

	@BeforeEach
	void resetPeers() {
		TWILIO.resetAll();
		TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(TwilioFixtures.messageCreated(TwilioFixtures.ACCOUNT_SID))));
		REACH_TOWN.reset();
		this.http = new HttpTestClient(this.port);
	}

	@Test
	void sendPostsSdkFormAndReturnsTwilioSid() {
		HttpResponse<String> response = this.http
			.send("""
					{"recipient_phone":"+55 64 99999-8888","message_body":"Olá João!","external_id":"campaign_5_contact_%s"}"""
				.formatted(UUID.randomUUID()));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("status").asString()).isEqualTo("queued");
		assertThat(body.get("message_id").asString()).startsWith("msg-");
		assertThat(body.get("provider").asString()).isEqualTo("twilio");
		assertThat(body.get("provider_details").get("twilio_sid").asString())
			.isEqualTo("SM4c5d6e7f8a9b4c0d1e2f3a4b5c6d7e88");
		List<LoggedRequest> sent = TWILIO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)));
		assertThat(sent).hasSize(1);
		WebhookRequest form = new WebhookRequest(MESSAGES_PATH, null, java.util.Map.of(),
				"application/x-www-form-urlencoded", sent.get(0).getBody());
		assertThat(form.formParameters()).containsEntry("To", "whatsapp:+5564999998888")
			.containsEntry("From", "whatsapp:+14155238886")
			.containsEntry("Body", "Olá João!")
			.containsEntry("StatusCallback",
					PUBLIC_URL + "/v1/webhooks/status?message_id=" + body.get("message_id").asString());
	}

	@Test
	void outOfOrderCallbacksForwardedOnce() {
		String externalId = "campaign_5_contact_" + UUID.randomUUID();
		String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
		TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(TwilioFixtures.messageCreated(TwilioFixtures.ACCOUNT_SID)
				.replace("SM4c5d6e7f8a9b4c0d1e2f3a4b5c6d7e88", sid))));
		JsonNode sent = JSON.readTree(this.http.send("""
				{"recipient_phone":"+5564999998888","message_body":"Olá!","external_id":"%s"}""".formatted(externalId))
			.body());

		for (String status : List.of("delivered", "sent", "read", "read")) {
			String form = TwilioFixtures.fixture("status-" + status + ".form")
				.replace("SM4c5d6e7f8a9b4c0d1e2f3a4b5c6d7e88", sid);
			HttpResponse<String> response = postSigned("/v1/webhooks/status", form);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEmpty();
		}

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(REACH_TOWN.accepted(ReachTownStub.STATUS, sid)).hasSize(2));
		List<Forward> forwards = REACH_TOWN.accepted(ReachTownStub.STATUS, sid);
		assertThat(forwards).extracting((forward) -> forward.field("status")).containsExactly("delivered", "read");
		assertThat(forwards).allSatisfy((forward) -> {
			assertThat(forward.field("message_id")).isEqualTo(sent.get("message_id").asString());
			assertThat(forward.field("external_id")).isEqualTo(externalId);
			assertThat(forward.field("provider")).isEqualTo("twilio");
		});
	}

	@Test
	void callbackThatOvertakesItsSendCarriesOurIds() throws Exception {
		String externalId = "campaign_6_contact_" + UUID.randomUUID();
		String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
		TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withFixedDelay(1500)
			.withBody(TwilioFixtures.messageCreated(TwilioFixtures.ACCOUNT_SID)
				.replace("SM4c5d6e7f8a9b4c0d1e2f3a4b5c6d7e88", sid))));
		CompletableFuture<HttpResponse<String>> send = CompletableFuture.supplyAsync(() -> this.http.send("""
				{"recipient_phone":"+5564999998888","message_body":"Olá!","external_id":"%s"}"""
			.formatted(externalId)));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !TWILIO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH))).isEmpty());

		String form = TwilioFixtures.fixture("status-sent.form").replace("SM4c5d6e7f8a9b4c0d1e2f3a4b5c6d7e88", sid);
		assertThat(postSigned("/v1/webhooks/status", form).statusCode()).isEqualTo(200);
		assertThat(send.isDone()).isFalse();

		JsonNode sent = JSON.readTree(send.get(10, TimeUnit.SECONDS).body());
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(REACH_TOWN.accepted(ReachTownStub.STATUS, sid)).hasSize(1));
		Forward forward = REACH_TOWN.accepted(ReachTownStub.STATUS, sid).get(0);
		assertThat(forward.field("status")).isEqualTo("sent");
		assertThat(forward.field("message_id")).isEqualTo(sent.get("message_id").asString());
		assertThat(forward.field("external_id")).isEqualTo(externalId);
	}

	@Test
	void inboundForwardedWithEmptyTwiml() {
		HttpResponse<String> response = postSigned("/v1/webhooks/incoming",
				TwilioFixtures.fixture("inbound-brazilian-wa-id-without-ninth-digit.form"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/xml"));
		assertThat(response.body()).contains("<Response/>");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(REACH_TOWN.accepted(ReachTownStub.INCOMING)).isNotEmpty());
		Forward forward = REACH_TOWN.accepted(ReachTownStub.INCOMING).get(0);
		assertThat(forward.field("from_phone")).isEqualTo("+5564999998888");
		assertThat(forward.field("wa_id")).isEqualTo("556499998888");
		assertThat(forward.field("provider")).isEqualTo("twilio");
	}

	@Test
	void chunkedFormOverBodyLimitIsRejected() {
		String form = TwilioFixtures.fixture("inbound-text.form").replace("Body=Oi", "Body=" + "a".repeat(70_000));
		String signature = TwilioFixtures.sign(AUTH_TOKEN, PUBLIC_URL + "/v1/webhooks/incoming",
				WebhookRequest.parseForm(form));

		HttpResponse<String> response = this.http.postChunked("/v1/webhooks/incoming",
				"application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature",
				signature);

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
	}

	@Test
	void genericWebhookCannotSpeakForTwilio() {
		String json = """
				{"provider":"twilio","message_id":"SMforged","status":"read","timestamp":"2026-11-26T00:30:30Z"}""";

		HttpResponse<String> response = this.http.post("/v1/webhooks/status", "application/json",
				json.getBytes(StandardCharsets.UTF_8), "X-Webhook-Signature", GenericWebhooks.signature(json));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("signs its own webhooks");
	}

	@Test
	void oddSignedFieldsRejectedAsInvalid() {
		for (String json : List.of("""
				{"provider":"mock","message_id":{"a":1},"status":"read"}""", """
				{"provider":"%s","message_id":"m-1","status":"read"}""".formatted("p".repeat(40)), """
				{"provider":"mock","message_id":"%s","status":"read"}""".formatted("m".repeat(129)))) {
			HttpResponse<String> response = this.http.post("/v1/webhooks/status", "application/json",
					json.getBytes(StandardCharsets.UTF_8), "X-Webhook-Signature", GenericWebhooks.signature(json));

			assertThat(response.statusCode()).as(json).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).as(json).contains("application/problem+json");
		}
	}

	@Test
	void callbackSignedForAnotherUrlIsRejected() {
		String form = TwilioFixtures.fixture("status-delivered.form");
		String signature = TwilioFixtures.sign(AUTH_TOKEN, "http://127.0.0.1:" + this.port + "/v1/webhooks/status",
				WebhookRequest.parseForm(form));

		HttpResponse<String> response = this.http.post("/v1/webhooks/status", "application/x-www-form-urlencoded",
				form.getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature", signature);

		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void rejectedRequestsNeverReachTwilio() {
		String valid = """
				{"recipient_phone":"+5564999998888","message_body":"Olá"}""";

		assertThat(this.http.send("""
				{"recipient_phone":"+55 64 1234","message_body":"Olá"}""").statusCode()).isEqualTo(400);
		assertThat(this.http.send("{\"recipient_phone\":").statusCode()).isEqualTo(400);
		assertThat(this.http.send("""
				{"recipient_phone":"+5564999998888","message_body":"Olá","provider":"carrier-pigeon"}""").statusCode())
			.isEqualTo(400);
		assertThat(this.http.post("/v1/messages/send", "application/json", valid.getBytes(StandardCharsets.UTF_8))
			.statusCode()).isEqualTo(401);
		assertThat(this.http
			.post("/v1/messages/send", "text/plain", valid.getBytes(StandardCharsets.UTF_8), "X-API-Key",
					HttpTestClient.API_KEY)
			.statusCode()).isEqualTo(415);
		assertThat(this.http
			.send("{\"recipient_phone\":\"+5564999998888\",\"message_body\":\"" + "a".repeat(70_000) + "\"}")
			.statusCode()).isEqualTo(413);
		assertThat(TWILIO.findAll(postRequestedFor(WireMock.anyUrl()))).isEmpty();
	}

	@Test
	void twilioRejectionIsProblemDetailWithProviderCode() {
		TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH))
			.willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
					{"code":21211,"message":"The 'To' number whatsapp:+5564999998888 is not a valid phone number.",\
					"more_info":"https://www.twilio.com/docs/errors/21211","status":400}""")));

		HttpResponse<String> response = this.http.send("""
				{"recipient_phone":"+5564999998888","message_body":"Olá"}""");

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("provider").asString()).isEqualTo("twilio");
		assertThat(problem.get("provider_error_code").asString()).isEqualTo("21211");
		assertThat(problem.get("retryable").asBoolean()).isFalse();
	}

	private HttpResponse<String> postSigned(String path, String form) {
		String signature = TwilioFixtures.sign(AUTH_TOKEN, PUBLIC_URL + path, WebhookRequest.parseForm(form));
		return this.http.post(path, "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8),
				"X-Twilio-Signature", signature);
	}

}
