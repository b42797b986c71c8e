package com.reachtown.dispatcher.forward;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	@ParameterizedTest(name = "\"{0}\" -> {1}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			120                           | PT2M
			' 7 '                         | PT7S
			0                             | PT0S
			Sun, 01 Mar 2026 12:01:30 GMT | PT1M30S
			Sun, 01 Mar 2026 11:59:00 GMT | PT0S
			''                            | null
			-5                            | null
			1.5                           | null
			soon                          | null
			99999999999999999999          | null
			""")
	void parseReturnsWaitOrNull(String value, Duration expected) {
		assertThat(RetryAfter.parse(value, NOW)).isEqualTo(expected);
	}

	@Test
	void parseReturnsNullForMissingHeader() {
		assertThat(RetryAfter.parse(null, NOW)).isNull();
	}

}
