package com.reachtown.dispatcher.provider;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

/**
 * Reads the event times that WhatsApp gateways put in their webhooks: Unix seconds, Unix
 * milliseconds, Protobuf {@code Long} objects and ISO-8601 text.
 */
public final class WebhookTimestamps {

	/** Values above this are taken as milliseconds: 10^12 ms is September 2001. */
	private static final long MILLISECONDS_THRESHOLD = 1_000_000_000_000L;

	private WebhookTimestamps() {
	}

	/**
	 * Converts a Unix time to an instant.
	 * @param node a number or numeric text in seconds or milliseconds, or a Protobuf
	 * {@code Long} written as {@code {low, high}} (how Baileys serializes a
	 * {@code messageTimestamp} it did not convert); may be {@code null}
	 * @return the instant, or {@code null} when the node is missing, {@code null}, zero
	 * or not a Unix time
	 */
	public static Instant fromUnixTime(JsonNode node) {
		Long value = longValue(node);
		if (value == null || value <= 0) {
			return null;
		}
		return (value > MILLISECONDS_THRESHOLD) ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
	}

	/**
	 * Parses ISO-8601 text with an offset ({@code 2025-04-24T18:12:31.000Z} or
	 * {@code 2025-04-24T15:12:31.000-03:00}).
	 * @param node a text node; may be {@code null}
	 * @return the instant, or {@code null} when the node is missing or not such text
	 */
	public static Instant fromIsoText(JsonNode node) {
		if (node == null || !node.isString()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(node.asString()).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static Long longValue(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isIntegralNumber()) {
			return node.asLong();
		}
		if (node.isString()) {
			return parseDigits(node.asString().strip());
		}
		if (node.isObject() && node.has("low")) {
			long low = node.get("low").asLong() & 0xFFFF_FFFFL;
			long high = node.has("high") ? node.get("high").asLong() : 0;
			return (high << 32) | low;
		}
		return null;
	}

	private static Long parseDigits(String text) {
		if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 18) {
			return null;
		}
		return Long.parseLong(text);
	}

}
