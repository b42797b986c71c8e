package com.reachtown.dispatcher.provider.waha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.reachtown.dispatcher.phone.PhoneNumbers;
import com.reachtown.dispatcher.provider.ConnectFailures;
import com.reachtown.dispatcher.provider.InvalidWebhookException;
import com.reachtown.dispatcher.provider.MediaFile;
import com.reachtown.dispatcher.provider.MessagingProvider;
import com.reachtown.dispatcher.provider.OutboundMessage;
import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.SendResult;
import com.reachtown.dispatcher.provider.WebhookAuthenticationException;
import com.reachtown.dispatcher.provider.WebhookParseResult;
import com.reachtown.dispatcher.provider.WebhookRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Sends WhatsApp messages through a WAHA session (its NOWEB engine, built on Baileys) and
 * verifies and parses its webhooks. When {@code WAHA_WEBHOOK_HMAC_KEY} is set, every
 * webhook must carry {@code X-Webhook-Hmac}, the hex HMAC-SHA512 of the raw body.
 * <p>
 * A successful send returns WAHA's message id, {@code true_<chat>@c.us_<id>}, the form
 * its {@code message.ack} webhooks carry, and the detail {@code waha_id} with the same
 * value.
 */
public class WahaProvider implements MessagingProvider {

	/** The provider's name in configuration, requests and events. */
	public static final String NAME = "waha";

	static final String API_KEY_HEADER = "X-Api-Key";

	static final String HMAC_HEADER = "X-Webhook-Hmac";

	static final String HMAC_ALGORITHM_HEADER = "X-Webhook-Hmac-Algorithm";

	private static final Logger LOG = LoggerFactory.getLogger(WahaProvider.class);

	private final WahaProperties properties;

	private final RestClient client;

	private final JsonMapper jsonMapper;

	private final WahaErrors errors;

	private final WahaWebhookParser parser;

	/**
	 * Creates the adapter.
	 * @param properties the WAHA settings, with a base URL
	 * @param client a client whose base URL is the WAHA server
	 * @param jsonMapper the JSON mapper
	 * @param clock the source of event times when a webhook carries none
	 */
	public WahaProvider(WahaProperties properties, RestClient client, JsonMapper jsonMapper, Clock clock) {
		this.properties = properties;
		this.client = client;
		this.jsonMapper = jsonMapper;
		this.errors = new WahaErrors(jsonMapper);
		this.parser = new WahaWebhookParser(clock);
	}

	@Override
	public String name() {
		return NAME;
	}

	/**
	 * Posts {@code {session, chatId: "<digits>@c.us", text}} to {@code /api/sendText}, or
	 * a media file to {@code /api/sendImage} (images) or {@code /api/sendFile} (any other
	 * file). WAHA sends no templates.
	 */
	@Override
	public SendResult send(OutboundMessage message) {
		message.requireNoTemplate(NAME);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("session", this.properties.session());
		body.put("chatId", message.recipientPhone().replace("+", "") + "@c.us");
		MediaFile media = message.mediaFile();
		if (media != null) {
			body.put("file", file(media));
			if (message.body() != null) {
				body.put("caption", message.body());
			}
		}
		else {
			body.put("text", message.body());
		}

		String path = (media == null) ? "/api/sendText"
				: (media.type().equals("image") ? "/api/sendImage" : "/api/sendFile");
		String id = post(path, this.jsonMapper.writeValueAsString(body));

		LOG.debug("Sent message {} through WAHA as {} to {}", message.messageId(), PhoneNumbers.maskNumbersIn(id),
				PhoneNumbers.mask(message.recipientPhone()));
		return new SendResult(id, Map.of("waha_id", id));
	}

	/**
	 * Describes a file for WAHA by URL, {@code {url, mimetype, filename}}; WAHA fetches
	 * it itself.
	 */
	private static Map<String, String> file(MediaFile media) {
		Map<String, String> file = new LinkedHashMap<>();
		file.put("url", media.url().toString());
		if (media.mimeType() != null) {
			file.put("mimetype", media.mimeType());
		}
		if (media.fileName() != null) {
			file.put("filename", media.fileName());
		}
		return file;
	}

