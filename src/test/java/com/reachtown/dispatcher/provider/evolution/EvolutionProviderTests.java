package com.reachtown.dispatcher.provider.evolution;

import com.reachtown.dispatcher.support.Fixtures;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.reachtown.dispatcher.provider.MessageTemplate;
import com.reachtown.dispatcher.provider.OutboundMessage;
import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.ProviderException.Kind;
import com.reachtown.dispatcher.provider.SendResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Sends through the adapter to a WireMock server that plays Evolution API v2.
 */
class EvolutionProviderTests {

	private static final String SEND_PATH = "/message/sendText/reach-town";

	private static final OutboundMessage MESSAGE = new OutboundMessage("msg-42", "+5564999998888",
			"Olá! Sua inscrição foi confirmada ✅");

	private final WireMockServer evolution = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@BeforeEach
	void startEvolution() {
		this.evolution.start();
	}

	@AfterEach
	void stopEvolution() {
		this.evolution.stop();
	}

	@Test
	void sendPostsNumberAndTextWithApiKey() {
		stubSend(201, Fixtures.read("evolution/send-text-created.json"));

		provider(this.evolution.baseUrl()).send(MESSAGE);

		this.evolution.verify(exactly(1), postRequestedFor(urlEqualTo(SEND_PATH))
			.withHeader("apikey", equalTo("test-api-key"))
			.withHeader("Content-Type", equalTo("application/json"))
			.withRequestBody(
					equalToJson("{\"number\":\"5564999998888\",\"text\":\"Olá! Sua inscrição foi confirmada ✅\"}")));
	}

	@Test
	void sendReturnsKeyId() {
		stubSend(201, Fixtures.read("evolution/send-text-created.json"));

		SendResult result = provider(this.evolution.baseUrl()).send(MESSAGE);

		assertThat(result.providerMessageId()).isEqualTo("3EB0A1B2C3D4E5F60718");
		assertThat(result.details()).containsExactlyEntriesOf(Map.of("evolution_id", "3EB0A1B2C3D4E5F60718"));
	}

