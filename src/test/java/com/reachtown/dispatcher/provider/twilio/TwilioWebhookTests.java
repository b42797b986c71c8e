package com.reachtown.dispatcher.provider.twilio;

import com.reachtown.dispatcher.support.TwilioFixtures;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.reachtown.dispatcher.provider.InboundMessage;
import com.reachtown.dispatcher.provider.InboundMessage.Media;
import com.reachtown.dispatcher.provider.InvalidWebhookException;
import com.reachtown.dispatcher.provider.MessageStatus;
import com.reachtown.dispatcher.provider.ProviderEvent;
import com.reachtown.dispatcher.provider.StatusUpdate;
import com.reachtown.dispatcher.provider.WebhookAuthenticationException;
import com.reachtown.dispatcher.provider.WebhookParseResult;
import com.reachtown.dispatcher.provider.WebhookReply;
import com.reachtown.dispatcher.provider.WebhookRequest;
import com.twilio.security.RequestValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Verifies and parses Twilio's WhatsApp webhooks, stored as form bodies under
 * {@code src/test/resources/twilio} and signed here with a test auth token.
 */
class TwilioWebhookTests {

	private static final String AUTH_TOKEN = "test-auth-token";

	private static final String PUBLIC_URL = "https://dispatcher.example.com";

	private static final Instant NOW = Instant.parse("2025-04-24T18:12:31Z");