	private String post(String path, String json) {
		try {
			return this.client.post()
				.uri(path)
				.header(API_KEY_HEADER, this.properties.apiKey())
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(json)
				.exchange((request, response) -> messageId(response.getStatusCode().value(),
						new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8),
						response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
		}
		catch (ResourceAccessException ex) {
			throw ConnectFailures.toProviderException(NAME, "WAHA", ex);
		}
	}

	private String messageId(int status, String body, String retryAfter) throws IOException {
		if (status >= 400) {
			throw this.errors.toProviderException(status, body, retryAfterSeconds(retryAfter));
		}
		String id = WahaMessageIds.fromSendResponse(readResponse(body));
		if (id == null) {
			throw new ProviderException(NAME, ProviderException.Kind.UNAVAILABLE, Integer.toString(status),
					"WAHA returned HTTP " + status + " without a message id (id or key.id)", null, null);
		}
		return id;
	}

	private JsonNode readResponse(String body) {
		try {
			return this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ProviderException(NAME, ProviderException.Kind.UNAVAILABLE, null,
					"WAHA returned a body that is not JSON: " + ex.getOriginalMessage(), null, ex);
		}
	}

	private static Duration retryAfterSeconds(String value) {
		if (value == null || !value.strip().matches("\\d{1,6}")) {
			return null;
		}
		return Duration.ofSeconds(Long.parseLong(value.strip()));
	}

	/**
	 * Recognizes WAHA's JSON envelope, which has an {@code event}, a {@code session} and
	 * a {@code payload}.
	 */
	@Override
	public boolean recognizes(WebhookRequest request) {
		if (request.header(HMAC_HEADER) != null) {
			return true;
		}
		JsonNode body = readJsonOrNull(request);
		return body != null && body.path("event").isString() && body.path("session").isString() && body.has("payload");
	}

	/**
	 * Checks {@code X-Webhook-Hmac} when a key is configured, then parses the envelope's
	 * {@code message} or {@code message.ack} event. Other events are ignored with their
	 * name as the reason.
	 */
	@Override
	public WebhookParseResult parseWebhook(WebhookRequest request) {
		verifyHmac(request);

		return this.parser.parse(readEnvelope(request));
	}

	/**
	 * Computes the {@code X-Webhook-Hmac} value of a body.
	 * @param key the HMAC key
	 * @param body the raw body
	 * @return the hex HMAC-SHA512, lower case
	 */
	static String hmac(String key, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA512");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA512 is not available", ex);
		}
	}

	private void verifyHmac(WebhookRequest request) {
		if (!this.properties.hasWebhookHmacKey()) {
			return;
		}
		String signature = request.header(HMAC_HEADER);
		if (signature == null || signature.isEmpty()) {
			throw new WebhookAuthenticationException("WAHA webhook has no " + HMAC_HEADER
					+ " header; set the session's webhook hmac key to WAHA_WEBHOOK_HMAC_KEY");
		}
		String algorithm = request.header(HMAC_ALGORITHM_HEADER);
		if (algorithm != null && !algorithm.strip().equalsIgnoreCase("sha512")) {
			throw new WebhookAuthenticationException(
					"WAHA webhook is signed with " + algorithm + "; only sha512 is accepted");
		}
		byte[] expected = hmac(this.properties.webhookHmacKey(), request.body()).getBytes(StandardCharsets.US_ASCII);
		byte[] received = signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected, received)) {
			throw new WebhookAuthenticationException(
					"WAHA webhook has an invalid " + HMAC_HEADER + "; check WAHA_WEBHOOK_HMAC_KEY");
		}
	}

	private JsonNode readEnvelope(WebhookRequest request) {
		try {
			JsonNode envelope = this.jsonMapper.readTree(request.body());
			if (envelope == null || !envelope.isObject()) {
				throw new InvalidWebhookException("WAHA webhook body is not a JSON object");
			}
			return envelope;
		}
		catch (JacksonException ex) {
			throw new InvalidWebhookException("WAHA webhook body is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private JsonNode readJsonOrNull(WebhookRequest request) {
		if (request.body().length == 0 || (request.contentType() != null && !request.isJson())) {
			return null;
		}
		try {
			return this.jsonMapper.readTree(request.body());
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
