package com.reachtown.dispatcher.endtoend;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.reachtown.dispatcher.provider.WebhookRequest;
import com.reachtown.dispatcher.support.HttpTestClient;
import com.reachtown.dispatcher.support.ReachTownStub;
import com.reachtown.dispatcher.support.ReachTownStub.Forward;
import com.reachtown.dispatcher.support.TwilioFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
 * Each mapped provider error code, reported both ways: as Twilio's response to a send,
 * which becomes a problem detail, and in a signed {@code failed} or {@code undelivered}
 * status callback, which is forwarded to a WireMock reach-town. Both must carry the same
 * code, retryable flag and message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TwilioErrorTableIntegrationTests {

	private static final String AUTH_TOKEN = "test-auth-token";

	private static final String PUBLIC_URL = "https://dispatcher.example.com";

	private static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + TwilioFixtures.ACCOUNT_SID + "/Messages.json";

	private static final WireMockServer TWILIO = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	private static final WireMockServer EVOLUTION = new WireMockServer(
			options().bindAddress("127.0.0.1").dynamicPort());

	private static final ReachTownStub REACH_TOWN = new ReachTownStub();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static {
		TWILIO.start();
		EVOLUTION.start();
	}

	@LocalServerPort
	int port;

	HttpTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url",
				() -> "jdbc:h2:mem:twilio-errors;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("dispatcher.provider", () -> "twilio");
		registry.add("dispatcher.public-url", () -> PUBLIC_URL);
		registry.add("dispatcher.twilio.account-sid", () -> TwilioFixtures.ACCOUNT_SID);
		registry.add("dispatcher.twilio.auth-token", () -> AUTH_TOKEN);
		registry.add("dispatcher.twilio.whatsapp-from", () -> "+14155238886");
		registry.add("dispatcher.twilio.api-base-url", TWILIO::baseUrl);
		registry.add("dispatcher.evolution.base-url", EVOLUTION::baseUrl);
		registry.add("dispatcher.evolution.api-key", () -> "evolution-test-key");
		registry.add("dispatcher.evolution.instance", () -> "reach-town");
		registry.add("dispatcher.reach-town.base-url", REACH_TOWN::baseUrl);
		registry.add("dispatcher.outbox.poll-interval", () -> "50ms");
		// A code the built-in table lacks, added by configuration.
		registry.add("dispatcher.provider-errors.twilio.30008.retryable", () -> "true");
		registry.add("dispatcher.provider-errors.twilio.30008.message",
				() -> "the carrier could not deliver the message; send it again later");
		registry.add("resilience4j.retry.configs.provider.wait-duration", () -> "10ms");
	}

	@AfterAll
	static void stopPeers() {
		TWILIO.stop();
		EVOLUTION.stop();
		REACH_TOWN.stop();
	}

	@BeforeEach
	void resetPeers() {
		TWILIO.resetAll();
		EVOLUTION.resetAll();
		REACH_TOWN.reset();
		this.http = new HttpTestClient(this.port);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(nullValues = "none", textBlock = """
			# code, Twilio status, send status, retryable, Retry-After, requests to Twilio
			20003, 401, 502, false, none, 1
			20429, 429, 429, true,  1,    3
			21211, 400, 422, false, none, 1
			21408, 400, 422, false, none, 1
			21610, 400, 422, false, none, 1
			21614, 400, 422, false, none, 1
			63003, 400, 422, false, none, 1
			63007, 400, 502, false, none, 1
			63016, 400, 422, false, none, 1
			63018, 400, 429, true,  1,    3
			63038, 400, 429, true,  3600, 1
			30008, 400, 422, true,  none, 1
			""")
	void errorCodeReachesReachTownAlikeBothWays(String code, int twilioStatus, int sendStatus, boolean retryable,
			String retryAfter, int requests) {
		TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH))
			.willReturn(aResponse().withStatus(twilioStatus).withHeader("Content-Type", "application/json").withBody("""
					{"code":%s,"message":"Twilio's own text","more_info":"https://www.twilio.com/docs/errors/%s",\
					"status":%d}""".formatted(code, code, twilioStatus))));

		HttpResponse<String> response = this.http.send("""
				{"recipient_phone":"+5564999998888","message_body":"Olá"}""");

		assertThat(response.statusCode()).isEqualTo(sendStatus);
		assertThat(response.headers().firstValue("Retry-After")).isEqualTo(java.util.Optional.ofNullable(retryAfter));
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("provider").asString()).isEqualTo("twilio");
		assertThat(problem.get("provider_error_code").asString()).isEqualTo(code);
		assertThat(problem.get("retryable").asBoolean()).isEqualTo(retryable);
		assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)))).hasSize(requests);

		Forward forward = forwardFailedCallback(code);
		assertThat(forward.field("error_code")).isEqualTo(code);
		assertThat(forward.body().get("retryable").asBoolean()).isEqualTo(retryable);
		assertThat(problem.get("detail").asString()).endsWith(": " + forward.field("error_message"));
	}

	@Test
	void unmappedCallbackCodeKeepsTwilioMessage() {
		Forward forward = forwardCallback("30003", "undelivered", "Unreachable destination handset");

		assertThat(forward.field("status")).isEqualTo("undelivered");
		assertThat(forward.field("error_code")).isEqualTo("30003");
		assertThat(forward.field("error_message")).isEqualTo("Unreachable destination handset");
		assertThat(forward.body().get("retryable").asBoolean()).isFalse();
	}

	@Test
	void evolutionNotOnWhatsAppIsRejected() {
		EVOLUTION.stubFor(post(urlPathEqualTo("/message/sendText/reach-town"))
			.willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
					{"status":400,"error":"Bad Request","response":{"message":[{"jid":"5564999998888@s.whatsapp.net",\
					"exists":false,"number":"5564999998888"}]}}""")));

		HttpResponse<String> response = this.http.send("""
				{"recipient_phone":"+5564999998888","message_body":"Olá","provider":"evolution"}""");

		assertThat(response.statusCode()).isEqualTo(422);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("provider").asString()).isEqualTo("evolution");
		assertThat(problem.get("provider_error_code").asString()).isEqualTo("not_on_whatsapp");
		assertThat(problem.get("retryable").asBoolean()).isFalse();
		assertThat(problem.get("detail").asString()).endsWith("the recipient's number is not on WhatsApp");
	}

	private Forward forwardFailedCallback(String code) {
		String status = code.startsWith("63") ? "failed" : "undelivered";
		return forwardCallback(code, status, "Twilio's own text");
	}

	private Forward forwardCallback(String code, String status, String errorMessage) {
		String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
		String form = "ErrorCode=" + code + "&ErrorMessage=" + errorMessage.replace(' ', '+') + "&MessageStatus="
				+ status + "&MessageSid=" + sid + "&AccountSid=" + TwilioFixtures.ACCOUNT_SID
				+ "&To=whatsapp%3A%2B5564999998888&From=whatsapp%3A%2B14155238886";
		String signature = TwilioFixtures.sign(AUTH_TOKEN, PUBLIC_URL + "/v1/webhooks/status",
				WebhookRequest.parseForm(form));

		HttpResponse<String> response = this.http.post("/v1/webhooks/status", "application/x-www-form-urlencoded",
				form.getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature", signature);

		assertThat(response.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(REACH_TOWN.accepted(ReachTownStub.STATUS, sid)).hasSize(1));
		return REACH_TOWN.accepted(ReachTownStub.STATUS, sid).get(0);
	}

}
