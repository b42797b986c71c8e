package com.reachtown.dispatcher.provider.waha;

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
 * Sends through the adapter to a WireMock server that plays WAHA with the NOWEB engine.
 */
class WahaProviderTests {

	private static final String SEND_PATH = "/api/sendText";

	private static final OutboundMessage MESSAGE = new OutboundMessage("msg-42", "+5564999998888",
			"Olá! Sua inscrição foi confirmada ✅");

	private final WireMockServer waha = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@BeforeEach
	void startWaha() {
		this.waha.start();
	}

	@AfterEach
	void stopWaha() {
		this.waha.stop();
	}

	@Test
	void sendPostsSessionChatIdAndTextWithApiKey() {
		stubSend(201, Fixtures.read("waha/send-text-noweb.json"));

		provider(this.waha.baseUrl()).send(MESSAGE);

		this.waha.verify(exactly(1),
				postRequestedFor(urlEqualTo(SEND_PATH)).withHeader("X-Api-Key", equalTo("test-api-key"))
					.withRequestBody(equalToJson("{\"session\":\"default\",\"chatId\":\"5564999998888@c.us\","
							+ "\"text\":\"Olá! Sua inscrição foi confirmada ✅\"}")));
	}

	@Test
	void sendBuildsIdThatAcksCarry() {
		stubSend(201, Fixtures.read("waha/send-text-noweb.json"));

		SendResult result = provider(this.waha.baseUrl()).send(MESSAGE);

		assertThat(result.providerMessageId()).isEqualTo("true_556499998888@c.us_3EB0A1B2C3D4E5F60718");
		assertThat(result.details())
			.containsExactlyEntriesOf(Map.of("waha_id", "true_556499998888@c.us_3EB0A1B2C3D4E5F60718"));
	}

	@Test
	void sendUsesIdFieldWhenPresent() {
		stubSend(201, "{\"id\":\"true_5564999998888@c.us_3EB0A1B2C3D4E5F60718\",\"timestamp\":1745518340}");

		SendResult result = provider(this.waha.baseUrl()).send(MESSAGE);

		assertThat(result.providerMessageId()).isEqualTo("true_5564999998888@c.us_3EB0A1B2C3D4E5F60718");
	}

