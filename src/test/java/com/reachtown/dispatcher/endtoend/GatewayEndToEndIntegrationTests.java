package com.reachtown.dispatcher.endtoend;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.reachtown.dispatcher.support.Fixtures;
import com.reachtown.dispatcher.support.HttpTestClient;
import com.reachtown.dispatcher.support.ReachTownStub;
import com.reachtown.dispatcher.support.ReachTownStub.Forward;
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
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole flow through the WhatsApp Web gateways, each chosen per request with
 * {@code provider}: a send to a WireMock Evolution API or WAHA, then the gateway's status
 * and inbound webhooks, authenticated its way, forwarded to a WireMock reach-town.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class GatewayEndToEndIntegrationTests {

	private static final String EVOLUTION_SECRET = "evolution-webhook-secret";

	private static final String WAHA_HMAC_KEY = "waha-hmac-key";

	private static final WireMockServer GATEWAY = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	private static final ReachTownStub REACH_TOWN = new ReachTownStub();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static {
		GATEWAY.start();
	}

	@LocalServerPort
	int port;

	HttpTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url",
				() -> "jdbc:h2:mem:gateway-e2e;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("dispatcher.evolution.base-url", GATEWAY::baseUrl);
		registry.add("dispatcher.evolution.api-key", () -> "evolution-api-key");
		registry.add("dispatcher.evolution.instance", () -> "reach-town");
		registry.add("dispatcher.evolution.webhook-secret", () -> EVOLUTION_SECRET);
		registry.add("dispatcher.waha.base-url", GATEWAY::baseUrl);
		registry.add("dispatcher.waha.api-key", () -> "waha-api-key");
		registry.add("dispatcher.waha.webhook-hmac-key", () -> WAHA_HMAC_KEY);
		registry.add("dispatcher.reach-town.base-url", REACH_TOWN::baseUrl);
		registry.add("dispatcher.mock.playback", () -> "false");
		registry.add("dispatcher.outbox.poll-interval", () -> "50ms");
	}

	@AfterAll
	static void stopPeers() {
		GATEWAY.stop();
		REACH_TOWN.stop();
	}

	@BeforeEach
	void resetPeers() {
		GATEWAY.resetAll();
		REACH_TOWN.reset();
		this.http = new HttpTestClient(this.port);
	}

	@Test
	void evolutionSendStatusAndInboundReachReachTown() {
		GATEWAY.stubFor(post(urlPathEqualTo("/message/sendText/reach-town")).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.read("evolution/send-text-created.json"))));
		String externalId = "campaign_8_contact_" + UUID.randomUUID();

		JsonNode sent = send("evolution", externalId);
		HttpResponse<String> status = postEvolution("/v1/webhooks/status/messages-update",
				Fixtures.read("evolution/update-delivery-ack.json"));
		HttpResponse<String> inbound = postEvolution("/v1/webhooks/incoming/messages-upsert",
				Fixtures.read("evolution/upsert-text.json"));

		GATEWAY.verify(postRequestedFor(urlPathEqualTo("/message/sendText/reach-town"))
			.withHeader("apikey", equalTo("evolution-api-key"))
			.withRequestBody(equalToJson("{\"number\":\"5564999998888\",\"text\":\"Olá João!\"}")));
		assertThat(sent.get("provider_details").get("evolution_id").asString()).isEqualTo("3EB0A1B2C3D4E5F60718");
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(inbound.statusCode()).isEqualTo(200);
		Forward statusForward = REACH_TOWN.awaitAccepted(ReachTownStub.STATUS, "3EB0A1B2C3D4E5F60718");
		assertThat(statusForward.field("status")).isEqualTo("delivered");
		assertThat(statusForward.field("provider")).isEqualTo("evolution");
		assertThat(statusForward.field("message_id")).isEqualTo(sent.get("message_id").asString());
		assertThat(statusForward.field("external_id")).isEqualTo(externalId);
		Forward inboundForward = REACH_TOWN.awaitAccepted(ReachTownStub.INCOMING, "3EB0C431C26A1916E07A");
		assertThat(inboundForward.field("from_phone")).isEqualTo("+5564999998888");
		assertThat(inboundForward.field("wa_id")).isEqualTo("556499998888");
		assertThat(inboundForward.field("contact_name")).isEqualTo("Maria Souza");
		assertThat(inboundForward.field("message_text")).isEqualTo("Olá! Quero confirmar minha inscrição");
		assertThat(inboundForward.field("received_at")).isEqualTo("2025-04-24T18:12:31Z");
	}

	@Test
	void evolutionWebhookWithWrongSecretIsRejected() {
		HttpResponse<String> response = this.http.post("/v1/webhooks/incoming", "application/json",
				Fixtures.read("evolution/upsert-text.json").getBytes(StandardCharsets.UTF_8), "X-Webhook-Secret",
				"not-the-secret");

		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void evolutionConnectionEventIsAcknowledgedNotForwarded() {
		HttpResponse<String> response = postEvolution("/v1/webhooks/incoming/connection-update",
				Fixtures.read("evolution/connection-update.json"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(REACH_TOWN.requests(ReachTownStub.INCOMING) + REACH_TOWN.requests(ReachTownStub.STATUS)).isZero();
	}

	@Test
	void wahaSendAckAndInboundReachReachTown() {
		GATEWAY.stubFor(post(urlPathEqualTo("/api/sendText")).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.read("waha/send-text-noweb.json"))));
		String externalId = "campaign_8_contact_" + UUID.randomUUID();
		String providerMessageId = "true_556499998888@c.us_3EB0A1B2C3D4E5F60718";

		JsonNode sent = send("waha", externalId);
		HttpResponse<String> ack = postWaha(Fixtures.read("waha/ack-device.json"));
		HttpResponse<String> inbound = postWaha(Fixtures.read("waha/message-text.json"));

		GATEWAY.verify(postRequestedFor(urlPathEqualTo("/api/sendText"))
			.withHeader("X-Api-Key", equalTo("waha-api-key"))
			.withRequestBody(
					equalToJson("{\"session\":\"default\",\"chatId\":\"5564999998888@c.us\",\"text\":\"Olá João!\"}")));
		assertThat(ack.statusCode()).isEqualTo(200);
		assertThat(inbound.statusCode()).isEqualTo(200);
		Forward statusForward = REACH_TOWN.awaitAccepted(ReachTownStub.STATUS, providerMessageId);
		assertThat(statusForward.field("status")).isEqualTo("delivered");
		assertThat(statusForward.field("provider")).isEqualTo("waha");
		assertThat(statusForward.field("message_id")).isEqualTo(sent.get("message_id").asString());
		assertThat(statusForward.field("external_id")).isEqualTo(externalId);
		Forward inboundForward = REACH_TOWN.awaitAccepted(ReachTownStub.INCOMING,
				"false_556499998888@c.us_3EB0C431C26A1916E07A");
		assertThat(inboundForward.field("from_phone")).isEqualTo("+5564999998888");
		assertThat(inboundForward.field("message_text")).isEqualTo("Olá! Quero confirmar minha inscrição");
		assertThat(inboundForward.field("provider")).isEqualTo("waha");
	}

	@Test
	void wahaWebhookWithWrongHmacIsRejected() {
		String body = Fixtures.read("waha/message-text.json");

		HttpResponse<String> response = this.http.post("/v1/webhooks/incoming", "application/json",
				body.getBytes(StandardCharsets.UTF_8), "X-Webhook-Hmac", hmacSha512("wrong-key", body),
				"X-Webhook-Hmac-Algorithm", "sha512");

		assertThat(response.statusCode()).isEqualTo(401);
	}

	private JsonNode send(String provider, String externalId) {
		HttpResponse<String> response = this.http.send("""
				{"recipient_phone":"+5564999998888","message_body":"Olá João!","external_id":"%s","provider":"%s"}"""
			.formatted(externalId, provider));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> postEvolution(String path, String body) {
		return this.http.post(path, "application/json", body.getBytes(StandardCharsets.UTF_8), "X-Webhook-Secret",
				EVOLUTION_SECRET);
	}

	private HttpResponse<String> postWaha(String body) {
		return this.http.post("/v1/webhooks/incoming", "application/json", body.getBytes(StandardCharsets.UTF_8),
				"X-Webhook-Hmac", hmacSha512(WAHA_HMAC_KEY, body), "X-Webhook-Hmac-Algorithm", "sha512");
	}

	private static String hmacSha512(String key, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA512");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
			return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