	private final TwilioProvider provider = new TwilioProvider(
			new TwilioProperties("AC0123456789abcdef0123456789abcdef", AUTH_TOKEN, "+14155238886", null,
					URI.create("http://127.0.0.1:9"), Duration.ofSeconds(1), Duration.ofSeconds(1), 200),
			PUBLIC_URL, Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void inboundText() {
		InboundMessage message = parseInbound("inbound-text.form");

		assertThat(message.provider()).isEqualTo("twilio");
		assertThat(message.providerMessageId()).isEqualTo("SM1f0e8ab2c8b74bd2a0c3d9f51e2a7c11");
		assertThat(message.fromPhone()).isEqualTo("+5564999998888");
		assertThat(message.waId()).isEqualTo("5564999998888");
		assertThat(message.toPhone()).isEqualTo("+14155238886");
		assertThat(message.contactName()).isEqualTo("Maria Souza");
		assertThat(message.text()).isEqualTo("Oi, quero saber mais sobre a campanha");
		assertThat(message.messageType()).isEqualTo("text");
		assertThat(message.media()).isEmpty();
		assertThat(message.inReplyTo()).isNull();
		assertThat(message.receivedAt()).isEqualTo(NOW);
	}

	@Test
	void inboundImageWithoutBody() {
		InboundMessage message = parseInbound("inbound-image-without-body.form");

		assertThat(message.providerMessageId()).isEqualTo("MM6a1c4e9f0b2d4e8a9c7b5d3f1e0a2c44");
		assertThat(message.text()).isEmpty();
		assertThat(message.messageType()).isEqualTo("image");
		assertThat(message.media())
			.containsExactly(new Media(
					"https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/"
							+ "MM6a1c4e9f0b2d4e8a9c7b5d3f1e0a2c44/Media/ME0b7f2e4c6a8d0f1e3c5b7a9d2f4e6c88",
					"image/jpeg"));
	}

	@Test
	void inboundButtonReply() {
		InboundMessage message = parseInbound("inbound-button-reply.form");

		assertThat(message.messageType()).isEqualTo("button");
		assertThat(message.text()).isEqualTo("Sim, quero participar");
		assertThat(message.inReplyTo()).isEqualTo("SM0c9a8b7d6e5f4a3b2c1d0e9f8a7b6c22");
		assertThat(message.media()).isEmpty();
	}

	@Test
	void inboundAccentedTextWithEmoji() {
		InboundMessage message = parseInbound("inbound-accented-text-with-emoji.form");

		assertThat(message.text()).isEqualTo("Olá! Não consigo ir amanhã 😅 — até já 👍");
		assertThat(message.contactName()).isEqualTo("João Conceição");
	}

	@Test
	void inboundLocation() {
		InboundMessage message = parseInbound("inbound-location.form");

		assertThat(message.messageType()).isEqualTo("location");
		assertThat(message.text()).isEqualTo("-16.6868912,-49.2647943");
	}

	@Test
	void brazilianWaIdGetsNinthDigit() {
		InboundMessage message = parseInbound("inbound-brazilian-wa-id-without-ninth-digit.form");

		assertThat(message.fromPhone()).isEqualTo("+5564999998888");
		assertThat(message.waId()).isEqualTo("556499998888");
	}

	@Test
	void statusSent() {
		StatusUpdate update = parseStatus("status-sent.form");

		assertThat(update.provider()).isEqualTo("twilio");
		assertThat(update.providerMessageId()).isEqualTo("SM4c5d6e7f8a9b4c0d1e2f3a4b5c6d7e88");
		assertThat(update.status()).isEqualTo(MessageStatus.SENT);
		assertThat(update.providerStatus()).isEqualTo("sent");
		assertThat(update.errorCode()).isNull();
		assertThat(update.errorMessage()).isNull();
		assertThat(update.updatedAt()).isEqualTo(NOW);
	}

	@Test
	void statusDelivered() {
		StatusUpdate update = parseStatus("status-delivered.form");

		assertThat(update.status()).isEqualTo(MessageStatus.DELIVERED);
		assertThat(update.providerStatus()).isEqualTo("delivered");
	}

	@Test
	void statusRead() {
		StatusUpdate update = parseStatus("status-read.form");

		assertThat(update.status()).isEqualTo(MessageStatus.READ);
	}

	@Test
	void statusFailedWithErrorCode() {
		StatusUpdate update = parseStatus("status-failed-63016.form");

		assertThat(update.status()).isEqualTo(MessageStatus.FAILED);
		assertThat(update.errorCode()).isEqualTo("63016");
		assertThat(update.errorMessage()).startsWith("Failed to send freeform message");
	}

	@Test
	void statusVocabularyMapsToReachTown() {
		Map<String, MessageStatus> expected = Map.of("accepted", MessageStatus.QUEUED, "scheduled",
				MessageStatus.QUEUED, "queued", MessageStatus.QUEUED, "sending", MessageStatus.SENDING, "sent",
				MessageStatus.SENT, "delivered", MessageStatus.DELIVERED, "undelivered", MessageStatus.UNDELIVERED,
				"failed", MessageStatus.FAILED, "canceled", MessageStatus.FAILED, "read", MessageStatus.READ);

		expected.forEach((twilioStatus, status) -> {
			String body = "MessageSid=SM1&MessageStatus=" + twilioStatus + "&AccountSid=AC1";
			StatusUpdate update = (StatusUpdate) parseEvent(signed("/v1/webhooks/status", null, body));
			assertThat(update.status()).as(twilioStatus).isEqualTo(status);
		});
	}

	@Test
	void receivedOnStatusPathIsInbound() {
		String body = "MessageSid=SM2&SmsStatus=received&MessageStatus=received&From=whatsapp%3A%2B5564999998888"
				+ "&Body=oi&NumMedia=0&AccountSid=AC1";

		ProviderEvent event = parseEvent(signed("/v1/webhooks/status", null, body));

		assertThat(event).isInstanceOf(InboundMessage.class);
	}

	@Test
	void signatureCoversQueryString() {
		WebhookRequest request = signed("/v1/webhooks/incoming", "provider=twilio",
				TwilioFixtures.fixture("inbound-text.form"));

		assertThat(this.provider.parseWebhook(request).events()).hasSize(1);
	}

	@Test
	void tamperedBodyIsRejected() {
		WebhookRequest signed = signed("/v1/webhooks/incoming", null, TwilioFixtures.fixture("inbound-text.form"));
		String tampered = TwilioFixtures.fixture("inbound-text.form").replace("Body=Oi", "Body=Ol");
		WebhookRequest request = new WebhookRequest(signed.path(), null, signed.headers(), signed.contentType(),
				tampered.getBytes(StandardCharsets.UTF_8));

		assertThatExceptionOfType(WebhookAuthenticationException.class)
			.isThrownBy(() -> this.provider.parseWebhook(request));
	}

	@Test
	void signatureForAnotherUrlIsRejected() {
		WebhookRequest signed = signed("/v1/webhooks/incoming", null, TwilioFixtures.fixture("inbound-text.form"));
		WebhookRequest request = new WebhookRequest("/v1/webhooks/status", null, signed.headers(), signed.contentType(),
				signed.body());

		assertThatExceptionOfType(WebhookAuthenticationException.class)
			.isThrownBy(() -> this.provider.parseWebhook(request));
	}

	@Test
	void missingSignatureIsRejected() {
		WebhookRequest request = new WebhookRequest("/v1/webhooks/incoming", null,
				Map.of("content-type", "application/x-www-form-urlencoded"), "application/x-www-form-urlencoded",
				TwilioFixtures.fixture("inbound-text.form").getBytes(StandardCharsets.UTF_8));

		assertThatExceptionOfType(WebhookAuthenticationException.class)
			.isThrownBy(() -> this.provider.parseWebhook(request));
	}

	@Test
	void authenticWebhookWithoutSenderIsInvalid() {
		WebhookRequest request = signed("/v1/webhooks/incoming", null, "MessageSid=SM3&Body=oi&AccountSid=AC1");

		assertThatExceptionOfType(InvalidWebhookException.class).isThrownBy(() -> this.provider.parseWebhook(request))
			.withMessageContaining("From");
	}

	@Test
	void authenticWebhookWithUnknownStatusIsInvalid() {
		WebhookRequest request = signed("/v1/webhooks/status", null, "MessageSid=SM4&MessageStatus=vanished");

		assertThatExceptionOfType(InvalidWebhookException.class).isThrownBy(() -> this.provider.parseWebhook(request))
			.withMessageContaining("vanished");
	}

	@Test
	void documentedTestVectorValidates() {
		Map<String, String> parameters = Map.of("Digits", "1234", "CallSid", "CA1234567890ABCDE", "To", "+18005551212",
				"Caller", "+14158675309", "From", "+14158675309");
		String url = "https://mycompany.com/myapp.php?foo=1&bar=2";

		assertThat(TwilioFixtures.sign("12345", url, parameters)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
		assertThat(new RequestValidator("12345").validate(url, parameters, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
	}

	@Test
	void recognizesSignatureHeaderOrTwilioForm() {
		WebhookRequest signed = signed("/v1/webhooks/incoming", null, TwilioFixtures.fixture("inbound-text.form"));
		WebhookRequest unsignedTwilioForm = new WebhookRequest("/v1/webhooks/incoming", null, Map.of(),
				"application/x-www-form-urlencoded", signed.body());
		WebhookRequest json = new WebhookRequest("/v1/webhooks/incoming", null, Map.of(), "application/json",
				"{\"event\":\"messages.upsert\"}".getBytes(StandardCharsets.UTF_8));

		assertThat(this.provider.recognizes(signed)).isTrue();
		assertThat(this.provider.recognizes(unsignedTwilioForm)).isTrue();
		assertThat(this.provider.recognizes(json)).isFalse();
	}

	@Test
	void replyTwimlOnlyToInbound() {
		WebhookReply inbound = this.provider
			.replyTo(signed("/v1/webhooks/incoming", null, TwilioFixtures.fixture("inbound-text.form")));
		WebhookReply status = this.provider
			.replyTo(signed("/v1/webhooks/status", null, TwilioFixtures.fixture("status-read.form")));

		assertThat(inbound.contentType()).isEqualTo("text/xml");
		assertThat(inbound.body()).isEqualTo("<Response/>");
		assertThat(status).isEqualTo(WebhookReply.EMPTY);
	}

	private InboundMessage parseInbound(String fixture) {
		ProviderEvent event = parseEvent(signed("/v1/webhooks/incoming", null, TwilioFixtures.fixture(fixture)));
		assertThat(event).isInstanceOf(InboundMessage.class);
		return (InboundMessage) event;
	}

	private StatusUpdate parseStatus(String fixture) {
		ProviderEvent event = parseEvent(signed("/v1/webhooks/status", null, TwilioFixtures.fixture(fixture)));
		assertThat(event).isInstanceOf(StatusUpdate.class);
		return (StatusUpdate) event;
	}

	private ProviderEvent parseEvent(WebhookRequest request) {
		WebhookParseResult result = this.provider.parseWebhook(request);
		assertThat(result.provider()).isEqualTo("twilio");
		assertThat(result.ignoredReason()).isNull();
		assertThat(result.events()).hasSize(1);
		return result.events().get(0);
	}

	/** Builds a webhook request signed the way Twilio signs it, over the public URL. */
	private static WebhookRequest signed(String path, String query, String body) {
		WebhookRequest unsigned = new WebhookRequest(path, query, Map.of(), "application/x-www-form-urlencoded",
				body.getBytes(StandardCharsets.UTF_8));
		String signature = TwilioFixtures.sign(AUTH_TOKEN, PUBLIC_URL + unsigned.pathAndQuery(),
				unsigned.formParameters());
		return new WebhookRequest(path, query,
				Map.of("x-twilio-signature", signature, "content-type", "application/x-www-form-urlencoded"),
				"application/x-www-form-urlencoded", unsigned.body());
	}

}
