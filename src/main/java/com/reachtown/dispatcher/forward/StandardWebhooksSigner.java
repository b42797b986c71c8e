package com.reachtown.dispatcher.forward;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests with the symmetric scheme of the Standard Webhooks specification
 * (standardwebhooks.com): {@code webhook-signature} is {@code v1,} followed by the base64
 * HMAC-SHA256 of {@code {webhook-id}.{webhook-timestamp}.{body}}, keyed with the base64
 * decoded secret that follows the {@code whsec_} prefix.
 */
class StandardWebhooksSigner {

	static final String ID_HEADER = "webhook-id";

	static final String TIMESTAMP_HEADER = "webhook-timestamp";

	static final String SIGNATURE_HEADER = "webhook-signature";

	private static final String SECRET_PREFIX = "whsec_";

	/** Minimum key length, in bytes, that the specification allows for HMAC-SHA256. */
	private static final int MIN_KEY_BYTES = 24;

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	/**
	 * Creates a signer for the given secret.
	 * @param secret the secret as {@code whsec_} followed by base64; the prefix may be
	 * left out
	 * @throws IllegalArgumentException if the secret is not base64 or decodes to fewer
	 * than 24 bytes; the message never contains the secret
	 */
	StandardWebhooksSigner(String secret) {
		this.key = new SecretKeySpec(decodeKey(secret), ALGORITHM);
	}

	/**
	 * Computes the {@code webhook-signature} value of one request.
	 * @param webhookId the event id sent in {@code webhook-id}; it must not contain a
	 * {@code .}, which separates the signed parts
	 * @param timestamp the time sent in {@code webhook-timestamp}, truncated to seconds
	 * @param body the exact bytes of the request body
	 * @return the header value, {@code v1,<base64 signature>}
	 */
	String sign(String webhookId, Instant timestamp, byte[] body) {
		checkWebhookId(webhookId);

		Mac mac = newMac();
		mac.update((webhookId + "." + timestamp.getEpochSecond() + ".").getBytes(StandardCharsets.UTF_8));
		byte[] signature = mac.doFinal(body);

		return "v1," + Base64.getEncoder().encodeToString(signature);
	}

	/**
	 * Checks that an id can be signed.
	 * @param webhookId the id to send in {@code webhook-id}
	 * @throws IllegalArgumentException if the id contains {@code .}
	 */
	static void checkWebhookId(String webhookId) {
		if (webhookId.indexOf('.') >= 0) {
			throw new IllegalArgumentException("Invalid webhook id '" + webhookId
					+ "', because '.' separates the signed parts and must not appear in it");
		}
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac;
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			// Every Java runtime must provide HmacSHA256, and the key was accepted once.
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	private static byte[] decodeKey(String secret) {
		String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
		byte[] key;
		try {
			key = Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"The Standard Webhooks signing secret is not base64. Expected 'whsec_' followed by base64.", ex);
		}
		if (key.length < MIN_KEY_BYTES) {
			throw new IllegalArgumentException("The Standard Webhooks signing secret decodes to " + key.length
					+ " bytes, but at least " + MIN_KEY_BYTES + " are required. Generate a longer secret.");
		}
		return key;
	}

}
