package com.reachtown.dispatcher.provider.evolution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * Sends WhatsApp messages through an Evolution API v2 instance and verifies and parses
 * its webhooks. Evolution does not sign webhooks, so its webhook settings must add the
 * header {@code X-Webhook-Secret} with the value of {@code EVOLUTION_WEBHOOK_SECRET},
 * which is compared in constant time.
 * <p>
 * A successful send returns the id Evolution gave the message ({@code key.id}), which its
 * {@code messages.update} webhooks carry as {@code keyId}, and the detail
 * {@code evolution_id} with the same value.
 */
public class EvolutionProvider implements MessagingProvider {

	/** The provider's name in configuration, requests and events. */
	public static final String NAME = "evolution";

	static final String SECRET_HEADER = "X-Webhook-Secret";

	static final String API_KEY_HEADER = "apikey";

	private static final Logger LOG = LoggerFactory.getLogger(EvolutionProvider.class);

	private final EvolutionProperties properties;

	private final RestClient client;

	private final JsonMapper jsonMapper;

	private final EvolutionErrors errors;

	private final EvolutionWebhookParser parser;

	/**
	 * Creates the adapter.
	 * @param properties the Evolution settings, with a base URL
	 * @param client a client whose base URL is the Evolution server
	 * @param jsonMapper the JSON mapper
	 * @param clock the source of event times when a webhook carries none
	 */
	public EvolutionProvider(EvolutionProperties properties, RestClient client, JsonMapper jsonMapper, Clock clock) {
		this.properties = properties;
		this.client = client;
		this.jsonMapper = jsonMapper;
		this.errors = new EvolutionErrors(jsonMapper);
		this.parser = new EvolutionWebhookParser(clock);
	}

	@Override
	public String name() {
		return NAME;
	}

	/**
	 * Posts {@code {number, text}} to {@code /message/sendText/{instance}}, or a media
	 * file to {@code /message/sendMedia/{instance}}, with the number as digits without
	 * the {@code +}. Evolution sends no templates.
	 */
	@Override
	public SendResult send(OutboundMessage message) {
		message.requireNoTemplate(NAME);
		String number = message.recipientPhone().replace("+", "");
		String id = (message.mediaUrl() != null)
				? post("/message/sendMedia/{instance}", mediaBody(number, message.mediaFile(), message.body()))
				: post("/message/sendText/{instance}", textBody(number, message.body()));

		LOG.debug("Sent message {} through Evolution as {} to {}", message.messageId(), id,
				PhoneNumbers.mask(message.recipientPhone()));
		return new SendResult(id, Map.of("evolution_id", id));
	}

	private String textBody(String number, String text) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("number", number);
		body.put("text", text);
		return this.jsonMapper.writeValueAsString(body);
	}

	/**
	 * Builds the body of Evolution API v2's {@code sendMedia}: {@code {number, mediatype,
	 * mimetype, caption, media, fileName}}, where {@code media} is the URL, which
	 * Evolution fetches itself.
	 */
	private String mediaBody(String number, MediaFile media, String caption) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("number", number);
		body.put("mediatype", media.type());
		if (media.mimeType() != null) {
			body.put("mimetype", media.mimeType());
		}
		if (caption != null) {
			body.put("caption", caption);
		}
		body.put("media", media.url().toString());
		if (media.fileName() != null) {
			body.put("fileName", media.fileName());
		}
		return this.jsonMapper.writeValueAsString(body);
	}

	private String post(String path, String json) {
		try {
			return this.client.post()
				.uri(path, this.properties.instance())
				.header(API_KEY_HEADER, this.properties.apiKey())
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(json)
				.exchange((request, response) -> messageId(response.getStatusCode().value(),
						new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8),
						response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
		}
		catch (ResourceAccessException ex) {
			throw ConnectFailures.toProviderException(NAME, "Evolution API", ex);
		}
	}

	private String messageId(int status, String body, String retryAfter) throws IOException {
		if (status >= 400) {
			throw this.errors.toProviderException(status, body, retryAfterSeconds(retryAfter));
		}
		JsonNode id = readResponse(body).path("key").path("id");
		if (!id.isString() || id.asString().isBlank()) {
			throw new ProviderException(NAME, ProviderException.Kind.UNAVAILABLE, Integer.toString(status),
					"Evolution API returned HTTP " + status + " without key.id", null, null);
		}
		return id.asString();
	}

	private JsonNode readResponse(String body) {
		try {
			return this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ProviderException(NAME, ProviderException.Kind.UNAVAILABLE, null,
					"Evolution API returned a body that is not JSON: " + ex.getOriginalMessage(), null, ex);
		}
	}

	private static Duration retryAfterSeconds(String value) {
		if (value == null || !value.strip().matches("\\d{1,6}")) {
			return null;
		}
		return Duration.ofSeconds(Long.parseLong(value.strip()));
	}

	/**
	 * Recognizes Evolution's JSON envelope, which has an {@code event} and an
	 * {@code instance}.
	 */
	@Override
	public boolean recognizes(WebhookRequest request) {
		if (request.header(SECRET_HEADER) != null) {
			return true;
		}
		JsonNode body = readJsonOrNull(request);
		return body != null && body.path("event").isString() && body.path("instance").isString();
	}

	/**
	 * Checks {@code X-Webhook-Secret}, then parses the envelope's {@code messages.upsert}
	 * or {@code messages.update} event. Other events are ignored with their name as the
	 * reason.
	 */
	@Override
	public WebhookParseResult parseWebhook(WebhookRequest request) {
		verifySecret(request);

		return this.parser.parse(readEnvelope(request));
	}

	private JsonNode readEnvelope(WebhookRequest request) {
		try {
			JsonNode envelope = this.jsonMapper.readTree(request.body());
			if (envelope == null || !envelope.isObject()) {
				throw new InvalidWebhookException("Evolution webhook body is not a JSON object");
			}
			return envelope;
		}
		catch (JacksonException ex) {
			throw new InvalidWebhookException("Evolution webhook body is not valid JSON: " + ex.getOriginalMessage(),
					ex);
		}
	}

	private void verifySecret(WebhookRequest request) {
		if (!this.properties.hasWebhookSecret()) {
			throw new WebhookAuthenticationException("Evolution webhooks are rejected because EVOLUTION_WEBHOOK_SECRET"
					+ " is not set; set it and add the header " + SECRET_HEADER + " to the instance's webhook");
		}
		String secret = request.header(SECRET_HEADER);
		if (secret == null || secret.isEmpty()) {
			throw new WebhookAuthenticationException("Evolution webhook has no " + SECRET_HEADER + " header");
		}
		byte[] expected = this.properties.webhookSecret().getBytes(StandardCharsets.UTF_8);
		if (!MessageDigest.isEqual(expected, secret.strip().getBytes(StandardCharsets.UTF_8))) {
			throw new WebhookAuthenticationException("Evolution webhook has a wrong " + SECRET_HEADER
					+ "; check EVOLUTION_WEBHOOK_SECRET and the instance's webhook headers");
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
