package com.reachtown.dispatcher.forward;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parser of the HTTP {@code Retry-After} header (RFC 9110, section 10.2.3), which is
 * either a number of seconds or an HTTP date.
 */
final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * Parses a {@code Retry-After} value into the wait it requests.
	 * @param value the header value, or {@code null} if the response had none
	 * @param now the current time, to turn a date into a wait
	 * @return the wait, {@link Duration#ZERO} for a date in the past, or {@code null} if
	 * the value is missing or invalid
	 */
	static Duration parse(String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}

		String trimmed = value.trim();
		if (trimmed.chars().allMatch(Character::isDigit)) {
			return parseSeconds(trimmed);
		}
		return parseDate(trimmed, now);
	}

	private static Duration parseSeconds(String seconds) {
		try {
			return Duration.ofSeconds(Long.parseLong(seconds));
		}
		catch (NumberFormatException ex) {
			// The number does not fit in a long, so there is no usable wait.
			return null;
		}
	}

	private static Duration parseDate(String date, Instant now) {
		try {
			Instant until = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration wait = Duration.between(now, until);
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