	@Test
	void numberNotOnWhatsAppIsRejected() {
		stubSend(400, """
				{"status":400,"error":"Bad Request","response":{"message":[{"jid":"5564999998888@s.whatsapp.net",\
				"exists":false,"number":"5564999998888"}]}}""");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.REJECTED);
		assertThat(ex.getMessage()).isEqualTo("the recipient's number is not on WhatsApp");
		assertThat(ex.providerErrorCode()).isEqualTo("not_on_whatsapp");
		assertThat(ex.provider()).isEqualTo("evolution");
	}

	@Test
	void otherBadRequestIsRejectedWithDetail() {
		stubSend(400, """
				{"status":400,"error":"Bad Request","response":{"message":["text is required"]}}""");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.REJECTED);
		assertThat(ex.getMessage()).contains("text is required");
	}

	@Test
	void unauthorizedNamesApiKey() {
		stubSend(401, """
				{"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}}""");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.MISCONFIGURED);
		assertThat(ex.getMessage()).contains("EVOLUTION_API_KEY");
	}

	@Test
	void forbiddenNamesApiKey() {
		stubSend(403, """
				{"status":403,"error":"Forbidden","response":{"message":"Missing global api key"}}""");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.MISCONFIGURED);
		assertThat(ex.getMessage()).contains("EVOLUTION_API_KEY");
	}

	@Test
	void unknownInstanceNamesInstance() {
		stubSend(404,
				"""
						{"status":404,"error":"Not Found","response":{"message":["The \\"reach-town\\" instance does not exist"]}}""");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.MISCONFIGURED);
		assertThat(ex.getMessage()).contains("EVOLUTION_INSTANCE").contains("does not exist");
	}

	@Test
	void tooManyRequestsHonoursRetryAfter() {
		this.evolution.stubFor(post(SEND_PATH)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7").withBody("Too Many Requests")));

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.RATE_LIMITED);
		assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void tooManyRequestsWithoutRetryAfterWaitsOneSecond() {
		stubSend(429, "{}");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.RATE_LIMITED);
		assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void serverErrorIsUnavailableAfterOneAttempt() {
		stubSend(500, """
				{"status":500,"error":"Internal Server Error","response":{"message":"Connection Closed"}}""");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE);
		assertThat(ex.getMessage()).contains("Connection Closed");
		this.evolution.verify(exactly(1), postRequestedFor(urlEqualTo(SEND_PATH)));
	}

	@Test
	void refusedConnectionIsUnreachable() throws IOException {
		String closedPortUrl = "http://127.0.0.1:" + closedPort();

		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> provider(closedPortUrl).send(MESSAGE));

		assertThat(ex.kind()).isEqualTo(Kind.UNREACHABLE);
		assertThat(ex.providerErrorCode()).isNull();
	}

	@Test
	void slowResponseTimesOutWithUnknownOutcome() {
		this.evolution.stubFor(post(SEND_PATH).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withFixedDelay(3_000)
			.withBody(Fixtures.read("evolution/send-text-created.json"))));
		EvolutionProperties properties = new EvolutionProperties(URI.create(this.evolution.baseUrl()), "test-api-key",
				"reach-town", "secret", Duration.ofSeconds(1), Duration.ofMillis(300));
		EvolutionProvider provider = new EvolutionProvider(properties, EvolutionConfiguration.restClient(properties),
				JsonMapper.builder().build(), Clock.systemUTC());

		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> provider.send(MESSAGE));

		assertThat(ex.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
		this.evolution.verify(exactly(1), postRequestedFor(urlEqualTo(SEND_PATH)));
	}

	@Test
	void successWithoutKeyIdIsUnavailable() {
		stubSend(201, "{\"status\":\"PENDING\"}");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE);
		assertThat(ex.getMessage()).contains("key.id");
	}

	@Test
	void mediaSendPostsSendMediaWithTypeFromExtension() {
		this.evolution.stubFor(post("/message/sendMedia/reach-town").willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.read("evolution/send-text-created.json"))));
		OutboundMessage message = new OutboundMessage("msg-43", "+5564999998888", "Boleto de maio", null,
				URI.create("https://cdn.example.com/docs/boleto-maio.pdf"));

		provider(this.evolution.baseUrl()).send(message);

		this.evolution.verify(exactly(1),
				postRequestedFor(urlEqualTo("/message/sendMedia/reach-town"))
					.withHeader("apikey", equalTo("test-api-key"))
					.withRequestBody(equalToJson("""
							{"number":"5564999998888","mediatype":"document","mimetype":"application/pdf",
							 "caption":"Boleto de maio","media":"https://cdn.example.com/docs/boleto-maio.pdf",
							 "fileName":"boleto-maio.pdf"}""")));
	}

	@Test
	void templateIsRejectedBeforeEvolution() {
		OutboundMessage message = new OutboundMessage("msg-44", "+5564999998888", null,
				new MessageTemplate(null, "order_update", Map.of()), null);

		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> provider(this.evolution.baseUrl()).send(message));

		assertThat(ex.kind()).isEqualTo(Kind.REJECTED);
		assertThat(ex.getMessage()).startsWith("provider evolution does not support templates");
		assertThat(this.evolution.getAllServeEvents()).isEmpty();
	}

	private ProviderException sendExpectingFailure() {
		EvolutionProvider provider = provider(this.evolution.baseUrl());
		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> provider.send(MESSAGE));
		assertThat(ex).isNotNull();
		return ex;
	}

	private void stubSend(int status, String json) {
		this.evolution.stubFor(post(SEND_PATH)
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json)));
	}

	private static EvolutionProvider provider(String baseUrl) {
		EvolutionProperties properties = new EvolutionProperties(URI.create(baseUrl), "test-api-key", "reach-town",
				"secret", Duration.ofSeconds(2), Duration.ofSeconds(5));
		return new EvolutionProvider(properties, EvolutionConfiguration.restClient(properties),
				JsonMapper.builder().build(), Clock.systemUTC());
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