	@Test
	void unauthorizedNamesApiKey() {
		stubSend(401, "{\"message\":\"Unauthorized\",\"statusCode\":401}");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.MISCONFIGURED);
		assertThat(ex.getMessage()).contains("WAHA_API_KEY");
		assertThat(ex.provider()).isEqualTo("waha");
	}

	@Test
	void unknownSessionNamesSession() {
		stubSend(404, "{\"statusCode\":404,\"message\":\"We didn't find a session with name 'default'.\","
				+ "\"error\":\"Not Found\"}");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.MISCONFIGURED);
		assertThat(ex.getMessage()).contains("WAHA_SESSION").contains("didn't find a session");
	}

	@Test
	void sessionNotWorkingIsUnavailable() {
		stubSend(422, "{\"statusCode\":422,\"message\":\"Session status is not as expected. Try again later or"
				+ " restart the session\",\"error\":\"Unprocessable Entity\"}");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE);
		assertThat(ex.providerErrorCode()).isEqualTo("422");
	}

	@Test
	void badRequestIsRejected() {
		stubSend(400, "{\"statusCode\":400,\"message\":[\"text must be a string\"],\"error\":\"Bad Request\"}");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.REJECTED);
		assertThat(ex.getMessage()).contains("text must be a string");
	}

	@Test
	void tooManyRequestsHonoursRetryAfter() {
		this.waha.stubFor(post(SEND_PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.RATE_LIMITED);
		assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void serverErrorIsUnavailableAfterOneAttempt() {
		stubSend(500, "{\"statusCode\":500,\"message\":\"Internal server error\"}");

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE);
		this.waha.verify(exactly(1), postRequestedFor(urlEqualTo(SEND_PATH)));
	}

	@Test
	void refusedConnectionIsUnreachable() throws IOException {
		String closedPortUrl = "http://127.0.0.1:" + closedPort();

		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> provider(closedPortUrl).send(MESSAGE));

		assertThat(ex.kind()).isEqualTo(Kind.UNREACHABLE);
	}

	@Test
	void slowResponseTimesOutWithUnknownOutcome() {
		this.waha.stubFor(post(SEND_PATH).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withFixedDelay(3_000)
			.withBody(Fixtures.read("waha/send-text-noweb.json"))));
		WahaProperties properties = new WahaProperties(URI.create(this.waha.baseUrl()), "test-api-key", "default", null,
				Duration.ofSeconds(1), Duration.ofMillis(300));
		WahaProvider provider = new WahaProvider(properties, WahaConfiguration.restClient(properties),
				JsonMapper.builder().build(), Clock.systemUTC());

		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> provider.send(MESSAGE));

		assertThat(ex.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
		this.waha.verify(exactly(1), postRequestedFor(urlEqualTo(SEND_PATH)));
	}

	@Test
	void imageSendPostsSendImageWithFileUrl() {
		this.waha.stubFor(post("/api/sendImage").willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.read("waha/send-text-noweb.json"))));
		OutboundMessage message = new OutboundMessage("msg-43", "+5564999998888", "Nosso folheto", null,
				URI.create("https://cdn.example.com/flyers/maio.PNG"));

		provider(this.waha.baseUrl()).send(message);

		this.waha.verify(exactly(1), postRequestedFor(urlEqualTo("/api/sendImage")).withRequestBody(equalToJson("""
				{"session":"default","chatId":"5564999998888@c.us",
				 "file":{"url":"https://cdn.example.com/flyers/maio.PNG","mimetype":"image/png","filename":"maio.PNG"},
				 "caption":"Nosso folheto"}""")));
	}

	@Test
	void fileWithoutKnownExtensionPostsSendFile() {
		this.waha.stubFor(post("/api/sendFile").willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(Fixtures.read("waha/send-text-noweb.json"))));
		OutboundMessage message = new OutboundMessage("msg-44", "+5564999998888", null, null,
				URI.create("https://cdn.example.com/download?id=7"));

		provider(this.waha.baseUrl()).send(message);

		this.waha.verify(exactly(1), postRequestedFor(urlEqualTo("/api/sendFile")).withRequestBody(equalToJson("""
				{"session":"default","chatId":"5564999998888@c.us",
				 "file":{"url":"https://cdn.example.com/download?id=7","filename":"download"}}""")));
	}

	@Test
	void templateIsRejectedBeforeWaha() {
		OutboundMessage message = new OutboundMessage("msg-45", "+5564999998888", null,
				new MessageTemplate("HX0123456789abcdef0123456789abcdef", null, Map.of()), null);

		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> provider(this.waha.baseUrl()).send(message));

		assertThat(ex.kind()).isEqualTo(Kind.REJECTED);
		assertThat(ex.getMessage()).startsWith("provider waha does not support templates");
		assertThat(this.waha.getAllServeEvents()).isEmpty();
	}

	private ProviderException sendExpectingFailure() {
		WahaProvider provider = provider(this.waha.baseUrl());
		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> provider.send(MESSAGE));
		assertThat(ex).isNotNull();
		return ex;
	}

	private void stubSend(int status, String json) {
		this.waha.stubFor(post(SEND_PATH)
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json)));
	}

	private static WahaProvider provider(String baseUrl) {
		WahaProperties properties = new WahaProperties(URI.create(baseUrl), "test-api-key", "default", null,
				Duration.ofSeconds(2), Duration.ofSeconds(5));
		return new WahaProvider(properties, WahaConfiguration.restClient(properties), JsonMapper.builder().build(),
				Clock.systemUTC());
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
