package com.reachtown.dispatcher.provider.evolution;

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
import com.reachtown.dispatcher.provider.InvalidWebhookException;
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
 * Verifies and parses Evolution API v2 webhooks, stored as JSON envelopes under
 * {@code src/test/resources/evolution}.
 */
class EvolutionWebhookTests {

	private static final String SECRET = "test-webhook-secret";

	private static final Instant NOW = Instant.parse("2025-04-24T18:30:00Z");

	private static final Instant MESSAGE_TIME = Instant.parse("2025-04-24T18:12:31Z");

	private static final Instant ENVELOPE_TIME = Instant.parse("2025-04-24T18:12:40.118Z");

	private static final String IMAGE_S3_URL = "https://s3.example.com/evolution/8f4c2a6e/556499998888@s.whatsapp.net/"
			+ "imageMessage/1745518352114_3A7F1C0B9E2D4A6B8C01.jpeg";

	private final EvolutionProvider provider = provider(SECRET);

	static Stream<Arguments> inboundMessages() {
		return Stream.of(
				arguments("upsert-text.json", "3EB0C431C26A1916E07A", "+5564999998888", "556499998888",
						"Olá! Quero confirmar minha inscrição", "text", null, null, null),
				arguments("upsert-extended-text.json", "3EB05C1D4A8F2B7E9D10", "+5564999998888", "556499998888",
						"Veja o link: https://reach.example.com/evento", "text", null, null, null),
				arguments("upsert-image-with-caption.json", "3A7F1C0B9E2D4A6B8C01", "+5564999998888", "556499998888",
						"Comprovante do pagamento", "image", IMAGE_S3_URL, "image/jpeg", null),
				arguments("upsert-audio.json", "3A2B9D7C5E1F0A4B6C82", "+5564999998888", "556499998888", "", "audio",
						"https://mmg.whatsapp.net/v/t62.7117-24/29384756_1029384756_n.enc?ccb=11-4&oh=01_Q5AaIB"
								+ "&oe=681C3D10&_nc_sid=5e03e0&mms3=true",
						"audio/ogg; codecs=opus", null),
				arguments("upsert-document-with-caption.json", "3AC4E8B2D6F0A1C3E5B7", "+5564999998888", "556499998888",
						"Segue meu documento", "document",
						"https://mmg.whatsapp.net/v/t62.7119-24/12837465_9182736450_n.enc?ccb=11-4&oh=01_Q5AaIC"
								+ "&oe=681C4E21&_nc_sid=5e03e0&mms3=true",
						"application/pdf", null),
				arguments("upsert-location.json", "3A9E7C5A3B1D0F2E4C6A", "+5564999998888", "556499998888",
						"-16.6868824,-49.2647885", "location", null, null, null),
				arguments("upsert-reply.json", "3A1B3C5D7E9F0A2B4C6D", "+5564999998888", "556499998888", "SIM", "text",
						null, null, "3EB0A1B2C3D4E5F60718"),
				arguments("upsert-reaction.json", "3A6E8C0A2F4D6B8E0C2A", "+5564999998888", "556499998888", "",
						"reaction", null, null, null),
				arguments("upsert-lid-with-remote-jid-alt.json", "3AF1E3D5C7B9A0F2E4D6", "+5564999998888",
						"215470038597729@lid", "Oi, é a Maria", "text", null, null, null),
				arguments("upsert-lid-with-sender-pn.json", "3A8D6B4F2E0C9A7B5D3F", "+5564999998888",
						"215470038597729@lid", "Oi de novo", "text", null, null, null),
				arguments("upsert-lid-without-alternative.json", "3A4C6E8A0B2D4F6A8C0E", "", "215470038597729@lid",
						"Oi, sem número", "text", null, null, null),
				arguments("upsert-landline.json", "3A3D5F7B9D1F3B5D7F9B", "+556232104455", "556232104455",
						"Mensagem do escritório", "text", null, null, null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("inboundMessages")
	void parsesInboundMessage(String fixture, String id, String fromPhone, String waId, String text, String messageType,
			String mediaUrl, String mediaType, String inReplyTo) throws IOException {
		InboundMessage message = (InboundMessage) singleEvent(fixture);

		assertThat(message.provider()).isEqualTo("evolution");
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
		InboundMessage message = (InboundMessage) singleEvent("upsert-text.json");

		assertThat(message.contactName()).isEqualTo("Maria Souza");
		assertThat(message.toPhone()).isEqualTo("+5564981112222");
	}

	@Test
	void timestampAsLongObjectIsRead() throws IOException {
		InboundMessage message = (InboundMessage) singleEvent("upsert-timestamp-as-long-object.json");

		assertThat(message.receivedAt()).isEqualTo(MESSAGE_TIME);
	}

	static Stream<Arguments> statusUpdates() {
		return Stream.of(arguments("update-error.json", "ERROR", MessageStatus.FAILED),
				arguments("update-pending.json", "PENDING", MessageStatus.SENDING),
				arguments("update-server-ack.json", "SERVER_ACK", MessageStatus.SENT),
				arguments("update-delivery-ack.json", "DELIVERY_ACK", MessageStatus.DELIVERED),
				arguments("update-read.json", "READ", MessageStatus.READ),
				arguments("update-played.json", "PLAYED", MessageStatus.READ),
				arguments("update-event-name-upper-case.json", "DELIVERY_ACK", MessageStatus.DELIVERED));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("statusUpdates")
	void parsesStatusUpdate(String fixture, String providerStatus, MessageStatus status) throws IOException {
		StatusUpdate update = (StatusUpdate) singleEvent(fixture);

		assertThat(update.provider()).isEqualTo("evolution");
		assertThat(update.providerMessageId()).isEqualTo("3EB0A1B2C3D4E5F60718");
		assertThat(update.status()).isEqualTo(status);
		assertThat(update.providerStatus()).isEqualTo(providerStatus);
		assertThat(update.updatedAt()).isEqualTo(ENVELOPE_TIME);
	}

	static Stream<Arguments> ignoredWebhooks() {
		return Stream.of(arguments("upsert-from-me.json", "fromMe"),
				arguments("upsert-group.json", "120363025746183920@g.us"),
				arguments("upsert-status-broadcast.json", "status@broadcast"),
				arguments("update-deleted.json", "DELETED"),
				arguments("update-read-of-incoming-message.json", "that the contact sent"),
				arguments("connection-update.json", "event connection.update is not used"),
				arguments("send-message.json", "event send.message is not used"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("ignoredWebhooks")
	void ignoresWebhookWithReason(String fixture, String reason) throws IOException {
		WebhookParseResult result = this.provider.parseWebhook(request(fixture, SECRET));

		assertThat(result.events()).isEmpty();
		assertThat(result.provider()).isEqualTo("evolution");
		assertThat(result.ignoredReason()).contains(reason);
	}

	@Test
	void wrongSecretIsRejected() {
		assertThatExceptionOfType(WebhookAuthenticationException.class)
			.isThrownBy(() -> this.provider.parseWebhook(request("upsert-text.json", "not-the-secret")))
			.withMessageContaining("wrong X-Webhook-Secret");
	}

	@Test
	void missingSecretHeaderIsRejected() {
		assertThatExceptionOfType(WebhookAuthenticationException.class)
			.isThrownBy(() -> this.provider.parseWebhook(request("upsert-text.json", null)))
			.withMessageContaining("no X-Webhook-Secret header");
	}

	@Test
	void unconfiguredSecretRejectsEveryWebhook() {
		EvolutionProvider withoutSecret = provider("");

		assertThatExceptionOfType(WebhookAuthenticationException.class)
			.isThrownBy(() -> withoutSecret.parseWebhook(request("upsert-text.json", SECRET)))
			.withMessageContaining("set it");
	}

	@Test
	void bodyThatIsNotJsonIsInvalid() {
		WebhookRequest request = new WebhookRequest("/v1/webhooks/incoming", null, Map.of("x-webhook-secret", SECRET),
				"application/json", "{not json".getBytes());

		assertThatExceptionOfType(InvalidWebhookException.class).isThrownBy(() -> this.provider.parseWebhook(request));
	}

	@Test
	void unknownStatusIsInvalid() throws IOException {
		String body = fixture("update-read.json").replace("\"READ\"", "\"SEEN\"");
		WebhookRequest request = new WebhookRequest("/v1/webhooks/status", null, Map.of("x-webhook-secret", SECRET),
				"application/json", body.getBytes());

		assertThatExceptionOfType(InvalidWebhookException.class).isThrownBy(() -> this.provider.parseWebhook(request))
			.withMessageContaining("SEEN");
	}

	@Test
	void recognizesEnvelopeWithoutSecretHeader() throws IOException {
		assertThat(this.provider.recognizes(request("upsert-text.json", null))).isTrue();
	}

	@Test
	void doesNotRecognizeWahaEnvelope() {
		WebhookRequest request = new WebhookRequest("/v1/webhooks/incoming", null, Map.of(), "application/json",
				"{\"event\":\"message\",\"session\":\"default\",\"payload\":{}}".getBytes());

		assertThat(this.provider.recognizes(request)).isFalse();
	}

	private ProviderEvent singleEvent(String fixture) throws IOException {
		WebhookParseResult result = this.provider.parseWebhook(request(fixture, SECRET));
		assertThat(result.ignoredReason()).isNull();
		assertThat(result.events()).hasSize(1);
		return result.events().get(0);
	}

	private static WebhookRequest request(String fixture, String secret) throws IOException {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("content-type", "application/json");
		if (secret != null) {
			headers.put("x-webhook-secret", secret);
		}
		return new WebhookRequest("/v1/webhooks/incoming/messages-upsert", null, headers, "application/json",
				fixture(fixture).getBytes());
	}

	private static String fixture(String name) throws IOException {
		try (InputStream in = EvolutionWebhookTests.class.getResourceAsStream("/evolution/" + name)) {
			assertThat(in).as("fixture %s", name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static EvolutionProvider provider(String secret) {
		EvolutionProperties properties = new EvolutionProperties(URI.create("http://127.0.0.1:9"), "test-api-key",
				"reach-town", secret, Duration.ofSeconds(1), Duration.ofSeconds(1));
		return new EvolutionProvider(properties, RestClient.create(), JsonMapper.builder().build(),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

}
