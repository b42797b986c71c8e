package com.reachtown.dispatcher.provider.waha;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.reachtown.dispatcher.provider.InboundMessage;
import com.reachtown.dispatcher.provider.InboundMessage.Media;
import com.reachtown.dispatcher.provider.MessageStatus;
import com.reachtown.dispatcher.provider.ProviderEvent;
import com.reachtown.dispatcher.provider.StatusUpdate;
import com.reachtown.dispatcher.provider.WebhookAuthenticationException;
import com.reachtown.dispatcher.provider.WebhookParseResult;
import com.reachtown.dispatcher.provider.WebhookRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Verifies and parses WAHA (NOWEB engine) webhooks, stored as JSON envelopes under
 * {@code src/test/resources/waha} and signed here with a test HMAC key.
 */
class WahaWebhookTests {

	private static final String HMAC_KEY = "test-hmac-key";

	private static final Instant NOW = Instant.parse("2025-04-24T18:30:00Z");

	private static final Instant MESSAGE_TIME = Instant.parse("2025-04-24T18:12:31Z");

	private static final Instant ACK_TIME = Instant.parse("2025-04-24T18:12:40.118Z");

	private static final String FILES = "http://waha.internal:3000/api/files/default/";

	private final WahaProvider provider = provider(HMAC_KEY);

