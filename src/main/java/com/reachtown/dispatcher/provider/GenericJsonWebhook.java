package com.reachtown.dispatcher.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.reachtown.dispatcher.phone.InvalidPhoneNumberException;
import com.reachtown.dispatcher.phone.PhoneNumbers;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generic JSON webhook format, which the Mock provider and any provider without a
 * format of its own use. An inbound message is {@code {provider, from, body, message_id,
 * timestamp}}; a status update is {@code {provider, message_id, status, timestamp}}, with
 * optional {@code error_code} and {@code error_message}. The request carries
 * {@code X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the raw body>}.
 */
public final class GenericJsonWebhook {

	/** The header that carries the signature. */
	public static final String SIGNATURE_HEADER = "X-Webhook-Signature";

	private static final String SIGNATURE_PREFIX = "sha256=";

	private final JsonMapper jsonMapper;

	private final String secret;

	/**
	 * Creates the format.
	 * @param jsonMapper the JSON mapper
	 * @param secret the shared signing secret, or {@code null} or empty to reject every
	 * generic webhook
	 */
	public GenericJsonWebhook(JsonMapper jsonMapper, String secret) {
		this.jsonMapper = jsonMapper;
		this.secret = secret;
	}

	/**
	 * Tells whether a request uses this format.
	 * @param request the webhook request
	 * @return {@code true} when it carries {@code X-Webhook-Signature}
	 */
	public static boolean recognizes(WebhookRequest request) {
		return request.header(SIGNATURE_HEADER) != null;
	}

	/**
	 * Verifies the signature and parses the event.
	 * @param request the webhook request
	 * @param defaultProvider the provider name to use when the body names none
	 * @return the event
	 * @throws WebhookAuthenticationException if the signature is missing or wrong, or no
	 * secret is configured
	 * @throws InvalidWebhookException if the body is not a valid event
	 */
	public WebhookParseResult parse(WebhookRequest request, String defaultProvider) {
		verify(request);
		JsonNode body = readBody(request);
		String provider = text(body, "provider");
		provider = (provider != null) ? provider : defaultProvider;
		String messageId = required(body, "message_id");
		Instant timestamp = timestamp(body);
		String status = text(body, "status");
		if (status != null) {
			return WebhookParseResult.of(provider, new StatusUpdate(provider, messageId, parseStatus(status), status,
					text(body, "error_code"), text(body, "error_message"), timestamp));
		}
		String from = required(body, "from");
		String text = (text(body, "body") != null) ? text(body, "body") : "";
		return WebhookParseResult.of(provider, new InboundMessage(provider, messageId, toE164(from), from,
				toE164OrNull(text(body, "to")), text(body, "contact_name"), text, "text", List.of(), null, timestamp));
	}

	/**
	 * Computes the signature header value of a body.
	 * @param secret the shared secret
	 * @param body the raw body
	 * @return {@code sha256=} followed by the hex HMAC-SHA256
	 */
	public static String sign(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return SIGNATURE_PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private void verify(WebhookRequest request) {
		if (this.secret == null || this.secret.isEmpty()) {
			throw new WebhookAuthenticationException(
					"generic JSON webhooks are disabled; set WEBHOOK_SIGNING_SECRET to accept them");
		}
		String signature = request.header(SIGNATURE_HEADER);
		if (signature == null) {
			throw new WebhookAuthenticationException(SIGNATURE_HEADER + " header is missing");
		}
		byte[] expected = sign(this.secret, request.body()).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII))) {
			throw new WebhookAuthenticationException(SIGNATURE_HEADER + " does not match the body");
		}
	}

	private JsonNode readBody(WebhookRequest request) {
		try {
			JsonNode body = this.jsonMapper.readTree(request.body());
			if (body == null || !body.isObject()) {
				throw new InvalidWebhookException("webhook body must be a JSON object");
			}
			return body;
		}
		catch (JacksonException ex) {
			throw new InvalidWebhookException("webhook body is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static MessageStatus parseStatus(String status) {
		try {
			return MessageStatus.fromValue(status);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWebhookException("status '" + status + "' is not one of queued, sending, sent,"
					+ " delivered, read, failed, undelivered");
		}
	}

	private static Instant timestamp(JsonNode body) {
		String timestamp = text(body, "timestamp");
		if (timestamp == null) {
			return Instant.now();
		}
		try {
			return Instant.parse(timestamp);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidWebhookException("timestamp '" + timestamp + "' is not an ISO-8601 instant");
		}
	}

	private static String toE164(String phone) {
		try {
			return PhoneNumbers.toE164(phone);
		}
		catch (InvalidPhoneNumberException ex) {
			throw new InvalidWebhookException("from: " + ex.getMessage());
		}
	}

	private static String toE164OrNull(String phone) {
		return (phone != null) ? toE164(phone) : null;
	}

	private static String required(JsonNode body, String field) {
		String value = text(body, field);
		if (value == null || value.isBlank()) {
			throw new InvalidWebhookException(field + " is missing");
		}
		return value;
	}

	private static String text(JsonNode body, String field) {
		JsonNode node = body.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isValueNode()) {
			throw new InvalidWebhookException(field + " must be a string, not " + node.getNodeType());
		}
		return node.asString();
	}

}
