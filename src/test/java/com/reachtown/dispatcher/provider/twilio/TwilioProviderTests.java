package com.reachtown.dispatcher.provider.twilio;

import com.reachtown.dispatcher.support.TwilioFixtures;

import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.reachtown.dispatcher.provider.MessageTemplate;
import com.reachtown.dispatcher.provider.OutboundMessage;
import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.ProviderException.Kind;
import com.reachtown.dispatcher.provider.SendResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Sends through the adapter to a WireMock server that plays the Twilio REST API.
 */
class TwilioProviderTests {

	private static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";

	private static final String AUTH_TOKEN = "test-auth-token";

	private static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

	private static final String PUBLIC_URL = "https://dispatcher.example.com";

	private static final OutboundMessage MESSAGE = new OutboundMessage("msg-42", "+5564999998888",
			"Olá! Sua inscrição foi confirmada ✅");

	private final WireMockServer twilio = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@BeforeEach
	void startTwilio() {
		this.twilio.start();
	}

	@AfterEach
	void stopTwilio() {
		this.twilio.stop();
	}

	@Test
	void sendPostsFormWithStatusCallback() {
		stubMessages(201, TwilioFixtures.messageCreated(ACCOUNT_SID));

		provider(this.twilio.baseUrl(), "+14155238886", null).send(MESSAGE);

		List<LoggedRequest> requests = this.twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH)));
		assertThat(requests).hasSize(1);
		LoggedRequest request = requests.get(0);
		assertThat(request.getHeader("Authorization")).isEqualTo(basicAuthorization(ACCOUNT_SID, AUTH_TOKEN));
		assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
		assertThat(decodeForm(request.getBodyAsString()))
			.containsExactlyInAnyOrderEntriesOf(Map.of("To", "whatsapp:+5564999998888", "From", "whatsapp:+14155238886",
					"Body", "Olá! Sua inscrição foi confirmada ✅", "StatusCallback",
					PUBLIC_URL + "/v1/webhooks/status?message_id=msg-42"));
	}

	@Test
	void sendWithMessagingServiceSid() {
		stubMessages(201, TwilioFixtures.messageCreated(ACCOUNT_SID));

		provider(this.twilio.baseUrl(), "", "MG0123456789abcdef0123456789abcdef").send(MESSAGE);

		LoggedRequest request = this.twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))).get(0);
		Map<String, String> form = decodeForm(request.getBodyAsString());
		assertThat(form).containsEntry("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef");
		assertThat(form).doesNotContainKey("From");
		assertThat(form).containsEntry("To", "whatsapp:+5564999998888");
	}

	@Test
	void sendReturnsTwilioSid() {
		stubMessages(201, TwilioFixtures.messageCreated(ACCOUNT_SID));

		SendResult result = provider(this.twilio.baseUrl(), "+14155238886", null).send(MESSAGE);

		assertThat(result.providerMessageId()).isEqualTo("SM4c5d6e7f8a9b4c0d1e2f3a4b5c6d7e88");
		assertThat(result.details())
			.containsExactlyEntriesOf(Map.of("twilio_sid", "SM4c5d6e7f8a9b4c0d1e2f3a4b5c6d7e88"));
	}

	@Test
	void invalidRecipientIsRejected() {
		stubMessages(400,
				errorJson(21211, "The 'To' number whatsapp:+5564999998888 is not a valid phone number.", 400));

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.REJECTED);
		assertThat(ex.providerErrorCode()).isEqualTo("21211");
		assertThat(ex.getMessage()).contains("21211").contains("not a valid phone number");
		assertThat(ex.provider()).isEqualTo("twilio");
	}

	@Test
	void closedSessionIsRejected() {
		stubMessages(400, errorJson(63016, "Failed to send freeform message because you are outside the allowed"
				+ " window. If you are using WhatsApp, please use a Message Template.", 400));

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.REJECTED);
		assertThat(ex.providerErrorCode()).isEqualTo("63016");
	}

	@Test
	void unknownClientErrorIsRejected() {
		stubMessages(400, errorJson(21602, "Message body is required.", 400));

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.REJECTED);
		assertThat(ex.providerErrorCode()).isEqualTo("21602");
		assertThat(ex.getMessage()).contains("Message body is required.");
	}

	@Test
	void wrongCredentialsAreMisconfiguration() {
		stubMessages(401, errorJson(20003, "Authenticate", 401));

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.MISCONFIGURED);
		assertThat(ex.providerErrorCode()).isEqualTo("20003");
		assertThat(ex.getMessage()).isEqualTo("provider twilio returned error 20003: Twilio rejected the credentials;"
				+ " check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN");
	}

	@Test
	void tooManyRequestsHonoursRetryAfter() {
		this.twilio.stubFor(post(MESSAGES_PATH).willReturn(aResponse().withStatus(429)
			.withHeader("Content-Type", "application/json")
			.withHeader("Retry-After", "7")
			.withBody(errorJson(20429, "Too Many Requests", 429))));

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.RATE_LIMITED);
		assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(7));
		this.twilio.verify(exactly(1), postRequestedFor(urlEqualTo(MESSAGES_PATH)));
	}

	@Test
	void tooManyRequestsWithoutRetryAfterWaitsOneSecond() {
		stubMessages(429, errorJson(20429, "Too Many Requests", 429));

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.RATE_LIMITED);
		assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void serverErrorIsUnavailableAfterOneAttempt() {
		stubMessages(500, errorJson(20500, "Internal Server Error", 500));

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE);
		this.twilio.verify(exactly(1), postRequestedFor(urlEqualTo(MESSAGES_PATH)));
	}

	@Test
	void serviceUnavailableIsNotRetried() {
		this.twilio.stubFor(post(MESSAGES_PATH).willReturn(aResponse().withStatus(503)
			.withHeader("Content-Type", "application/json")
			.withHeader("Retry-After", "1")
			.withBody(errorJson(20503, "Service Unavailable", 503))));

		ProviderException ex = sendExpectingFailure();

		assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE);
		this.twilio.verify(exactly(1), postRequestedFor(urlEqualTo(MESSAGES_PATH)));
	}

	@Test
	void refusedConnectionIsUnreachable() throws IOException {
		String closedPortUrl = "http://127.0.0.1:" + closedPort();

		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> provider(closedPortUrl, "+14155238886", null).send(MESSAGE));

		assertThat(ex.kind()).isEqualTo(Kind.UNREACHABLE);
		assertThat(ex.notSent()).isTrue();
		assertThat(ex.providerErrorCode()).isNull();
	}

	@Test
	void slowResponseTimesOutWithUnknownOutcome() {
		this.twilio.stubFor(post(MESSAGES_PATH).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withFixedDelay(3_000)
			.withBody(TwilioFixtures.messageCreated(ACCOUNT_SID))));
		TwilioProperties properties = new TwilioProperties(ACCOUNT_SID, AUTH_TOKEN, "+14155238886", null,
				URI.create(this.twilio.baseUrl()), Duration.ofSeconds(1), Duration.ofMillis(300), 200);
		TwilioProvider provider = new TwilioProvider(properties, PUBLIC_URL, Clock.systemUTC());

		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> provider.send(MESSAGE));

		assertThat(ex.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
		assertThat(ex.notSent()).isFalse();
		this.twilio.verify(exactly(1), postRequestedFor(urlEqualTo(MESSAGES_PATH)));
	}

	@Test
	void templateSendPostsContentSidAndVariablesWithoutBody() {
		stubMessages(201, TwilioFixtures.messageCreated(ACCOUNT_SID));
		MessageTemplate template = new MessageTemplate("HX0123456789abcdef0123456789abcdef", null,
				Map.of("2", "10 de maio", "1", "João"));

		provider(this.twilio.baseUrl(), "+14155238886", null)
			.send(new OutboundMessage("msg-43", "+5564999998888", null, template, null));

		LoggedRequest request = this.twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))).get(0);
		assertThat(decodeForm(request.getBodyAsString())).containsExactlyInAnyOrderEntriesOf(Map.of("To",
				"whatsapp:+5564999998888", "From", "whatsapp:+14155238886", "ContentSid",
				"HX0123456789abcdef0123456789abcdef", "ContentVariables", "{\"1\":\"João\",\"2\":\"10 de maio\"}",
				"StatusCallback", PUBLIC_URL + "/v1/webhooks/status?message_id=msg-43"));
	}

	@Test
	void templateByNameIsRejectedBeforeTwilio() {
		MessageTemplate template = new MessageTemplate(null, "order_update", Map.of());
		TwilioProvider provider = provider(this.twilio.baseUrl(), "+14155238886", null);

		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> provider.send(new OutboundMessage("msg-44", "+5564999998888", null, template, null)));

		assertThat(ex.kind()).isEqualTo(Kind.REJECTED);
		assertThat(ex.getMessage()).contains("template.content_sid");
		assertThat(this.twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH)))).isEmpty();
	}

	@Test
	void mediaSendPostsMediaUrlWithCaption() {
		stubMessages(201, TwilioFixtures.messageCreated(ACCOUNT_SID));
		URI media = URI.create("https://cdn.example.com/flyers/maio.jpg");

		provider(this.twilio.baseUrl(), "+14155238886", null)
			.send(new OutboundMessage("msg-45", "+5564999998888", "Nosso folheto", null, media));

		LoggedRequest request = this.twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))).get(0);
		assertThat(decodeForm(request.getBodyAsString()))
			.containsExactlyInAnyOrderEntriesOf(Map.of("To", "whatsapp:+5564999998888", "From", "whatsapp:+14155238886",
					"Body", "Nosso folheto", "MediaUrl", "https://cdn.example.com/flyers/maio.jpg", "StatusCallback",
					PUBLIC_URL + "/v1/webhooks/status?message_id=msg-45"));
	}

	private ProviderException sendExpectingFailure() {
		TwilioProvider provider = provider(this.twilio.baseUrl(), "+14155238886", null);
		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> provider.send(MESSAGE));
		assertThat(ex).isNotNull();
		return ex;
	}

	private void stubMessages(int status, String json) {
		this.twilio.stubFor(post(MESSAGES_PATH)
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json)));
	}

	private static TwilioProvider provider(String apiBaseUrl, String whatsappFrom, String messagingServiceSid) {
		TwilioProperties properties = new TwilioProperties(ACCOUNT_SID, AUTH_TOKEN, whatsappFrom, messagingServiceSid,
				URI.create(apiBaseUrl), Duration.ofSeconds(2), Duration.ofSeconds(5), 200);
		return new TwilioProvider(properties, PUBLIC_URL, Clock.systemUTC());
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static String basicAuthorization(String user, String password) {
		byte[] credentials = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(credentials);
	}

	private static Map<String, String> decodeForm(String body) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			String[] nameAndValue = pair.split("=", 2);
			form.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
					URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
		}
		return form;
	}

	private static String errorJson(int code, String message, int status) {
		return """
				{"code":%d,"message":"%s","more_info":"https://www.twilio.com/docs/errors/%d","status":%d}"""
			.formatted(code, message, code, status);
	}

}