	static Stream<Arguments> inboundMessages() {
		return Stream.of(
				arguments("message-text.json", "false_556499998888@c.us_3EB0C431C26A1916E07A", "+5564999998888",
						"556499998888", "Olá! Quero confirmar minha inscrição", "text", null, null, null),
				arguments("message-extended-text.json", "false_556499998888@c.us_3EB05C1D4A8F2B7E9D10",
						"+5564999998888", "556499998888", "Veja o link: https://reach.example.com/evento", "text", null,
						null, null),
				arguments("message-image-with-caption.json", "false_556499998888@c.us_3A7F1C0B9E2D4A6B8C01",
						"+5564999998888", "556499998888", "Comprovante do pagamento", "image",
						FILES + "false_556499998888@c.us_3A7F1C0B9E2D4A6B8C01.jpeg", "image/jpeg", null),
				arguments("message-audio.json", "false_556499998888@c.us_3A2B9D7C5E1F0A4B6C82", "+5564999998888",
						"556499998888", "", "audio", FILES + "false_556499998888@c.us_3A2B9D7C5E1F0A4B6C82.oga",
						"audio/ogg; codecs=opus", null),
				arguments("message-document.json", "false_556499998888@c.us_3AC4E8B2D6F0A1C3E5B7", "+5564999998888",
						"556499998888", "Segue meu documento", "document",
						FILES + "false_556499998888@c.us_3AC4E8B2D6F0A1C3E5B7.pdf", "application/pdf", null),
				arguments("message-document-without-download.json", "false_556499998888@c.us_3AD5F9C3E7A1B2D4F6C8",
						"+5564999998888", "556499998888", "", "document", null, null, null),
				arguments("message-location.json", "false_556499998888@c.us_3A9E7C5A3B1D0F2E4C6A", "+5564999998888",
						"556499998888", "-16.6868824,-49.2647885", "location", null, null, null),
				arguments("message-reply.json", "false_556499998888@c.us_3A1B3C5D7E9F0A2B4C6D", "+5564999998888",
						"556499998888", "SIM", "text", null, null, "true_556499998888@c.us_3EB0A1B2C3D4E5F60718"),
				arguments("message-lid-with-remote-jid-alt.json", "false_215470038597729@lid_3AF1E3D5C7B9A0F2E4D6",
						"+5564999998888", "215470038597729@lid", "Oi, é a Maria", "text", null, null, null),
				arguments("message-lid-without-alternative.json", "false_215470038597729@lid_3A4C6E8A0B2D4F6A8C0E", "",
						"215470038597729@lid", "Oi, sem número", "text", null, null, null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("inboundMessages")
	void parsesInboundMessage(String fixture, String id, String fromPhone, String waId, String text, String messageType,
			String mediaUrl, String mediaType, String inReplyTo) throws IOException {
		InboundMessage message = (InboundMessage) singleEvent(fixture);

		assertThat(message.provider()).isEqualTo("waha");
		assertThat(message.providerMessageId()).isEqualTo(id);
		assertThat(message.fromPhone()).isEqualTo(fromPhone);
		assertThat(message.waId()).isEqualTo(waId);
		assertThat(message.text()).isEqualTo(text);
		assertThat(message.messageType()).isEqualTo(messageType);
		assertThat(message.media())
			.containsExactlyElementsOf((mediaUrl != null) ? List.of(new Media(mediaUrl, mediaType)) : List.of());
		assertThat(message.inReplyTo()).isEqualTo(inReplyTo);
		assertThat(message.receivedAt()).isEqualTo(MESSAGE_TIME);
	}

	@Test
	void inboundCarriesContactNameAndOwnNumber() throws IOException {
		InboundMessage message = (InboundMessage) singleEvent("message-text.json");

		assertThat(message.contactName()).isEqualTo("Maria Souza");
		assertThat(message.toPhone()).isEqualTo("+5564981112222");
	}

	static Stream<Arguments> acks() {
		return Stream.of(arguments("ack-error.json", "ERROR", MessageStatus.FAILED),
				arguments("ack-pending.json", "PENDING", MessageStatus.SENDING),
				arguments("ack-server.json", "SERVER", MessageStatus.SENT),
				arguments("ack-device.json", "DEVICE", MessageStatus.DELIVERED),
				arguments("ack-read.json", "READ", MessageStatus.READ),
				arguments("ack-played.json", "PLAYED", MessageStatus.READ));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("acks")
	void parsesAck(String fixture, String ackName, MessageStatus status) throws IOException {
		StatusUpdate update = (StatusUpdate) singleEvent(fixture);

		assertThat(update.provider()).isEqualTo("waha");
		assertThat(update.providerMessageId()).isEqualTo("true_556499998888@c.us_3EB0A1B2C3D4E5F60718");
		assertThat(update.status()).isEqualTo(status);
		assertThat(update.providerStatus()).isEqualTo(ackName);
		assertThat(update.updatedAt()).isEqualTo(ACK_TIME);
	}

	static Stream<Arguments> ignoredWebhooks() {
		return Stream.of(arguments("message-from-me.json", "fromMe"),
				arguments("message-group.json", "120363025746183920@g.us"),
				arguments("ack-read-of-incoming-message.json", "that the contact sent"),
				arguments("session-status.json", "event session.status is not used"),
				arguments("message-reaction.json", "event message.reaction is not used"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("ignoredWebhooks")
	void ignoresWebhookWithReason(String fixture, String reason) throws IOException {
		WebhookParseResult result = this.provider.parseWebhook(signedRequest(fixture));

		assertThat(result.events()).isEmpty();
		assertThat(result.provider()).isEqualTo("waha");
		assertThat(result.ignoredReason()).contains(reason);
	}

	@Test
	void wrongHmacIsRejected() throws IOException {
		byte[] body = fixture("message-text.json");
		WebhookRequest request = request(body, WahaProvider.hmac("another-key", body));

		assertThatExceptionOfType(WebhookAuthenticationException.class)
			.isThrownBy(() -> this.provider.parseWebhook(request))
			.withMessageContaining("invalid X-Webhook-Hmac");
	}

	@Test
	void missingHmacIsRejectedWhenKeyIsSet() throws IOException {
		WebhookRequest request = request(fixture("message-text.json"), null);

		assertThatExceptionOfType(WebhookAuthenticationException.class)
			.isThrownBy(() -> this.provider.parseWebhook(request))
			.withMessageContaining("no X-Webhook-Hmac");
	}

	@Test
	void unsignedWebhookIsAcceptedWithoutKey() throws IOException {
		WebhookParseResult result = provider("").parseWebhook(request(fixture("message-text.json"), null));

		assertThat(result.events()).hasSize(1);
	}

	@Test
	void recognizesEnvelopeWithoutHmacHeader() throws IOException {
		assertThat(this.provider.recognizes(request(fixture("message-text.json"), null))).isTrue();
	}

	@Test
	void doesNotRecognizeEvolutionEnvelope() {
		WebhookRequest request = request(
				"{\"event\":\"messages.upsert\",\"instance\":\"reach-town\",\"data\":{}}".getBytes(), null);

		assertThat(this.provider.recognizes(request)).isFalse();
	}

	private ProviderEvent singleEvent(String fixture) throws IOException {
		WebhookParseResult result = this.provider.parseWebhook(signedRequest(fixture));
		assertThat(result.ignoredReason()).isNull();
		assertThat(result.events()).hasSize(1);
		return result.events().get(0);
	}

	private static WebhookRequest signedRequest(String fixture) throws IOException {
		byte[] body = fixture(fixture);
		return request(body, WahaProvider.hmac(HMAC_KEY, body));
	}

	private static WebhookRequest request(byte[] body, String hmac) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("content-type", "application/json");
		if (hmac != null) {
			headers.put("x-webhook-hmac", hmac);
			headers.put("x-webhook-hmac-algorithm", "sha512");
		}
		return new WebhookRequest("/v1/webhooks/incoming", null, headers, "application/json", body);
	}

	private static byte[] fixture(String name) throws IOException {
		try (InputStream in = WahaWebhookTests.class.getResourceAsStream("/waha/" + name)) {
			assertThat(in).as("fixture %s", name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
		}
	}

	private static WahaProvider provider(String hmacKey) {
		WahaProperties properties = new WahaProperties(URI.create("http://127.0.0.1:9"), "test-api-key", "default",
				hmacKey, Duration.ofSeconds(1), Duration.ofSeconds(1));
		return new WahaProvider(properties, RestClient.create(), JsonMapper.builder().build(),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

}
