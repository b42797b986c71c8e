package com.reachtown.dispatcher.support;

import java.nio.charset.StandardCharsets;

import com.reachtown.dispatcher.provider.GenericJsonWebhook;

/**
 * Builds and signs webhooks in the generic JSON format.
 */
public final class GenericWebhooks {

	public static final String SECRET = "test-webhook-secret";

	private GenericWebhooks() {
	}

	public static String inbound(String from, String body, String messageId) {
		return """
				{"provider":"mock","from":"%s","body":"%s","message_id":"%s","timestamp":"2026-11-26T00:30:00Z"}"""
			.formatted(from, body, messageId);
	}

	public static String status(String messageId, String status) {
		return """
				{"provider":"mock","message_id":"%s","status":"%s","timestamp":"2026-11-26T00:30:30Z"}"""
			.formatted(messageId, status);
	}

	public static String signature(String json) {
		return GenericJsonWebhook.sign(SECRET, json.getBytes(StandardCharsets.UTF_8));
	}

}
